import { ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../core/clock.js';
import { EidChallenges } from '../eid-challenges.js';
import type { EidChallengeDto } from '../eid.dto.js';
import { EidTrustStore } from '../eid-trust-store.js';
import { IssueChallengeCommand } from './issue-challenge.command.js';

/** Anyone may ask for a challenge, so issuing one writes nothing (EidChallenges: the nonce carries its own proof). */
@CommandHandler(IssueChallengeCommand)
export class IssueChallengeHandler implements ICommandHandler<IssueChallengeCommand> {
  constructor(
    private readonly challenges: EidChallenges,
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
    const { nonce, expiresAt } = this.challenges.issue(this.clock.now());
    return { nonce, expiresAt: expiresAt.toISOString() };
  }
}
