import { ForbiddenException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { OrganisationEntity, type UserRole } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';

export interface RoleGrant {
  role: UserRole;
  organisationId: string | null;
}

/** Checks that the actor may hand out these roles: org-admins only in their organisations, never central-admin. */
@Injectable()
export class RoleGrantPolicy {
  constructor(private readonly access: AccessPolicy) {}

  async check(manager: EntityManager, actor: Actor, grants: readonly RoleGrant[]): Promise<RoleGrant[]> {
    const normalised = grants.map((g) => ({
      role: g.role,
      organisationId: g.role === 'central-admin' ? null : (g.organisationId ?? null),
    }));
    for (const grant of normalised) {
      if (grant.role === 'central-admin') {
        if (!actor.centralAdmin)
          throw new ForbiddenException('only a central administrator may grant central-admin');
        continue;
      }
      this.access.require(actor, 'user.manage', grant.organisationId, 'organisation');
    }
    const organisationIds = [
      ...new Set(normalised.flatMap((g) => (g.organisationId ? [g.organisationId] : []))),
    ];
    if (organisationIds.length) {
      const found = await manager.getRepository(OrganisationEntity).countBy({ id: In(organisationIds) });
      if (found !== organisationIds.length) throw new NotFoundError('organisation');
    }
    const unique = new Map(normalised.map((g) => [`${g.role}:${g.organisationId}`, g]));
    return [...unique.values()];
  }
}
