import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CUSTODY_FAILURE_TEXT } from '@certdesk/domain';
import { PersonEntity, type CertificateEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import {
  toCustodyAttestationDto,
  type CustodyAttestationDto,
  type RecordCustodyAttestationDto,
} from '../custody-attestation.dto.js';
import { CustodyAttestationsRepository } from '../custody-attestations.repository.js';
import { RecordCustodyAttestationCommand } from './record-custody-attestation.command.js';

/** A check is posted as soon as the bridge made it: a clock a few minutes fast is tolerated, a stale report is not. */
const MAX_AHEAD_MS = 5 * 60_000;
const MAX_BEHIND_MS = 24 * 3_600_000;

@CommandHandler(RecordCustodyAttestationCommand)
export class RecordCustodyAttestationHandler implements ICommandHandler<RecordCustodyAttestationCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly attestations: CustodyAttestationsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    certificateId,
    input,
  }: RecordCustodyAttestationCommand): Promise<CustodyAttestationDto> {
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      // Any role of the organisation may be its custodian; another tenant's certificate is a 404 like a missing one.
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.read', {
        forUpdate: true,
      });
      requireCustodian(actor, certificate);
      const checkedAt = checkTime(input.checkedAt, now);
      const fingerprints = [...new Set(input.keystoreCertificateFingerprints)];
      requireConsistentOutcome(input, certificate, fingerprints);

      const row = await this.attestations.add(manager, {
        certificateId,
        personId: actor.personId,
        submittedById: actor.userId,
        outcome: input.outcome,
        failure: input.outcome === 'failed' ? (input.failure ?? null) : null,
        checkedAt,
        recordedAt: now,
        keystoreCertificateFingerprints: fingerprints,
        etkPublicKeyFingerprint: input.etkPublicKeyFingerprint ?? null,
      });
      await this.audit.append(manager, actor, {
        action: row.outcome === 'opened' ? 'custody.attested' : 'custody.attempt-failed',
        organisationId: certificate.organisationId,
        certificateId,
        after: {
          attestationId: row.id,
          outcome: row.outcome,
          failure: row.failure,
          checkedAt: row.checkedAt.toISOString(),
          keystoreCertificateFingerprints: row.keystoreCertificateFingerprints,
          etkPublicKeyFingerprint: row.etkPublicKeyFingerprint,
        },
      });
      const person = await manager.getRepository(PersonEntity).findOneByOrFail({ id: actor.personId });
      return toCustodyAttestationDto(row, { id: person.id, name: person.name });
    });
  }
}

/** Only the named custodian vouches for the password: anyone else's check, opened or failed, says nothing of it. */
function requireCustodian(actor: Actor, certificate: CertificateEntity): void {
  if (!certificate.passwordCustodianId) {
    throw new ForbiddenException({
      statusCode: 403,
      code: 'NOT_PASSWORD_CUSTODIAN',
      message: 'No password custodian is named for this certificate: name one first; only they can attest.',
    });
  }
  if (certificate.passwordCustodianId !== actor.personId) {
    throw new ForbiddenException({
      statusCode: 403,
      code: 'NOT_PASSWORD_CUSTODIAN',
      message: "Only the certificate's password custodian can attest that its keystore opens.",
    });
  }
  if (certificate.state !== 'active') {
    throw new ConflictError(
      'CERTIFICATE_NOT_ACTIVE',
      `This certificate is ${certificate.state}: check the keystore of the certificate that replaced it.`,
    );
  }
}

function checkTime(value: string, now: Date): Date {
  const checkedAt = new Date(value);
  if (Number.isNaN(checkedAt.getTime())) {
    throw new UnprocessableError('INVALID_CHECKED_AT', 'checkedAt: not a time that exists.');
  }
  if (checkedAt.getTime() > now.getTime() + MAX_AHEAD_MS) {
    throw new UnprocessableError(
      'CHECKED_AT_IN_FUTURE',
      "checkedAt is in the future: check the PC's clock and try again.",
    );
  }
  if (checkedAt.getTime() < now.getTime() - MAX_BEHIND_MS) {
    throw new UnprocessableError(
      'CHECKED_AT_TOO_OLD',
      'checkedAt is more than 24 hours ago: check the keystore again, then send the new result.',
    );
  }
  return checkedAt;
}

/** An "opened" check proves the password of this certificate's keystore only when the keystore holds this certificate. */
function requireConsistentOutcome(
  input: RecordCustodyAttestationDto,
  certificate: CertificateEntity,
  fingerprints: string[],
): void {
  if (input.outcome === 'opened' && input.failure) {
    throw new UnprocessableError(
      'FAILURE_WITHOUT_FAILED_OUTCOME',
      `failure (${CUSTODY_FAILURE_TEXT[input.failure]}) goes only with outcome "failed".`,
    );
  }
  if (input.outcome === 'opened' && !fingerprints.includes(certificate.sha256Fingerprint)) {
    throw new UnprocessableError(
      'DIFFERENT_KEYSTORE',
      'The keystore that opened does not hold this certificate: it is a different keystore. ' +
        'Check the keystore this certificate lives in.',
    );
  }
}
