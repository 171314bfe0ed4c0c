import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Actor } from './actor.js';
import { NotFoundError } from '../common/errors.js';
import { PERMISSIONS, type Permission } from './permissions.js';

/**
 * Tenant isolation and roles, in one place. An organisation the actor cannot see answers exactly like a
 * missing object (404), so nobody learns what another tenant holds; a visible one the actor may not change
 * answers 403.
 */
@Injectable()
export class AccessPolicy {
  can(actor: Actor, permission: Permission, organisationId: string | null): boolean {
    if (actor.centralAdmin) return true;
    if (organisationId === null) return false;
    const roles = actor.roles.get(organisationId);
    if (!roles) return false;
    return (PERMISSIONS[permission] as readonly string[]).some((role) => roles.has(role as never));
  }

  /**
   * Whether the actor holds the permission in every one of these organisations: what it takes to change something
   * several organisations share (a person, a log-in). Nothing shared with nobody is administered by an org role.
   */
  canInAll(actor: Actor, permission: Permission, organisationIds: readonly string[]): boolean {
    if (actor.centralAdmin) return true;
    return organisationIds.length > 0 && organisationIds.every((id) => this.can(actor, permission, id));
  }

  canSee(actor: Actor, organisationId: string): boolean {
    return actor.centralAdmin || actor.roles.has(organisationId);
  }

  /**
   * Throws unless the actor may act. `what` names the object for the 404 message ("certificate"), which must
   * read the same whether the object is missing or another tenant's.
   */
  require(actor: Actor, permission: Permission, organisationId: string | null, what: string): void {
    if (this.can(actor, permission, organisationId)) return;
    // An action on no organisation in particular (create an organisation) is simply forbidden.
    if (organisationId !== null && !this.canSee(actor, organisationId)) throw new NotFoundError(what);
    throw new ForbiddenException(`your role does not allow ${permission}`);
  }

  /** Organisation ids a list query is limited to; null means every organisation (central administrator). */
  visibleOrganisationIds(actor: Actor, permission: Permission = 'organisation.read'): string[] | null {
    if (actor.centralAdmin) return null;
    return [...actor.roles.keys()].filter((id) => this.can(actor, permission, id));
  }
}
