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
 * The ETK directory's warnings as UNION ALL branches over the `orgs` of warningRowsSql, with its columns:
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
 * Each ends with UNION ALL, to go before the production-limit branch.
 */
export function etkWarningRowsSql(params: SqlParams, status: StatusSql, now: Date): string {
  const certificateColumns =
    'c.organisation_id, c.id, c.identifier_type, c.identifier_value, c.application_id, c.holder_name, c.not_after';
  const inForce = `c.state = 'active' AND ${status.notExpired()}`;
  return `
    SELECT 'ETK_UNKNOWN_TO_INVENTORY', ${certificateColumns}, NULL::text, NULL::text, NULL
      FROM certificate c JOIN orgs ON orgs.id = c.organisation_id
     WHERE c.source = 'etk-depot' AND c.keystore_id IS NULL AND ${inForce}
    UNION ALL
    SELECT DISTINCT ON (c.id, p.environment) 'ETK_KEYSTORE_MISMATCH', ${certificateColumns}, p.environment,
           NULL::text, NULL
      FROM etk_publication p
      JOIN orgs ON orgs.id = p.organisation_id
      JOIN certificate c ON c.id = p.certificate_id
     WHERE p.withdrawn_at IS NULL AND c.keystore_id IS NOT NULL AND ${inForce}
       AND NOT EXISTS (
             SELECT 1 FROM keystore_entry e
              WHERE e.keystore_id = c.keystore_id AND e.has_private_key
                AND ltrim(e.alias, '0') = ltrim(p.encryption_alias, '0')
                AND lower(e.certificate_fingerprint) = lower(p.encryption_fingerprint))
    UNION ALL
    SELECT 'ETK_RENEWAL_NOT_ACTIVATED', ${certificateColumns},
           to_json(r.state_changed_at) #>> '{}', NULL::text, NULL
      FROM renewal_case r
      JOIN orgs ON orgs.id = r.organisation_id
      JOIN certificate c ON c.id = r.certificate_id
     WHERE r.state = 'phase2-completed'
       AND r.state_changed_at < ${params.add(etkActivationOverdueBound(now))}::timestamptz
       AND EXISTS (SELECT 1 FROM etk_publication p WHERE p.certificate_id = c.id AND p.withdrawn_at IS NULL)
    UNION ALL
    SELECT 'ETK_DISCOVERY_FAILING', s.organisation_id, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::text,
           NULL::timestamptz, s.failure_code, s.failure_message, s.consecutive_failures
      FROM etk_discovery_state s JOIN orgs ON orgs.id = s.organisation_id
     WHERE s.failure_code IS NOT NULL AND s.failure_code <> 'DEPOT_DISABLED'
    UNION ALL`;
}
