import type { Me } from '../api/types.js';

/**
 * A permission name as GET /api/v1/auth/me reports it per organisation (`certificate.lifecycle`, ...): the api's
 * access policy is the one list of them.
 */
export type Permission = string;

/**
 * Whether to show a control that needs `permission` in `organisationId` (any organisation when omitted). Only
 * hides buttons: the api checks every request again.
 */
export function can(me: Me | undefined, permission: Permission, organisationId?: string | null): boolean {
  if (!me) return false;
  if (me.centralAdmin) return true;
  return me.organisations.some(
    (access) =>
      (organisationId == null || access.organisationId === organisationId) &&
      access.permissions.includes(permission),
  );
}
