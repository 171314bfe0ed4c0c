import { EHEALTH_IDENTIFIER_TYPES, PRODUCTION_LIMITS } from '@certdesk/domain';
import type { SqlParams } from '../certificates/list/sql-params.js';
import type { InForceMeasure } from '../overview/certificate-tallies-sql.js';
import { StatusSql } from '../certificates/list/status-sql.js';
import { ETK_WARNING_CODES, etkWarningBranches } from './etk-warnings-sql.js';

export const WARNING_CODES = [
  'NO_GENERIC_CONTACT',
  'CONTACT_DELIVERY_FAILED',
  'MANAGER_LEFT',
  'KEYSTORE_LOCATION_UNKNOWN',
  'UNKNOWN_ENVIRONMENT',
  'RENEWABLE_NO_RENEWAL',
  'PRODUCTION_LIMIT_EXCEEDED',
  ...ETK_WARNING_CODES,
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** One warning as the SQL finds it; the query handler words it. */
export interface WarningRow {
  code: WarningCode;
  organisation_id: string;
  certificate_id: string | null;
  identifier_type: string | null;
  identifier_value: string | null;
  application_id: string | null;
  holder_name: string | null;
  not_after: Date | null;
  /** The contact address, the manager's name, or the holder kind ('person'/'organisation'). */
  detail: string | null;
  /** CONTACT_DELIVERY_FAILED: the mail server's answer. */
  failure: string | null;
  /** PRODUCTION_LIMIT_EXCEEDED: how many production certificates are in force. */
  used: number | null;
}

/**
 * The per-certificate checks, each a condition on a certificate row `c` in force (and what to tell about it, over its
 * manager `p`). The flags are kept on the certificate by triggers (migration 1796316000000-certificate-tallies):
 * manager_left (a manager without an employed membership of the organisation), keystore_unknown (no keystore, or one
 * without its PC or folder), renewal_open (an open renewal case).
 */
export const CERTIFICATE_CHECKS: readonly {
  code: WarningCode;
  condition: (status: StatusSql) => string;
  /** Its detail is the manager's name. */
  namesManager?: true;
  /** Its warnings of each organisation, as the certificate tallies keep them (certificate-tallies-sql.ts). */
  measure: InForceMeasure;
}[] = [
  { code: 'MANAGER_LEFT', condition: () => 'c.manager_left', namesManager: true, measure: 'manager_left' },
  { code: 'KEYSTORE_LOCATION_UNKNOWN', condition: () => 'c.keystore_unknown', measure: 'keystore_unknown' },
  {
    code: 'UNKNOWN_ENVIRONMENT',
    condition: () => "c.environment = 'unknown' AND c.identifier_type IS NOT NULL",
    measure: 'unknown_environment',
  },
  {
    code: 'RENEWABLE_NO_RENEWAL',
    condition: (status) => `${status.is('renewable')} AND NOT c.renewal_open`,
    measure: 'renewable_without_renewal',
  },
];

export const PERSON_TYPES = EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === 'person').map((t) => t.type);
/**
 * Every warning of the organisations in scope, set-based, straight from the rules: the reference the api's own reads
 * (ranked-warnings-sql.ts, by index and kept counts) are tested against (test/warnings-ranking.test.ts). The certificates in force (active, not expired) are read
 * once, each with its checks (CERTIFICATE_CHECKS) as booleans, then one row per raised warning; the production limits group the
 * same rows. Columns as WarningRow; `organisationIds` null means every organisation. The rules come from
 * libs/domain: status bounds (statusThresholds), which identifier types a person holds, the production limits.
 */
export function warningRowsSql(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  /** false: only code and organisation_id are filled (counting), so the certificate rows stay narrow. */
  options: { details: boolean } = { details: true },
): string {
  const status = new StatusSql(params, now);
  const detail = (sql: string, type: string) => (options.details ? sql : `NULL::${type}`);
  const scope = organisationIds === null ? 'TRUE' : `o.id = ANY(${params.add(organisationIds)}::uuid[])`;
  const noCertificate =
    'NULL::uuid AS certificate_id, NULL::text AS identifier_type, NULL::text AS identifier_value, ' +
    'NULL::text AS application_id, NULL::text AS holder_name, NULL::timestamptz AS not_after';
  const personTypes = `${params.add(PERSON_TYPES)}::text[]`;
  return `
    WITH orgs AS (SELECT o.id FROM organisation o WHERE ${scope}),
    live AS (
      SELECT c.id, c.organisation_id, c.identifier_type, c.identifier_value,
             ${detail('c.application_id', 'text')} AS application_id, ${detail('c.holder_name', 'text')} AS holder_name,
             c.not_after, ${detail('p.name', 'text')} AS manager_name,
             ${CERTIFICATE_CHECKS.map((check, i) => `(${check.condition(status)}) AS check_${i}`).join(', ')},
             c.environment = 'production' AND c.identifier_type IS NOT NULL
               AND ${status.isAny(['valid', 'renewable'])} AS counts_for_limit,
             CASE WHEN c.identifier_type = ANY(${personTypes}) THEN 'person' ELSE 'organisation' END AS holder
        FROM certificate c
        JOIN orgs ON orgs.id = c.organisation_id
        LEFT JOIN person p ON p.id = c.manager_id
       WHERE c.state = 'active' AND ${status.notExpired()}
    )
    SELECT 'NO_GENERIC_CONTACT' AS code, orgs.id AS organisation_id, ${noCertificate},
           NULL::text AS detail, NULL::text AS failure, NULL::int AS used
      FROM orgs
     WHERE NOT EXISTS (SELECT 1 FROM contact k WHERE k.organisation_id = orgs.id AND k.generic)
    UNION ALL
    SELECT 'CONTACT_DELIVERY_FAILED', k.organisation_id, ${noCertificate},
           k.email, k.delivery_failure, NULL
      FROM contact k JOIN orgs ON orgs.id = k.organisation_id
     WHERE k.delivery_failed_at IS NOT NULL
    UNION ALL
    ${CERTIFICATE_CHECKS.map(
      (check, i) => `
    SELECT '${check.code}', c.organisation_id, c.id, c.identifier_type, c.identifier_value, c.application_id,
           c.holder_name, c.not_after, ${check.namesManager ? 'c.manager_name' : 'NULL::text'}, NULL::text, NULL
      FROM live c WHERE c.check_${i}
    UNION ALL`,
    ).join('')}
    ${etkWarningBranches(params, status, now, (column) => `${column} IN (SELECT id FROM orgs)`)
      .map(
        (branch) => `${branch.sql()}
    UNION ALL`,
      )
      .join('')}
    SELECT 'PRODUCTION_LIMIT_EXCEEDED', g.organisation_id, NULL::uuid, g.identifier_type, g.identifier_value,
           NULL::text, NULL::text, NULL::timestamptz, g.holder, NULL::text, g.used
      FROM (
        SELECT c.organisation_id, c.holder, count(*)::int AS used,
               CASE WHEN c.holder = 'person' THEN c.identifier_type END AS identifier_type,
               CASE WHEN c.holder = 'person' THEN c.identifier_value END AS identifier_value
          FROM live c
         WHERE c.counts_for_limit
         GROUP BY 1, 2, 4, 5
      ) g
     WHERE g.used > CASE WHEN g.holder = 'person'
                         THEN ${params.add(PRODUCTION_LIMITS.person)}::int
                         ELSE ${params.add(PRODUCTION_LIMITS.organisation)}::int END`;
}
