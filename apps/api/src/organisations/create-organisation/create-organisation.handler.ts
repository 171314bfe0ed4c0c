import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_REMINDER_MILESTONES } from '@certdesk/domain';
import { OrganisationEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
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
import { CreateOrganisationCommand } from './create-organisation.command.js';

@CommandHandler(CreateOrganisationCommand)
export class CreateOrganisationHandler implements ICommandHandler<CreateOrganisationCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async execute({ actor, input }: CreateOrganisationCommand): Promise<OrganisationDto> {
    this.access.require(actor, 'organisation.create', null, 'organisation');
    const identifiers = checkIdentifiers(input.identifiers);
    const contacts = checkContacts(input.contacts ?? []);
    const milestones = checkMilestones(input.reminderMilestones ?? [...DEFAULT_REMINDER_MILESTONES]);
    return this.db.transaction(async (manager) => {
      await assertIdentifiersFree(manager, identifiers);
      const organisation = await manager.getRepository(OrganisationEntity).save(
        manager.getRepository(OrganisationEntity).create({
          name: input.name.trim(),
          languages: input.languages ?? ['fr', 'nl'],
          reminderMilestones: milestones,
          managerInCopy: input.managerInCopy ?? false,
        }),
      );
      await replaceIdentifiers(manager, organisation.id, identifiers);
      await replaceContacts(manager, organisation.id, contacts);
      const dto = await this.view.loadOne(manager, organisation.id);
      await this.audit.append(manager, actor, {
        action: 'organisation.created',
        organisationId: organisation.id,
        after: dto,
      });
      await this.outbox.add(manager, 'organisation.contacts-changed', {
        organisationId: organisation.id,
        genericContactCount: contacts.filter((c) => c.generic).length,
      });
      return dto;
    });
  }
}
