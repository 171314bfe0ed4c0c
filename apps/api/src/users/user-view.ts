import { Injectable } from '@nestjs/common';
import type { PersonEntity, UserEntity, UserRoleEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { UserDto } from './users.dto.js';

/**
 * A log-in as one actor may see it: only its roles in organisations where the actor administers log-ins (a central
 * administrator, or start-up, sees every role). Where else the log-in holds roles is never shown.
 */
@Injectable()
export class UserView {
  constructor(private readonly access: AccessPolicy) {}

  show(
    actor: Actor | { system: string },
    user: UserEntity,
    person: PersonEntity,
    roles: UserRoleEntity[],
  ): UserDto {
    const seesAll = 'system' in actor || actor.centralAdmin;
    return {
      id: user.id,
      personId: person.id,
      email: user.email,
      name: person.name,
      disabled: user.disabled,
      hasPassword: user.passwordHash !== null,
      roles: roles
        .filter(
          (r) =>
            r.userId === user.id &&
            (seesAll ||
              (r.organisationId !== null &&
                this.access.can(actor as Actor, 'user.manage', r.organisationId))),
        )
        .map((r) => ({ role: r.role, organisationId: r.organisationId })),
      createdAt: user.createdAt.toISOString(),
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    };
  }
}
