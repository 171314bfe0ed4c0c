import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import {
  AccessTokenEntity,
  OrganisationEntity,
  PersonEntity,
  UserEntity,
  UserRoleEntity,
} from '@certdesk/persistence';
import type { RoleGrant } from './role-grants.js';

/**
 * Log-ins, their roles and their sessions: the users aggregate's one door to Postgres. Every method takes the
 * caller's EntityManager, so it runs inside the caller's transaction.
 */
@Injectable()
export class UsersRepository {
  findById(manager: EntityManager, userId: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOneBy({ id: userId });
  }

  /** Every log-in with this (lower-cased) address: one per organisation that created one. */
  withEmail(manager: EntityManager, email: string): Promise<UserEntity[]> {
    return manager.getRepository(UserEntity).find({ where: { email }, order: { createdAt: 'ASC' } });
  }

  /** The log-ins, enabled or not, of the people who carry this SSIN: what an eID card can log in to. */
  withSsin(manager: EntityManager, ssin: string): Promise<UserEntity[]> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin(PersonEntity, 'p', 'p.id = u.person_id')
      .where('p.ssin = :ssin', { ssin })
      .orderBy('u.created_at', 'ASC')
      .getMany();
  }

  /**
   * Whether a log-in with this address holds a role in one of these organisations (any log-in at all when null):
   * the log-ins an administrator of those organisations can see.
   */
  async emailUsedAmong(
    manager: EntityManager,
    email: string,
    organisationIds: readonly string[] | null,
  ): Promise<boolean> {
    const query = manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.email = :email', { email });
    if (organisationIds !== null) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.organisation_id = ANY(:organisationIds))',
        { organisationIds: [...organisationIds] },
      );
    }
    return (await query.getCount()) > 0;
  }

  /**
   * The log-ins holding a role in one of these organisations (every log-in when null), by address; only those of
   * `personIds` when given.
   */
  async list(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    personIds?: readonly string[],
  ): Promise<UserEntity[]> {
    const query = manager.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.email', 'ASC');
    if (personIds) query.andWhere('u.person_id = ANY(:personIds)', { personIds: [...personIds] });
    if (organisationIds !== null) {
      if (organisationIds.length === 0) return [];
      query.andWhere(
        'EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.organisation_id = ANY(:organisationIds))',
        { organisationIds: [...organisationIds] },
      );
    }
    return query.getMany();
  }

  rolesOf(manager: EntityManager, userId: string): Promise<UserRoleEntity[]> {
    return manager.getRepository(UserRoleEntity).findBy({ userId });
  }

  rolesOfAll(manager: EntityManager, userIds: string[]): Promise<UserRoleEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(UserRoleEntity).findBy({ userId: In(userIds) });
  }

  /** The names of the organisations these log-ins hold roles in, per log-in. */
  async organisationsOf(
    manager: EntityManager,
    userIds: string[],
  ): Promise<Map<string, { id: string; name: string }[]>> {
    const roles = await this.rolesOfAll(manager, userIds);
    const ids = [...new Set(roles.flatMap((r) => (r.organisationId ? [r.organisationId] : [])))];
    const organisations = ids.length
      ? await manager
          .getRepository(OrganisationEntity)
          .find({ where: { id: In(ids) }, select: { id: true, name: true } })
      : [];
    const byId = new Map(organisations.map((o) => [o.id, { id: o.id, name: o.name }]));
    return new Map(
      userIds.map((userId) => [
        userId,
        [...new Set(roles.filter((r) => r.userId === userId).map((r) => r.organisationId))]
          .flatMap((id) => (id && byId.has(id) ? [byId.get(id)!] : []))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ]),
    );
  }

  /** The organisations where one log-in holds a role, with their mail languages, by name. */
  async organisationLanguagesOf(
    manager: EntityManager,
    userId: string,
  ): Promise<{ name: string; languages: string[] }[]> {
    const ids = [
      ...new Set(
        (await this.rolesOf(manager, userId)).flatMap((r) => (r.organisationId ? [r.organisationId] : [])),
      ),
    ];
    if (ids.length === 0) return [];
    return manager.getRepository(OrganisationEntity).find({
      where: { id: In(ids) },
      select: { name: true, languages: true },
      order: { name: 'ASC' },
    });
  }

  create(
    manager: EntityManager,
    user: { personId: string; email: string; passwordHash: string | null },
  ): Promise<UserEntity> {
    const repo = manager.getRepository(UserEntity);
    return repo.save(repo.create(user));
  }

  async update(
    manager: EntityManager,
    userId: string,
    fields: Partial<Pick<UserEntity, 'disabled' | 'passwordHash'>>,
  ): Promise<void> {
    if (Object.keys(fields).length) await manager.getRepository(UserEntity).update({ id: userId }, fields);
  }

  async addRoles(manager: EntityManager, userId: string, grants: readonly RoleGrant[]): Promise<void> {
    if (grants.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(UserRoleEntity)
      .values(grants.map((g) => ({ userId, role: g.role, organisationId: g.organisationId })))
      .orIgnore()
      .execute();
  }

  async removeRoles(manager: EntityManager, roleIds: string[]): Promise<void> {
    if (roleIds.length) await manager.getRepository(UserRoleEntity).delete(roleIds);
  }

  /** Ends every open session and personal token of the log-in. */
  async revokeTokens(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager
      .getRepository(AccessTokenEntity)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: now });
  }
}
