// What a superuser connection can do to the audit trail without the api's audit key, for the tests that check the
// verification notices: the hash format is public (SHA-256 over RFC 8785 JSON), so anyone with full database access
// can change an event and recompute every later hash and the chain head, until every link holds again.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type pg from 'pg';

/** An audit_event row as pg reads it. */
export interface AuditEventRow {
  id: string;
  chain: string;
  organisation_id: string | null;
  certificate_id: string | null;
  actor_user_id: string | null;
  actor_label: string;
  occurred_at: Date;
  action: string;
  before: object | null;
  after: object | null;
  signature: object | null;
  previous_hash: string;
  hash: string;
}

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The plain SHA-256 an event was hashed with before the chains were keyed (and all an attacker can compute). */
export function plainAuditEventHash(row: Omit<AuditEventRow, 'id' | 'hash'>): string {
  const content = {
    chain: row.chain,
    organisationId: row.organisation_id,
    certificateId: row.certificate_id,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    before: row.before,
    after: row.after,
    signature: row.signature,
    previousHash: row.previous_hash,
  };
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/**
 * Changes the actor of event `fromId` of `chain` to `actorLabel`, then recomputes the plain hash and link of it and
 * of every later event of the chain, and the chain head: the append-only trigger is switched off for it and on again.
 */
export async function rewriteAuditChainFrom(
  superuser: pg.Client,
  chain: string,
  fromId: string,
  actorLabel = 'someone else',
): Promise<void> {
  const { rows } = await superuser.query<AuditEventRow>(
    'SELECT * FROM audit_event WHERE chain = $1 ORDER BY id',
    [chain],
  );
  let previousHash = AUDIT_GENESIS_HASH;
  await superuser.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
  try {
    for (const row of rows) {
      if (BigInt(row.id) >= BigInt(fromId)) {
        if (row.id === fromId) row.actor_label = actorLabel;
        row.previous_hash = previousHash;
        row.hash = plainAuditEventHash(row);
        await superuser.query(
          'UPDATE audit_event SET actor_label = $1, previous_hash = $2, hash = $3 WHERE id = $4',
          [row.actor_label, row.previous_hash, row.hash, row.id],
        );
      }
      previousHash = row.hash;
    }
    await superuser.query('UPDATE audit_chain_head SET last_hash = $1 WHERE chain = $2', [
      previousHash,
      chain,
    ]);
  } finally {
    await superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }
}
