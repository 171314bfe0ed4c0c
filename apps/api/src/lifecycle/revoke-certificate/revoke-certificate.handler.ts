import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  brusselsDate,
  OPEN_RENEWAL_STATES,
  REVOCATION_REASON_DETAILS,
  startOfBrusselsDay,
} from '@certdesk/domain';
import {
  CertificateEntity,
  type NewRequestEntity,
  RenewalCaseEntity,
  RevocationEntity,
} from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { CertificateView } from '../../certificates/certificate-view.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Outbox } from '../../outbox/outbox.js';
import type { RevocationDto } from '../lifecycle.dto.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { NewRequestView } from '../lifecycle-views.js';
import { NewRequestOpener } from '../open-new-request/new-request-opener.js';
import { RevokeCertificateCommand } from './revoke-certificate.command.js';

const DAY = 86_400_000;

/** The instant a Brussels calendar date begins: when the certificate counts as revoked. */
function startOfDate(date: string): Date {
  return startOfBrusselsDay(Date.parse(`${date}T00:00:00Z`) / DAY);
}

@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly certificateView: CertificateView,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly opener: NewRequestOpener,
    private readonly newRequestView: NewRequestView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, certificateId, input }: RevokeCertificateCommand): Promise<RevocationDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(
        manager,
        actor,
        certificateId,
        'certificate.lifecycle',
        {
          forUpdate: true,
        },
      );
      if (certificate.state === 'revoked') {
        throw new ConflictError(
          'ALREADY_REVOKED',
          `This certificate was already revoked${certificate.revokedAt ? ` on ${brusselsDate(certificate.revokedAt)}` : ''}.`,
        );
      }
      const now = this.clock.now();
      if (input.revokedOn > brusselsDate(now)) {
        throw new UnprocessableError(
          'DATE_IN_FUTURE',
          'revokedOn: record a revocation once it is done, not before.',
        );
      }
      const note = input.note?.trim() || null;
      const revokedAt = startOfDate(input.revokedOn);

      const abandonedRenewalCaseId = await this.abandonOpenRenewal(
        manager,
        actor,
        certificate,
        input.reason,
        now,
      );
      await manager
        .getRepository(CertificateEntity)
        .update({ id: certificateId }, { state: 'revoked', revokedAt, revocationReason: input.reason });
      const newRequest =
        (input.openNewRequest ?? true) ? await this.openReplacement(manager, actor, certificate, now) : null;
      const inserted = await manager.getRepository(RevocationEntity).insert({
        organisationId: certificate.organisationId,
        certificateId,
        reason: input.reason,
        revokedOn: input.revokedOn,
        note: note ?? '',
        recordedById: actor.userId,
        recordedAt: now,
        newRequestId: newRequest?.id ?? null,
      });
      await this.audit.append(
        manager,
        actor,
        {
          action: LIFECYCLE_ACTIONS.certificateRevoked,
          organisationId: certificate.organisationId,
          certificateId,
          before: { state: certificate.state, revokedAt: null, revocationReason: null },
          after: {
            state: 'revoked',
            revokedAt,
            revocationReason: input.reason,
            revokedOn: input.revokedOn,
            newRequestId: newRequest?.id ?? null,
            note,
          },
        },
        now,
      );
      await this.outbox.add(manager, 'certificate.revoked', {
        organisationId: certificate.organisationId,
        certificateId,
        reason: input.reason,
        revokedOn: input.revokedOn,
        newRequestId: newRequest?.id ?? null,
      });

      const revocation = await manager
        .getRepository(RevocationEntity)
        .findOneByOrFail({ id: String(inserted.identifiers[0]!.id) });
      const updated = await manager.getRepository(CertificateEntity).findOneByOrFail({ id: certificateId });
      const [certificateDto] = await this.certificateView.load(manager, [updated], now);
      return {
        id: revocation.id,
        certificateId,
        reason: revocation.reason,
        ehealthReason: REVOCATION_REASON_DETAILS[input.reason].ehealthReason,
        revokedOn: revocation.revokedOn,
        note: revocation.note,
        recordedAt: revocation.recordedAt.toISOString(),
        recordedById: revocation.recordedById,
        certificate: certificateDto!,
        newRequest: newRequest ? await this.newRequestView.loadOne(manager, newRequest) : null,
        abandonedRenewalCaseId,
      };
    });
  }

  /** A revoked certificate will not be renewed: its open renewal, if any, is abandoned (and audited as such). */
  private async abandonOpenRenewal(
    manager: EntityManager,
    actor: Actor,
    certificate: CertificateEntity,
    reason: string,
    now: Date,
  ): Promise<string | null> {
    const repo = manager.getRepository(RenewalCaseEntity);
    const open = await repo
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.certificateId = :certificateId AND r.state IN (:...states)', {
        certificateId: certificate.id,
        states: OPEN_RENEWAL_STATES,
      })
      .getOne();
    if (!open) return null;
    const abandonReason = `The certificate was revoked (${reason}).`;
    await repo.update({ id: open.id }, { state: 'abandoned', stateChangedAt: now, abandonReason });
    await this.audit.append(
      manager,
      actor,
      {
        action: LIFECYCLE_ACTIONS.renewalAbandoned,
        organisationId: certificate.organisationId,
        certificateId: certificate.id,
        before: { renewalCaseId: open.id, state: open.state },
        after: { renewalCaseId: open.id, state: 'abandoned', note: abandonReason },
      },
      now,
    );
    return open.id;
  }

  /** The replacement is requested for the same identifier and application ID. */
  private async openReplacement(
    manager: EntityManager,
    actor: Actor,
    certificate: CertificateEntity,
    now: Date,
  ): Promise<NewRequestEntity | null> {
    if (!certificate.identifierType || !certificate.identifierValue) {
      throw new UnprocessableError(
        'NO_EHEALTH_IDENTIFIER',
        'This certificate has no eHealth identifier to request a replacement for: revoke it with openNewRequest false.',
      );
    }
    return this.opener.open(
      manager,
      actor,
      {
        organisationId: certificate.organisationId,
        identifierType: certificate.identifierType,
        identifierValue: certificate.identifierValue,
        applicationId: certificate.applicationId,
        replacesCertificateId: certificate.id,
        note: `Replaces the revoked certificate ${certificate.identifierType}=${certificate.identifierValue}${certificate.applicationId ? `, ${certificate.applicationId}` : ''}.`,
      },
      now,
    );
  }
}
