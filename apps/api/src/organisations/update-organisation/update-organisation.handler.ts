import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { NotFoundError } from '../../common/errors.js';
import { Outbox } from '../../outbox/outbox.js';
import {
  assertIdentifiersFree,
  checkContacts,
  checkIdentifiers,
  checkMilestones,
  replaceContacts,
  replaceIdentifiers,
} from '../organisation-input.js';
import { OrganisationView } from '../organisation-view.js';
import type { OrganisationDto } from '../organisations.dto.js';
import { UpdateOrganisationCommand } from './update-organisation.command.js';

@CommandHandler(UpdateOrganisationCommand)
export class UpdateOrganisationHandler implements ICommandHandler<UpdateOrganisationCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async execute({ actor, organisationId, changes }: UpdateOrganisationCommand): Promise<OrganisationDto> {
    this.access.require(actor, 'organisation.update', organisationId, 'organisation');
    const identifiers = changes.identifiers && checkIdentifiers(changes.identifiers);
    const contacts = changes.contacts && checkContacts(changes.contacts);
    const milestones = changes.reminderMilestones && checkMilestones(changes.reminderMilestones);
    return this.db.transaction(async (manager) => {
      const organisation = await manager
        .getRepository(OrganisationEntity)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :organisationId', { organisationId })
        .getOne();
      if (!organisation) throw new NotFoundError('organisation');
      const before = await this.view.loadOne(manager, organisationId);
      await manager.getRepository(OrganisationEntity).update(
        { id: organisationId },
        {
          ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
          ...(changes.languages ? { languages: changes.languages } : {}),
          ...(milestones ? { reminderMilestones: milestones } : {}),
          ...(changes.managerInCopy !== undefined ? { managerInCopy: changes.managerInCopy } : {}),
        },
      );
      if (identifiers) {
        await assertIdentifiersFree(manager, identifiers, organisationId);
        await replaceIdentifiers(manager, organisationId, identifiers);
      }
      if (contacts) {
        await replaceContacts(manager, organisationId, contacts);
        await this.outbox.add(manager, 'organisation.contacts-changed', {
          organisationId,
          genericContactCount: contacts.filter((c) => c.generic).length,
        });
      }
      const after = await this.view.loadOne(manager, organisationId);
      await this.audit.append(manager, actor, {
        action: 'organisation.updated',
        organisationId,
        before,
        after,
      });
      return after;
    });
  }
}
