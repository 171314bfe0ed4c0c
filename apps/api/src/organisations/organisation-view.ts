import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { validateEhealthIdentifier } from '@certdesk/domain';
import { ContactEntity, OrganisationEntity, OrganisationIdentifierEntity } from '@certdesk/persistence';
import { groupBy } from '../common/group-by.js';
import type { OrganisationDto } from './organisations.dto.js';

/** Loads organisations with their identifiers and contacts, shaped for answers. */
@Injectable()
export class OrganisationView {
  async load(manager: EntityManager, organisations: OrganisationEntity[]): Promise<OrganisationDto[]> {
    if (organisations.length === 0) return [];
    const ids = organisations.map((o) => o.id);
    // Sequential: `manager` may be a transaction's single connection.
    const identifiers = await manager
      .getRepository(OrganisationIdentifierEntity)
      .find({ where: { organisationId: In(ids) }, order: { type: 'ASC', value: 'ASC' } });
    const contacts = await manager
      .getRepository(ContactEntity)
      .find({ where: { organisationId: In(ids) }, order: { generic: 'DESC', email: 'ASC' } });
    const identifiersOf = groupBy(identifiers, (i) => i.organisationId);
    const contactsOf = groupBy(contacts, (c) => c.organisationId);
    return organisations.map((o) => ({
      id: o.id,
      name: o.name,
      identifiers: (identifiersOf.get(o.id) ?? []).map((i) => ({
        type: i.type,
        value: i.value,
        ...validateEhealthIdentifier(i.type, i.value),
      })),
      languages: o.languages,
      contacts: (contactsOf.get(o.id) ?? []).map((c) => ({
        id: c.id,
        email: c.email,
        language: c.language,
        generic: c.generic,
        deliveryFailedAt: c.deliveryFailedAt?.toISOString() ?? null,
        deliveryFailure: c.deliveryFailure,
      })),
      reminderMilestones: o.reminderMilestones,
      managerInCopy: o.managerInCopy,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
    }));
  }

  async loadOne(manager: EntityManager, id: string): Promise<OrganisationDto> {
    const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id });
    const [dto] = await this.load(manager, [organisation]);
    return dto!;
  }
}
