import { etkActivationOverdueBound } from '@certdesk/domain';
import type { SqlParams } from '../certificates/list/sql-params.js';
import type { StatusSql } from '../certificates/list/status-sql.js';

/** The warnings the ETK directory raises (docs/etk-directory.md), each a code of warnings-sql.ts. */
export const ETK_WARNING_CODES = [
  'ETK_UNKNOWN_TO_INVENTORY',
  'ETK_KEYSTORE_MISMATCH',
  'ETK_RENEWAL_NOT_ACTIVATED',
  'ETK_DISCOVERY_FAILING',
] as const;

/**
 * The ETK directory's warnings, one SELECT (a UNION ALL branch of warnings-sql.ts) per code:
 * - ETK_UNKNOWN_TO_INVENTORY: a certificate in force that entered the inventory from the directory (nobody had
 *   uploaded it) and whose keystore is still unknown;
 * - ETK_KEYSTORE_MISMATCH: the directory publishes an ETK of a certificate in force whose known keystore does not
 *   hold that ETK's key (libs/domain etkKeystoreMatch: alias = the serial in decimal, same certificate); detail: the
 *   environment;
 * - ETK_RENEWAL_NOT_ACTIVATED: a renewal at phase 2 for ETK_ACTIVATION_GRACE_DAYS or more while the directory still
 *   publishes the old certificate's ETK; detail: when phase 2 was recorded (ISO);
 * - ETK_DISCOVERY_FAILING: the organisation's last discovery failed (the weekly schedule's or someone's), so what the
 *   directory publishes may have changed unseen; detail: the failure's code, failure: its message, used: the failures
 *   since the last success. Not for DEPOT_DISABLED, the installation's own choice.
 * Each is one SELECT with warnings-sql.ts's columns, built (its parameters added) when asked for; `inScope(column)` keeps an organisation id column to the scope.
 */
export function etkWarningBranches(
  params: SqlParams,
  status: StatusSql,
  now: Date,
  inScope: (organisationIdColumn: string) => string,
): { code: (typeof ETK_WARNING_CODES)[number]; sql: () => string }[] {
  const certificateColumns =
    'c.organisation_id, c.id AS certificate_id, c.identifier_type, c.identifier_value, c.application_id, c.holder_name, c.not_after';
  // A function, so that its parameter is added only by the branches built.
  const inForce = () => `c.state = 'active' AND ${status.notExpired()}`;
  return [
    {
      code: 'ETK_UNKNOWN_TO_INVENTORY',
      sql: () => `
    SELECT 'ETK_UNKNOWN_TO_INVENTORY' AS code, ${certificateColumns}, NULL::text AS detail, NULL::text AS failure,
           NULL::int AS used
      FROM certificate c
     WHERE c.source = 'etk-depot' AND c.keystore_id IS NULL AND ${inForce()} AND ${inScope('c.organisation_id')}`,
    },
    {
      code: 'ETK_KEYSTORE_MISMATCH',
      sql: () => `
    SELECT DISTINCT ON (c.id, p.environment) 'ETK_KEYSTORE_MISMATCH' AS code, ${certificateColumns},
           p.environment AS detail, NULL::text AS failure, NULL::int AS used
      FROM etk_publication p
      JOIN certificate c ON c.id = p.certificate_id
     WHERE p.withdrawn_at IS NULL AND c.keystore_id IS NOT NULL AND ${inForce()} AND ${inScope('p.organisation_id')}
       AND NOT EXISTS (
             SELECT 1 FROM keystore_entry e
              WHERE e.keystore_id = c.keystore_id AND e.has_private_key
                AND ltrim(e.alias, '0') = ltrim(p.encryption_alias, '0')
                AND lower(e.certificate_fingerprint) = lower(p.encryption_fingerprint))`,
    },
    {
      code: 'ETK_RENEWAL_NOT_ACTIVATED',
      sql: () => `
    SELECT 'ETK_RENEWAL_NOT_ACTIVATED' AS code, ${certificateColumns},
           to_json(r.state_changed_at) #>> '{}' AS detail, NULL::text AS failure, NULL::int AS used
      FROM renewal_case r
      JOIN certificate c ON c.id = r.certificate_id
     WHERE r.state = 'phase2-completed' AND ${inScope('r.organisation_id')}
       AND r.state_changed_at < ${params.add(etkActivationOverdueBound(now))}::timestamptz
       AND EXISTS (SELECT 1 FROM etk_publication p WHERE p.certificate_id = c.id AND p.withdrawn_at IS NULL)`,
    },
    {
      code: 'ETK_DISCOVERY_FAILING',
      sql: () => `
    SELECT 'ETK_DISCOVERY_FAILING' AS code, s.organisation_id, NULL::uuid AS certificate_id, NULL::text AS identifier_type,
           NULL::text AS identifier_value, NULL::text AS application_id, NULL::text AS holder_name,
           NULL::timestamptz AS not_after, s.failure_code AS detail, s.failure_message AS failure,
           s.consecutive_failures AS used
      FROM etk_discovery_state s
     WHERE s.failure_code IS NOT NULL AND s.failure_code <> 'DEPOT_DISABLED' AND ${inScope('s.organisation_id')}`,
    },
  ];
}
