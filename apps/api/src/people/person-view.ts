import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { maskSsin } from '@certdesk/domain';
import type { PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { groupBy } from '../common/group-by.js';
import type { PersonDto } from './people.dto.js';
import { PeopleRepository } from './people.repository.js';

/** A person shaped for one actor: memberships they can see, the SSIN masked unless it is theirs or they are central. */
@Injectable()
export class PersonView {
  constructor(
    private readonly access: AccessPolicy,
    private readonly people: PeopleRepository,
  ) {}

  static ssinFor(actor: Actor, person: Pick<PersonEntity, 'id' | 'ssin'>): string | null {
    if (!person.ssin) return null;
    return actor.centralAdmin || actor.personId === person.id ? person.ssin : maskSsin(person.ssin);
  }

  async load(manager: EntityManager, actor: Actor, people: PersonEntity[]): Promise<PersonDto[]> {
    if (people.length === 0) return [];
    const ids = people.map((p) => p.id);
    // Sequential: `manager` may be a transaction's single connection.
    const memberships = await this.people.membershipsOfAll(manager, ids);
    const withUser = await this.people.withLogin(manager, ids);
    const membershipsOf = groupBy(memberships, (m) => m.personId);
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      ssin: PersonView.ssinFor(actor, p),
      email: p.email,
      phone: p.phone,
      memberships: (membershipsOf.get(p.id) ?? [])
        .filter((m) => this.access.can(actor, 'person.read', m.organisationId))
        .map((m) => ({
          organisationId: m.organisationId,
          employed: m.employed,
          leftOn: m.leftOn,
          roles: m.roles,
        })),
      hasUser: withUser.has(p.id),
    }));
  }
}
