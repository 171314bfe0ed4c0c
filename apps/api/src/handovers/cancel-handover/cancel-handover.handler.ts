import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HandoverEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { ConflictError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { HANDOVER_ACTIONS } from '../handover-actions.js';
import type { HandoverDto } from '../handover.dto.js';
import { HandoverLoader } from '../handover-loader.js';
import { HandoverView } from '../handover-view.js';
import { CancelHandoverCommand } from './cancel-handover.command.js';

@CommandHandler(CancelHandoverCommand)
export class CancelHandoverHandler implements ICommandHandler<CancelHandoverCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly handovers: HandoverLoader,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly view: HandoverView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, handoverId, reason }: CancelHandoverCommand): Promise<HandoverDto> {
    return this.db.transaction(async (manager) => {
      const handover = await this.handovers.load(manager, actor, handoverId, 'handover.open', {
        forUpdate: true,
      });
      // Who may open it may withdraw it: an organisation administrator, the outgoing manager, whoever opened it.
      const own = actor.personId === handover.fromPersonId || actor.userId === handover.openedById;
      if (!own && !this.access.can(actor, 'handover.manage', handover.organisationId)) {
        throw new ForbiddenException({
          statusCode: 403,
          code: 'FORBIDDEN',
          message:
            'Only an organisation administrator, the outgoing manager or who opened it cancels a handover.',
        });
      }
      if (handover.state !== 'awaiting-signatures') {
        throw new ConflictError('HANDOVER_CLOSED', `This handover is ${handover.state} already.`);
      }
      const now = this.clock.now();
      const cancelReason = reason.trim();
      await manager
        .getRepository(HandoverEntity)
        .update({ id: handoverId }, { state: 'cancelled', cancelledAt: now, cancelReason });
      await this.audit.append(
        manager,
        actor,
        {
          action: HANDOVER_ACTIONS.cancelled,
          organisationId: handover.organisationId,
          before: { state: handover.state },
          after: { state: 'cancelled', handoverId, note: cancelReason },
        },
        now,
      );
      return this.view.loadOne(manager, { ...handover, state: 'cancelled', cancelledAt: now, cancelReason });
    });
  }
}
