// Which roles a log-in created on first sign-in gets. No decorators: unit-tested alone.
import type { RoleMapping } from './oidc-settings.js';

/**
 * The roles the user's groups give in the domain's organisation, by OIDC_ROLE_MAP: a mapping without `@` counts in
 * any domain's organisation, one with `@<CBE or id>` only in that one. Each role once, in the order of the roles.
 */
export function rolesForGroups(
  mappings: readonly RoleMapping[],
  groups: readonly string[],
  organisation: { id: string; cbe: string | null },
): RoleMapping['role'][] {
  const held = new Set(groups);
  const roles = new Set<RoleMapping['role']>();
  for (const mapping of mappings) {
    if (!held.has(mapping.group)) continue;
    const only = mapping.only;
    if (only?.kind === 'organisation' && only.id !== organisation.id) continue;
    if (only?.kind === 'organisation-cbe' && only.cbe !== organisation.cbe) continue;
    roles.add(mapping.role);
  }
  return (['org-admin', 'certificate-manager', 'viewer'] as const).filter((role) => roles.has(role));
}
