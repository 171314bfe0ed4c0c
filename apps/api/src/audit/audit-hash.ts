import { createHash, createHmac, hkdfSync } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEventEntity } from '@certdesk/persistence';
import type { AppConfig } from '../config/config.js';

/** The fields of an audit event that its hash covers (everything but its id and its own hash). */
export interface AuditEventContent {
  chain: string;
  organisationId: string | null;
  certificateId: string | null;
  actorUserId: string | null;
  actorLabel: string;
  occurredAt: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  signature: Record<string, unknown> | null;
  previousHash: string;
}

/** The first event of a chain links to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** Domain separation: the audit key is derived, so AUDIT_KEY (or TOKEN_SECRET) is never used raw. */
const AUDIT_KEY_LABEL = 'certdesk/audit-chain/v1';

/**
 * The key of the audit chains, derived from AUDIT_KEY, or from TOKEN_SECRET when it is unset: never stored in the
 * database, so whoever can rewrite the database (a superuser connection) still cannot recompute a valid chain.
 */
export function auditKey(config: Pick<AppConfig, 'auditKey' | 'tokenSecret'>): Buffer {
  return Buffer.from(hkdfSync('sha256', config.auditKey ?? config.tokenSecret, '', AUDIT_KEY_LABEL, 32));
}

/** HMAC-SHA-256 (hex), keyed by auditKey(), over the RFC 8785 canonical JSON of the event (key order free). */
export function auditEventHash(content: AuditEventContent, key: Buffer): string {
  return createHmac('sha256', key)
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/**
 * How events were hashed before the chains were keyed: plain SHA-256 of the same canonical JSON. Only the verifier
 * still reads it, and only at the start of a chain, before its first keyed event (AuditVerifier).
 */
export function unkeyedAuditEventHash(content: AuditEventContent): string {
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/** What the hash of a stored event covers, as it reads back from the database. */
export function storedAuditEventContent(e: AuditEventEntity): AuditEventContent {
  return {
    chain: e.chain,
    organisationId: e.organisationId,
    certificateId: e.certificateId,
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    before: e.before,
    after: e.after,
    signature: e.signature,
    previousHash: e.previousHash,
  };
}

/** How a stored event's hash was made: with the audit key, plainly (before keying), or neither (it was changed). */
export function auditEventHashKind(e: AuditEventEntity, key: Buffer): 'keyed' | 'unkeyed' | 'mismatch' {
  const content = storedAuditEventContent(e);
  if (auditEventHash(content, key) === e.hash) return 'keyed';
  return unkeyedAuditEventHash(content) === e.hash ? 'unkeyed' : 'mismatch';
}

/** Dates become ISO strings and undefined disappears, exactly as the value will read back from jsonb. */
export function toJsonValue<T>(value: T): T {
  return value === undefined || value === null ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
