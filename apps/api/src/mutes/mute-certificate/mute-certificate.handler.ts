import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { checkMuteInput, muteLapse } from '@certdesk/domain';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { WARNING_CODES } from '../../warnings/warnings-sql.js';
import { MUTE_ACTIONS, muteAuditSummary } from '../mute-actions.js';
import type { MuteDto } from '../mutes.dto.js';
import { MutesRepository } from '../mutes.repository.js';
import { MuteCertificateCommand } from './mute-certificate.command.js';

const LAPSED_AT_ONCE: Record<string, { code: string; message: string }> = {
  revoked: {
    code: 'CERTIFICATE_REVOKED',
    message: 'This certificate is revoked: it gets no reminders to mute.',
  },
  renewed: {
    code: 'CERTIFICATE_RENEWED',
    message:
      'This certificate is renewed (a successor or a completed renewal): it gets no reminders to mute.',
  },
};

@CommandHandler(MuteCertificateCommand)
export class MuteCertificateHandler implements ICommandHandler<MuteCertificateCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly mutes: MutesRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  execute({ actor, certificateId, input, options }: MuteCertificateCommand): Promise<MuteDto> {
    const work = async (manager: EntityManager): Promise<MuteDto> => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.mute', {
        forUpdate: true,
      });
      const warningCode = options.warningCode ?? null;
      if (warningCode !== null && !(WARNING_CODES as readonly string[]).includes(warningCode))
        throw new UnprocessableError('UNKNOWN_WARNING', `${warningCode} is not a warning code.`);
      const now = this.clock.now();
      const checked = checkMuteInput(input, now);
      if (!checked.ok) throw new UnprocessableError(checked.reason, checked.message);
      const mute = checked.value;

      const renewalStates = await this.mutes.renewalStates(manager, certificateId);
      const lapse = muteLapse(
        { until: mute.until, unmutedAt: null },
        { state: certificate.state, renewalStates },
        now,
      );
      if (lapse !== null)
        throw new ConflictError(LAPSED_AT_ONCE[lapse]!.code, LAPSED_AT_ONCE[lapse]!.message);
      if (mute.replacedByCertificateId === certificate.id)
        throw new UnprocessableError('REPLACEMENT_IS_ITSELF', 'A certificate does not replace itself.');
      if (mute.replacedByCertificateId !== null)
        await this.mutes.requireReplacementIn(
          manager,
          certificate.organisationId,
          mute.replacedByCertificateId,
        );

      const target = { organisationId: certificate.organisationId, certificateId, warningCode };
      const { id, previous } = await this.mutes.replace(manager, target, mute, actor.userId, now);
      await this.audit.append(
        manager,
        actor,
        {
          action: MUTE_ACTIONS.certificateMuted,
          organisationId: certificate.organisationId,
          certificateId,
          before: previous ? muteAuditSummary(previous) : null,
          after: { ...muteAuditSummary({ id, warningCode, ...mute }), until: mute.until.toISOString() },
        },
        now,
      );
      return this.mutes.loadOne(manager, id);
    };
    return options.manager ? work(options.manager) : this.transactions.run(work);
  }
}
