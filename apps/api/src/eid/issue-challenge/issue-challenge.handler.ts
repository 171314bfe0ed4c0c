import { randomBytes } from 'node:crypto';
import { ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EID_AUTHENTICATION_MIN_NONCE_BYTES } from '@certdesk/contracts';
import { EidChallengeEntity } from '@certdesk/persistence';
import { TokenHasher } from '../../auth/token-hasher.js';
import { Clock } from '../../core/clock.js';
import type { EidChallengeDto } from '../eid.dto.js';
import { EidTrustStore } from '../eid-trust-store.js';
import { IssueChallengeCommand } from './issue-challenge.command.js';

export const EID_CHALLENGE_LIFETIME_MS = 5 * 60_000;
/** Expired challenges are kept this long, so a late log-in hears "expired" rather than "unknown". */
const EXPIRED_CHALLENGE_RETENTION_MS = 24 * 3600_000;

@CommandHandler(IssueChallengeCommand)
export class IssueChallengeHandler implements ICommandHandler<IssueChallengeCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenHasher,
    private readonly trust: EidTrustStore,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<EidChallengeDto> {
    if (!this.trust.get()) {
      throw new ServiceUnavailableException({
        statusCode: 503,
        code: 'EID_NOT_CONFIGURED',
        message: 'eID log-in is not set up on this Certdesk (EID_TRUST_ANCHORS is not configured).',
      });
    }
    const now = this.clock.now();
    const nonce = randomBytes(EID_AUTHENTICATION_MIN_NONCE_BYTES).toString('base64');
    const expiresAt = new Date(now.getTime() + EID_CHALLENGE_LIFETIME_MS);
    const repo = this.db.getRepository(EidChallengeEntity);
    await repo.insert({ nonceHash: this.tokens.hash(nonce), issuedAt: now, expiresAt, usedAt: null });
    // Anyone may ask for a challenge: old ones are purged as new ones are issued.
    await repo
      .createQueryBuilder()
      .delete()
      .where('expires_at < :before', { before: new Date(now.getTime() - EXPIRED_CHALLENGE_RETENTION_MS) })
      .execute();
    return { nonce, expiresAt: expiresAt.toISOString() };
  }
}
