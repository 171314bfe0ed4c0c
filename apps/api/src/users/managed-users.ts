import { ForbiddenException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserEntity, UserRoleEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { UsersRepository } from './users.repository.js';

export interface ManagedUser {
  user: UserEntity;
  roles: UserRoleEntity[];
  /** Whether the actor administers log-ins in this organisation (null: a role in no organisation). */
  manages(organisationId: string | null): boolean;
}

/**
 * Which log-ins an actor may change, and how far (docs/decisions.md 5). A log-in with no role in an organisation the
 * actor administers answers 404, like a missing one; a central administrator's only a central administrator changes.
 * Its password, its set-password links and its disabling belong to all its organisations: `requireWhole` refuses
 * (403 USER_SHARED) unless the actor administers every one of them.
 */
@Injectable()
export class ManagedUsers {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: AccessPolicy,
  ) {}

  async load(manager: EntityManager, actor: Actor, userId: string): Promise<ManagedUser> {
    const user = await this.users.findById(manager, userId);
    if (!user) throw new NotFoundError('user');
    const roles = await this.users.rolesOf(manager, userId);
    const manages = (organisationId: string | null) => this.access.can(actor, 'user.manage', organisationId);
    if (!actor.centralAdmin && !roles.some((r) => manages(r.organisationId))) throw new NotFoundError('user');
    if (!actor.centralAdmin && roles.some((r) => r.role === 'central-admin')) {
      throw new ForbiddenException('only a central administrator may change a central administrator');
    }
    return { user, roles, manages };
  }

  /** The log-in's password, links and disabling: only for someone who administers all its organisations. */
  requireWhole(actor: Actor, { roles }: ManagedUser, what: string): void {
    const organisationIds = [...new Set(roles.flatMap((r) => (r.organisationId ? [r.organisationId] : [])))];
    if (this.access.canInAll(actor, 'user.manage', organisationIds)) return;
    throw new ForbiddenException({
      statusCode: 403,
      code: 'USER_SHARED',
      message: `this user also has roles in organisations you do not administer: only someone who administers all of them (a central administrator) may ${what}`,
    });
  }

  /** The organisations of the log-in's roles that the actor administers: where its changes are audited. */
  auditedIn({ roles, manages }: ManagedUser): (string | null)[] {
    return [...new Set(roles.map((r) => r.organisationId))].filter(manages);
  }
}
