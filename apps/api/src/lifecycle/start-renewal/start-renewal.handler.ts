import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, QueryFailedError, type DataSource } from 'typeorm';
import {
  brusselsDate,
  certificateStatus,
  INITIAL_RENEWAL_STATE,
  isCertificateUsage,
  OPEN_RENEWAL_STATES,
  RENEWAL_PHASES,
  renewableFrom,
  RENEWAL_WINDOW_DAYS,
} from '@certdesk/domain';
import { type CertificateEntity, RenewalCaseEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Outbox } from '../../outbox/outbox.js';
import { announcePhaseRecorded } from '../advance-renewal/renewal-etk-activation.js';
import type { RenewalCaseDto } from '../lifecycle.dto.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { RenewalCaseView } from '../lifecycle-views.js';
import { StartRenewalCommand } from './start-renewal.command.js';

/** Only an active certificate inside its renewable window can be renewed (libs/domain decides the window). */
function assertRenewable(certificate: CertificateEntity, now: Date): void {
  if (certificate.state === 'revoked') {
    throw new ConflictError(
      'CERTIFICATE_REVOKED',
      'This certificate is revoked: it cannot be renewed; request a new one.',
    );
  }
  if (certificate.state === 'superseded') {
    throw new ConflictError(
      'CERTIFICATE_SUPERSEDED',
      'This certificate was already replaced by its renewal: renew the newer certificate instead.',
    );
  }
  const status = certificateStatus(certificate, now);
  if (status === 'expired') {
    throw new UnprocessableError(
      'CERTIFICATE_EXPIRED',
      `This certificate expired on ${brusselsDate(certificate.notAfter)}: an expired certificate cannot be renewed; request a new one.`,
    );
  }
  if (status !== 'renewable') {
    const from = renewableFrom(certificate.notAfter);
    throw new UnprocessableError(
      'NOT_RENEWABLE_YET',
      `This certificate can be renewed from ${from} (${RENEWAL_WINDOW_DAYS} days before it expires on ${brusselsDate(certificate.notAfter)}).`,
      { renewableFrom: from },
    );
  }
}

@CommandHandler(StartRenewalCommand)
export class StartRenewalHandler implements ICommandHandler<StartRenewalCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly view: RenewalCaseView,
  ) {}

  async execute({ actor, certificateId, input }: StartRenewalCommand): Promise<RenewalCaseDto> {
    try {
      return await this.db.transaction(async (manager) => {
        const certificate = await this.certificates.load(
          manager,
          actor,
          certificateId,
          'certificate.lifecycle',
          {
            forUpdate: true,
          },
        );
        const now = this.clock.now();
        assertRenewable(certificate, now);
        const repo = manager.getRepository(RenewalCaseEntity);
        const open = await repo.findOneBy({ certificateId, state: In([...OPEN_RENEWAL_STATES]) });
        if (open) throw alreadyOpen(open.state);

        const usages = input.usages ?? certificate.usages.filter(isCertificateUsage);
        const note = input.note?.trim() || null;
        const inserted = await repo.insert({
          organisationId: certificate.organisationId,
          certificateId,
          state: INITIAL_RENEWAL_STATE,
          usages,
          openedAt: now,
          openedById: actor.userId,
          stateChangedAt: now,
        });
        const renewalCaseId = String(inserted.identifiers[0]!.id);
        await this.audit.append(
          manager,
          actor,
          {
            action: LIFECYCLE_ACTIONS.renewalStarted,
            organisationId: certificate.organisationId,
            certificateId,
            before: null,
            after: { renewalCaseId, state: INITIAL_RENEWAL_STATE, usages, note },
          },
          now,
        );
        await announcePhaseRecorded(
          manager,
          this.outbox,
          { id: renewalCaseId, organisationId: certificate.organisationId, certificateId },
          INITIAL_RENEWAL_STATE,
        );
        return this.view.loadOne(manager, await repo.findOneByOrFail({ id: renewalCaseId }));
      });
    } catch (error) {
      // The partial unique index is the last word if two starts ever slip past the row lock.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'renewal_case_one_open'
      ) {
        throw alreadyOpen(null);
      }
      throw error;
    }
  }
}

function alreadyOpen(state: string | null): ConflictError {
  const phase = RENEWAL_PHASES.find((p) => p.state === state);
  return new ConflictError(
    'RENEWAL_ALREADY_OPEN',
    `A renewal of this certificate is already open${phase ? ` (phase ${phase.phase}: ${phase.title})` : ''}.`,
  );
}
