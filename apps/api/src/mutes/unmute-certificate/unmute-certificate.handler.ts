import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { isMuteInForce } from '@certdesk/domain';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { MUTE_ACTIONS, muteAuditSummary } from '../mute-actions.js';
import { MutesRepository } from '../mutes.repository.js';
import { UnmuteCertificateCommand } from './unmute-certificate.command.js';

@CommandHandler(UnmuteCertificateCommand)
export class UnmuteCertificateHandler implements ICommandHandler<UnmuteCertificateCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly mutes: MutesRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  execute({ actor, certificateId, options }: UnmuteCertificateCommand): Promise<void> {
    const work = async (manager: EntityManager): Promise<void> => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.mute', {
        forUpdate: true,
      });
      const now = this.clock.now();
      const target = {
        organisationId: certificate.organisationId,
        certificateId,
        warningCode: options.warningCode ?? null,
      };
      const mute = await this.mutes.findNotUnmuted(manager, target);
      const renewalStates = mute ? await this.mutes.renewalStates(manager, certificateId) : [];
      if (!mute || !isMuteInForce(mute, { state: certificate.state, renewalStates }, now))
        throw new ConflictError('NOT_MUTED', 'Nothing is muted here: no mute is in force.');
      await this.mutes.markUnmuted(manager, mute.id, actor.userId, now);
      await this.audit.append(
        manager,
        actor,
        {
          action: MUTE_ACTIONS.certificateUnmuted,
          organisationId: certificate.organisationId,
          certificateId,
          before: { ...muteAuditSummary(mute), until: mute.until.toISOString() },
          after: { muteId: mute.id, unmutedAt: now.toISOString() },
        },
        now,
      );
    };
    return options.manager ? work(options.manager) : this.transactions.run(work);
  }
}
