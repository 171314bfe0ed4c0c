// The OIDC_* variables, read by config.ts. No decorators here: pure parsing, unit-tested in oidc-settings.spec.ts.
import { parseCbe } from '@certdesk/domain';
import type { UserRole } from '@certdesk/persistence';

/** Which organisation an e-mail domain's people sign in to: one organisation, or the central administrators. */
export type DomainTarget =
  { kind: 'organisation'; id: string } | { kind: 'organisation-cbe'; cbe: string } | { kind: 'central' };

/** A provider group and the role it gives, in the signing-in domain's organisation (or only in `only`). */
export interface RoleMapping {
  group: string;
  role: Exclude<UserRole, 'central-admin'>;
  /** Only when the domain's organisation is this one (a CBE or an id); null: in any domain's organisation. */
  only: DomainTarget | null;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  scopes: string;
  /** What the log-in page's button names (the provider's name). */
  displayName: string;
  /** Lower-cased e-mail domain -> where its people sign in. */
  domains: Map<string, DomainTarget>;
  /** Create a log-in on first sign-in, with roles from `rolesClaim` mapped by `roleMappings`. */
  autoCreate: boolean;
  rolesClaim: string;
  roleMappings: RoleMapping[];
}

const ROLES = ['org-admin', 'certificate-manager', 'viewer'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name as it appears after the @ of an address (letters, digits, hyphens; at least one dot). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class OidcSettingsError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** `0566.988.259`, `BE0566988259`, an organisation's id, or `central`. */
export function parseDomainTarget(text: string): DomainTarget | string {
  const value = text.trim();
  if (value.toLowerCase() === 'central') return { kind: 'central' };
  if (UUID.test(value)) return { kind: 'organisation', id: value.toLowerCase() };
  const cbe = parseCbe(value);
  if (cbe.ok) return { kind: 'organisation-cbe', cbe: cbe.value.normalized };
  return `"${value}" is not an organisation's CBE number, its id, or "central"`;
}

/** OIDC_DOMAINS: `ambu-namur.be=0566.988.259,chu.example=<organisation id>,certdesk.example=central`. */
export function parseOidcDomains(text: string): Map<string, DomainTarget> | string {
  const domains = new Map<string, DomainTarget>();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [rawDomain = '', target = '', ...rest] = entry.split('=');
    const domain = rawDomain.trim().toLowerCase().replace(/^@/, '');
    if (rest.length > 0 || !target) return `"${entry}" is not domain=organisation`;
    if (!DOMAIN.test(domain)) return `"${rawDomain.trim()}" is not an e-mail domain`;
    if (domains.has(domain)) return `${domain} is named twice: a domain signs in to one organisation`;
    const parsed = parseDomainTarget(target);
    if (typeof parsed === 'string') return parsed;
    domains.set(domain, parsed);
  }
  if (domains.size === 0) return 'names no domain (e.g. ambu-namur.be=0566.988.259)';
  return domains;
}

/** OIDC_ROLE_MAP: `certdesk-admins=org-admin,namur-viewers=viewer@0566.988.259`. */
export function parseRoleMappings(text: string): RoleMapping[] | string {
  const mappings: RoleMapping[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const equals = entry.lastIndexOf('=');
    if (equals <= 0) return `"${entry}" is not group=role or group=role@organisation`;
    const group = entry.slice(0, equals).trim();
    const [role = '', scope, ...rest] = entry.slice(equals + 1).split('@');
    if (rest.length > 0) return `"${entry}" has more than one @`;
    if (!(ROLES as readonly string[]).includes(role.trim())) {
      return `"${role.trim()}" is not a role Certdesk gives on sign-in (${ROLES.join(', ')})`;
    }
    let only: DomainTarget | null = null;
    if (scope !== undefined) {
      const parsed = parseDomainTarget(scope);
      if (typeof parsed === 'string') return parsed;
      if (parsed.kind === 'central') return 'a sign-in never creates a central administrator';
      only = parsed;
    }
    mappings.push({ group, role: role.trim() as RoleMapping['role'], only });
  }
  if (mappings.length === 0) return 'maps no group (e.g. certdesk-admins=org-admin)';
  return mappings;
}

/** An issuer Certdesk may trust: https, or http on this machine's loopback (a provider run by a test). */
export function checkIssuerUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be the provider's issuer URL (e.g. https://login.microsoftonline.com/<tenant>/v2.0)";
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'must be an https URL (http only on 127.0.0.1 or localhost)';
}

/** Whether the provider is on loopback over http: openid-client must then be allowed to use http. */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** The variables OidcSettings come from (config.ts has checked them as strings). */
export interface OidcVariables {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_REDIRECT_URL?: string;
  OIDC_SCOPES?: string;
  OIDC_NAME?: string;
  OIDC_DOMAINS?: string;
  OIDC_AUTO_CREATE?: string;
  OIDC_ROLES_CLAIM?: string;
  OIDC_ROLE_MAP?: string;
}

/** The settings, or null without OIDC_ISSUER; throws an OidcSettingsError naming the first bad variable. */
export function oidcSettingsFromEnv(env: OidcVariables, publicUrl: string): OidcSettings | null {
  if (env.OIDC_ISSUER === undefined) {
    const stray = (Object.keys(env) as (keyof OidcVariables)[]).find((k) => env[k] !== undefined);
    if (stray) throw new OidcSettingsError(stray, 'means single sign-on: set OIDC_ISSUER too');
    return null;
  }
  const issuerProblem = checkIssuerUrl(env.OIDC_ISSUER);
  if (issuerProblem) throw new OidcSettingsError('OIDC_ISSUER', issuerProblem);
  for (const variable of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_DOMAINS'] as const) {
    if (!env[variable]) throw new OidcSettingsError(variable, 'is required with OIDC_ISSUER');
  }
  const domains = parseOidcDomains(env.OIDC_DOMAINS!);
  if (typeof domains === 'string') throw new OidcSettingsError('OIDC_DOMAINS', domains);
  const autoCreate = (env.OIDC_AUTO_CREATE ?? 'off').toLowerCase();
  if (autoCreate !== 'on' && autoCreate !== 'off')
    throw new OidcSettingsError('OIDC_AUTO_CREATE', 'must be on or off');
  let roleMappings: RoleMapping[] = [];
  if (env.OIDC_ROLE_MAP !== undefined) {
    const parsed = parseRoleMappings(env.OIDC_ROLE_MAP);
    if (typeof parsed === 'string') throw new OidcSettingsError('OIDC_ROLE_MAP', parsed);
    roleMappings = parsed;
  } else if (autoCreate === 'on') {
    throw new OidcSettingsError(
      'OIDC_ROLE_MAP',
      'is required with OIDC_AUTO_CREATE=on: which group gives which role',
    );
  }
  const redirectUrl = env.OIDC_REDIRECT_URL ?? `${publicUrl}/api/v1/auth/oidc/callback`;
  try {
    if (!['http:', 'https:'].includes(new URL(redirectUrl).protocol)) throw new Error();
  } catch {
    throw new OidcSettingsError(
      'OIDC_REDIRECT_URL',
      'must be an http(s) URL ending in /api/v1/auth/oidc/callback',
    );
  }
  const scopes = (env.OIDC_SCOPES ?? 'openid email profile').trim().split(/\s+/);
  if (!scopes.includes('openid')) throw new OidcSettingsError('OIDC_SCOPES', 'must include openid');
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUrl,
    scopes: scopes.join(' '),
    displayName: env.OIDC_NAME ?? new URL(env.OIDC_ISSUER).host,
    domains,
    autoCreate: autoCreate === 'on',
    rolesClaim: env.OIDC_ROLES_CLAIM ?? 'groups',
    roleMappings,
  };
}
