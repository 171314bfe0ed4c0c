import { Inject, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EidChallengeEntity, PersonEntity, UserEntity } from '@certdesk/persistence';
import { verifySignature } from '@certdesk/pki';
import type { LoginResult } from '../../auth/login/login.command.js';
import { SessionIssuer } from '../../auth/session-issuer.js';
import { TokenHasher } from '../../auth/token-hasher.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import { EidCertificateChecks } from '../eid-certificate-checks.js';
import { webEidSignedData } from '../web-eid.js';
import { EidLoginCommand } from './eid-login.command.js';

/** Every refusal of an eID log-in: 401 with its own code, and nothing written. */
function refuse(code: string, message: string): never {
  throw new UnauthorizedException({ statusCode: 401, code, message });
}

@CommandHandler(EidLoginCommand)
export class EidLoginHandler implements ICommandHandler<EidLoginCommand> {
  /** Where the dashboard runs: the origin the card-bridge binds into what the card signs. */
  private readonly origin: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenHasher,
    private readonly certificates: EidCertificateChecks,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
  ) {
    this.origin = new URL(config.publicUrl).origin;
  }

  async execute({ nonce, token, requestOrigin }: EidLoginCommand): Promise<LoginResult> {
    const now = this.clock.now();
    if (requestOrigin !== undefined && requestOrigin !== this.origin) {
      refuse(
        'EID_ORIGIN_MISMATCH',
        `This log-in comes from ${requestOrigin}; Certdesk runs at ${this.origin}.`,
      );
    }
    const challenges = this.db.getRepository(EidChallengeEntity);
    const challenge = await challenges.findOneBy({ nonceHash: this.tokens.hash(nonce) });
    if (!challenge)
      refuse('EID_NONCE_UNKNOWN', 'This challenge was not issued by Certdesk: ask for a new one.');
    this.refuseSpentChallenge(challenge, now);

    const checked = await this.certificates.check(
      Buffer.from(token.unverifiedCertificate, 'base64'),
      'authentication',
      now,
    );
    if (!checked.ok) refuse(checked.reason, checked.message);
    const { certificate, ssin } = checked.value;
    const signatureValid = await verifySignature({
      certificateDer: certificate.der,
      data: webEidSignedData(this.origin, nonce, token.algorithm),
      signature: Buffer.from(token.signature, 'base64'),
      algorithm: token.algorithm,
    });
    if (!signatureValid) {
      refuse(
        'EID_SIGNATURE_INVALID',
        `The signature does not match this challenge for ${this.origin} and this certificate.`,
      );
    }

    const user = await this.userWithSsin(ssin);
    if (!user) refuse('EID_NO_USER', 'No Certdesk user belongs to the holder of this eID card.');

    // Consumed atomically: of two log-ins racing with one nonce, exactly one updates the row.
    const consumed = await challenges
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND expires_at > :now', { id: challenge.id, now })
      .execute();
    if (consumed.affected !== 1) {
      this.refuseSpentChallenge(await challenges.findOneByOrFail({ id: challenge.id }), now);
      refuse('EID_NONCE_REUSED', 'This challenge was used already: ask for a new one.');
    }
    return this.sessions.open(user.id, this.config.sessionTtlHours, now);
  }

  private refuseSpentChallenge(challenge: EidChallengeEntity, now: Date): void {
    if (challenge.usedAt) refuse('EID_NONCE_REUSED', 'This challenge was used already: ask for a new one.');
    if (challenge.expiresAt <= now) refuse('EID_NONCE_EXPIRED', 'This challenge expired: ask for a new one.');
  }

  private async userWithSsin(ssin: string): Promise<UserEntity | null> {
    const person = await this.db.getRepository(PersonEntity).findOneBy({ ssin });
    if (!person) return null;
    const user = await this.db.getRepository(UserEntity).findOneBy({ personId: person.id });
    return user && !user.disabled ? user : null;
  }
}
