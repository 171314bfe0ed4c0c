import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { applyRenewalAction, type RenewalAction, type RenewalState } from '@certdesk/domain';
import { RenewalCaseEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { ConflictError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { CutOverLinks } from '../../cut-over/cut-over-links.js';
import { Outbox } from '../../outbox/outbox.js';
import { CaseLoader } from '../case-loaders.js';
import type { RenewalCaseDto } from '../lifecycle.dto.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { RenewalCaseView } from '../lifecycle-views.js';
import { AdvanceRenewalCommand } from './advance-renewal.command.js';
import { announcePhaseRecorded, announceRenewed } from './renewal-etk-activation.js';

const AUDIT_ACTION: Record<RenewalAction, string> = {
  complete: LIFECYCLE_ACTIONS.renewalCompleted,
  'activate-etk': LIFECYCLE_ACTIONS.renewalEtkActivated,
  'update-deployments': LIFECYCLE_ACTIONS.renewalDeploymentsUpdated,
  abandon: LIFECYCLE_ACTIONS.renewalAbandoned,
};

@CommandHandler(AdvanceRenewalCommand)
export class AdvanceRenewalHandler implements ICommandHandler<AdvanceRenewalCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseLoader,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly view: RenewalCaseView,
    private readonly cutOver: CutOverLinks,
  ) {}

  async execute({ actor, caseId, action, note }: AdvanceRenewalCommand): Promise<RenewalCaseDto> {
    return this.db.transaction(async (manager) => {
      const renewal = await this.cases.renewal(manager, actor, caseId, 'certificate.lifecycle', {
        forUpdate: true,
      });
      const from = renewal.state as RenewalState;
      const result = applyRenewalAction(from, action);
      if (!result.ok) throw new ConflictError(result.reason, result.message);
      const to = result.value;
      const now = this.clock.now();
      await manager
        .getRepository(RenewalCaseEntity)
        .update(
          { id: renewal.id },
          { state: to, stateChangedAt: now, ...(action === 'abandon' ? { abandonReason: note } : {}) },
        );
      await this.audit.append(
        manager,
        actor,
        {
          action: AUDIT_ACTION[action],
          organisationId: renewal.organisationId,
          certificateId: renewal.certificateId,
          before: { renewalCaseId: renewal.id, state: from },
          after: { renewalCaseId: renewal.id, state: to, note },
        },
        now,
      );
      await announcePhaseRecorded(manager, this.outbox, renewal, to);
      if (action === 'activate-etk') {
        await announceRenewed(manager, this.outbox, renewal);
        await this.cutOver.issue(manager, renewal, now);
      }
      return this.view.loadOne(
        manager,
        await manager.getRepository(RenewalCaseEntity).findOneByOrFail({ id: caseId }),
      );
    });
  }
}
