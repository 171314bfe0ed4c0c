import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { MembershipEntity, type OrganisationRole, PersonEntity, UserEntity } from '@certdesk/persistence';
import { containsPattern } from '../certificates/list/sql-params.js';
import { type ByNamePage, pagedByName } from '../common/by-name-page.js';

export interface NewPerson {
  name: string;
  ssin: string | null;
  email: string | null;
  phone: string | null;
}

export type PersonFields = Partial<NewPerson>;

export interface MembershipValues {
  personId: string;
  organisationId: string;
  employed: boolean;
  leftOn: string | null;
  roles: OrganisationRole[];
}

/**
 * People and their memberships: the people aggregate's one door to Postgres. Every method takes the caller's
 * EntityManager, so it runs inside the caller's transaction.
 */
@Injectable()
export class PeopleRepository {
  findById(manager: EntityManager, personId: string): Promise<PersonEntity | null> {
    return manager.getRepository(PersonEntity).findOneBy({ id: personId });
  }

  findByIds(manager: EntityManager, personIds: string[]): Promise<PersonEntity[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(PersonEntity).findBy({ id: In(personIds) });
  }

  /**
   * The people with a membership in one of `organisationIds`, optionally only in one organisation and with one role,
   * by name then id. `organisationIds` null (a central administrator) and no filter: every person, those of no
   * organisation too (the administrators' own).
   */
  list(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    filter: { organisationId?: string; role?: string },
    page: ByNamePage = {},
  ): Promise<PersonEntity[]> {
    const query = manager.getRepository(PersonEntity).createQueryBuilder('p');
    if (organisationIds !== null || filter.organisationId || filter.role) {
      query.where(
        `EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id
           AND (:all OR m.organisation_id = ANY(:visible))
           AND (:organisationId::uuid IS NULL OR m.organisation_id = :organisationId)
           AND (:role::text IS NULL OR :role = ANY(m.roles)))`,
        {
          all: organisationIds === null,
          visible: organisationIds ?? [],
          organisationId: filter.organisationId ?? null,
          role: filter.role ?? null,
        },
      );
    }
    const q = page.q?.trim();
    if (q)
      query.andWhere('(p.name ILIKE :pattern OR p.email ILIKE :pattern)', { pattern: containsPattern(q) });
    return pagedByName(query, page).getMany();
  }

  /** Whether the person has a membership in one of `organisationIds` (any person when null). */
  async isVisible(
    manager: EntityManager,
    personId: string,
    organisationIds: readonly string[] | null,
  ): Promise<boolean> {
    if (organisationIds === null) return (await this.findById(manager, personId)) !== null;
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM membership WHERE person_id = $1 AND organisation_id = ANY($2::uuid[]) LIMIT 1',
      [personId, [...organisationIds]],
    );
    return rows.length > 0;
  }

  membershipsOf(manager: EntityManager, personId: string): Promise<MembershipEntity[]> {
    return manager.getRepository(MembershipEntity).findBy({ personId });
  }

  membershipsOfAll(manager: EntityManager, personIds: string[]): Promise<MembershipEntity[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(MembershipEntity).findBy({ personId: In(personIds) });
  }

  /** The ids among these people who log in. */
  async withLogin(manager: EntityManager, personIds: string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const users = await manager
      .getRepository(UserEntity)
      .find({ where: { personId: In(personIds) }, select: { personId: true } });
    return new Set(users.map((u) => u.personId));
  }

  /**
   * Serialises, until the transaction ends, every change that could give two people of these organisations one SSIN
   * (two administrators adding the same person at once). Locks are taken in a fixed order, so they cannot deadlock.
   */
  async lockSsinsOf(manager: EntityManager, organisationIds: readonly string[]): Promise<void> {
    for (const organisationId of [...new Set(organisationIds)].sort()) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('person-ssin:' || $1))`, [organisationId]);
    }
  }

  /** A person other than `exceptPersonId` who carries this SSIN and belongs to one of these organisations. */
  async ssinHolderIn(
    manager: EntityManager,
    ssin: string,
    organisationIds: readonly string[],
    exceptPersonId: string | null = null,
  ): Promise<PersonEntity | null> {
    if (organisationIds.length === 0) return null;
    return manager
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('p.ssin = :ssin', { ssin })
      .andWhere('(:except::uuid IS NULL OR p.id <> :except)', { except: exceptPersonId })
      .andWhere(
        'EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.organisation_id = ANY(:organisationIds))',
        { organisationIds: [...organisationIds] },
      )
      .getOne();
  }

  create(manager: EntityManager, person: NewPerson): Promise<PersonEntity> {
    const repo = manager.getRepository(PersonEntity);
    return repo.save(repo.create(person));
  }

  async update(manager: EntityManager, personId: string, fields: PersonFields): Promise<void> {
    if (Object.keys(fields).length)
      await manager.getRepository(PersonEntity).update({ id: personId }, fields);
  }

  /** Adds the membership, or changes it; answers what it was before (null when new). */
  async setMembership(manager: EntityManager, values: MembershipValues): Promise<MembershipEntity | null> {
    const repo = manager.getRepository(MembershipEntity);
    const before = await repo.findOneBy({ personId: values.personId, organisationId: values.organisationId });
    await repo.upsert(values, ['personId', 'organisationId']);
    return before;
  }

  /** Makes a person a member of these organisations where they are not yet one (a new log-in's organisations). */
  async addMemberships(manager: EntityManager, personId: string, organisationIds: string[]): Promise<void> {
    if (organisationIds.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(MembershipEntity)
      .values(organisationIds.map((organisationId) => ({ personId, organisationId })))
      .orIgnore()
      .execute();
  }
}
