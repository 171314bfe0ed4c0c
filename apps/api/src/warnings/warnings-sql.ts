import { EHEALTH_IDENTIFIER_TYPES, isRenewalOpen, PRODUCTION_LIMITS, RENEWAL_STATES } from '@certdesk/domain';
import type { SqlParams } from '../certificates/list/sql-params.js';
import { StatusSql } from '../certificates/list/status-sql.js';
import { ETK_WARNING_CODES, etkWarningRowsSql } from './etk-warnings-sql.js';

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

/** The per-certificate checks: each a boolean column of the `live` rows below (and what to tell about it). */
const CERTIFICATE_CHECKS: readonly { code: WarningCode; flag: string; detail?: string }[] = [
  { code: 'MANAGER_LEFT', flag: 'manager_left', detail: 'c.manager_name' },
  { code: 'KEYSTORE_LOCATION_UNKNOWN', flag: 'keystore_unknown' },
  { code: 'UNKNOWN_ENVIRONMENT', flag: 'unknown_environment' },
  { code: 'RENEWABLE_NO_RENEWAL', flag: 'renewable_no_renewal' },
];

const PERSON_TYPES = EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === 'person').map((t) => t.type);
const OPEN_RENEWAL_STATES = RENEWAL_STATES.filter(isRenewalOpen);

/**
 * Every warning of the organisations in scope, set-based. The certificates in force (active, not expired) are read
 * once, each with its checks as booleans (left joins to its keystore, manager, the manager's employed membership and
 * an open renewal), then one row per raised warning; the production limits group the
 * same rows. Columns as WarningRow; `organisationIds` null means every organisation. The rules come from
 * libs/domain: status bounds (statusThresholds), which identifier types a person holds, the production limits,
 * which renewal states are open.
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
             p.id IS NOT NULL AND employed.id IS NULL AS manager_left,
             ks.id IS NULL OR ks.host = '' OR ks.path = '' AS keystore_unknown,
             c.environment = 'unknown' AND c.identifier_type IS NOT NULL AS unknown_environment,
             ${status.is('renewable')} AND renewal.id IS NULL AS renewable_no_renewal,
             c.environment = 'production' AND c.identifier_type IS NOT NULL
               AND ${status.isAny(['valid', 'renewable'])} AS counts_for_limit,
             CASE WHEN c.identifier_type = ANY(${personTypes}) THEN 'person' ELSE 'organisation' END AS holder
        FROM certificate c
        JOIN orgs ON orgs.id = c.organisation_id
        LEFT JOIN person p ON p.id = c.manager_id
        -- At most one row each (unique per person and organisation; one open renewal per certificate), so these
        -- left joins are anti-joins that keep the plan a few hash joins.
        LEFT JOIN membership employed
               ON employed.person_id = c.manager_id AND employed.organisation_id = c.organisation_id
              AND employed.employed
        LEFT JOIN renewal_case renewal
               ON renewal.certificate_id = c.id
              AND renewal.state = ANY(${params.add(OPEN_RENEWAL_STATES)}::text[])
        LEFT JOIN keystore ks ON ks.id = c.keystore_id
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
      (check) => `
    SELECT '${check.code}', c.organisation_id, c.id, c.identifier_type, c.identifier_value, c.application_id,
           c.holder_name, c.not_after, ${check.detail ?? 'NULL::text'}, NULL::text, NULL
      FROM live c WHERE c.${check.flag}
    UNION ALL`,
    ).join('')}
    ${etkWarningRowsSql(params, status, now)}
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
