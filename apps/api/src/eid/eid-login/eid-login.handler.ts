import { Inject, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { verifySignature } from '@certdesk/pki';
import { AccountChoice } from '../../auth/account-choice.js';
import type { LoginResult } from '../../auth/login/login.command.js';
import { SessionIssuer } from '../../auth/session-issuer.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { UsersRepository } from '../../users/users.repository.js';
import { EidCertificateChecks } from '../eid-certificate-checks.js';
import { EidCertificatesSeen } from '../eid-certificates-seen.js';
import { EidChallenges } from '../eid-challenges.js';
import { EidUsedNonces } from '../eid-used-nonces.js';
import { webEidSignedData } from '../web-eid.js';
import { EidLoginCommand } from './eid-login.command.js';

/** Every refusal of an eID log-in: 401 with its own code, and nothing written. */
function refuse(code: string, message: string): never {
  throw new UnauthorizedException({ statusCode: 401, code, message });
}

const refuseReused = (): never =>
  refuse('EID_NONCE_REUSED', 'This challenge was used already: ask for a new one.');

@CommandHandler(EidLoginCommand)
export class EidLoginHandler implements ICommandHandler<EidLoginCommand> {
  /** Where the dashboard runs: the origin the card-bridge binds into what the card signs. */
  private readonly origin: string;

  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly choice: AccountChoice,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly challenges: EidChallenges,
    private readonly usedNonces: EidUsedNonces,
    private readonly certificates: EidCertificateChecks,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
    private readonly eidsSeen: EidCertificatesSeen,
  ) {
    this.origin = new URL(config.publicUrl).origin;
  }

  async execute({ nonce, token, requestOrigin, userId }: EidLoginCommand): Promise<LoginResult> {
    const now = this.clock.now();
    if (requestOrigin !== undefined && requestOrigin !== this.origin) {
      refuse(
        'EID_ORIGIN_MISMATCH',
        `This log-in comes from ${requestOrigin}; Certdesk runs at ${this.origin}.`,
      );
    }
    const challenge = this.challenges.open(nonce, now);
    if (!challenge.ok) refuse(challenge.reason, challenge.message);
    if (await this.usedNonces.isUsed(challenge.value)) refuseReused();

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

    // The card opens the log-ins of the people who carry its SSIN; of several, the holder picks one (the choice
    // leaves the challenge unused, so the same answer is sent again with userId).
    const logins = await this.users.withSsin(this.transactions.manager, ssin);
    const user = await this.choice.pick(
      logins.filter((u) => !u.disabled),
      userId,
    );
    if (!user) refuse('EID_NO_USER', 'No Certdesk user belongs to the holder of this eID card.');

    // Consumed last, once every check passed (a refusal leaves the challenge usable), and atomically.
    if (!(await this.usedNonces.consume(challenge.value, now))) refuseReused();
    await this.eidsSeen.record(this.transactions.manager, user.personId, certificate.der, 'eid-login', now);
    return this.sessions.open(user.id, this.config.sessionTtlHours, now);
  }
}
