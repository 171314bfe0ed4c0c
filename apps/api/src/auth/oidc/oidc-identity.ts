// Who the provider's claims say signed in, checked before anything is looked up. No decorators: unit-tested alone.
import { OidcRefusal } from './oidc-refusal.js';

export interface OidcIdentity {
  /** Lower-cased, verified by the provider. */
  email: string;
  /** After the last @. */
  domain: string;
  /** For a log-in created on first sign-in: the name claim, else given and family names, else the address. */
  name: string;
  /** The roles claim's values (groups), strings only. */
  groups: string[];
}

/** Longest address SMTP carries (RFC 5321's path limit less its brackets). */
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;
const MAX_GROUPS = 500;
/** One local part, one @, one domain; no spaces, no control characters, no second @. */
const EMAIL = /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+\.[^\s@\p{Cc}\p{Cf}]+$/u;
const CONTROL = /[\p{Cc}\p{Cf}]/gu;

/**
 * The identity in the claims, or a refusal: an e-mail the provider verified, well-formed and free of control
 * characters (a newline in an address would reach log lines and mail headers). Verified means `email_verified` true
 * (the boolean or the string some providers send), or, from Microsoft Entra ID, which never sends `email_verified`,
 * its optional claim `xms_edov` true: the address's domain is one the tenant has proven it owns.
 */
export function identityFromClaims(claims: Record<string, unknown>, rolesClaim: string): OidcIdentity {
  const raw = claims.email;
  if (raw === undefined || raw === null || raw === '') throw new OidcRefusal('SSO_EMAIL_MISSING');
  if (typeof raw !== 'string' || raw.length > MAX_EMAIL_LENGTH || !EMAIL.test(raw))
    throw new OidcRefusal('SSO_EMAIL_INVALID');
  if (!isTrue(claims.email_verified) && !isTrue(claims.xms_edov))
    throw new OidcRefusal('SSO_EMAIL_UNVERIFIED');
  const email = raw.toLowerCase();
  return {
    email,
    domain: email.slice(email.lastIndexOf('@') + 1),
    name: nameOf(claims) ?? email,
    groups: groupsOf(claims[rolesClaim]),
  };
}

const isTrue = (value: unknown) => value === true || value === 'true';

function nameOf(claims: Record<string, unknown>): string | null {
  const clean = (value: unknown) =>
    typeof value === 'string'
      ? value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH)
      : '';
  const name = clean(claims.name);
  if (name) return name;
  const joined = [clean(claims.given_name), clean(claims.family_name)].filter(Boolean).join(' ');
  return joined || null;
}

/** A claim of groups: an array of strings (Entra, Keycloak) or one string; anything else gives none. */
function groupsOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values.filter((g): g is string => typeof g === 'string' && g.length <= 1000).slice(0, MAX_GROUPS);
}
