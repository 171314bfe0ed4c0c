import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

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

/** SHA-256 over the RFC 8785 canonical JSON of the event, so the hash does not depend on key order. */
export function auditEventHash(content: AuditEventContent): string {
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/** Dates become ISO strings and undefined disappears, exactly as the value will read back from jsonb. */
export function toJsonValue<T>(value: T): T {
  return value === undefined || value === null ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
