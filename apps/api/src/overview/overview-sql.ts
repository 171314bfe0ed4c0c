import { brusselsDate, isRenewalOpen, RENEWAL_STATES, startOfBrusselsDay } from '@certdesk/domain';
import { SqlParams } from '../certificates/list/sql-params.js';
import { StatusSql } from '../certificates/list/status-sql.js';
import type { Sql } from '../certificates/list/certificate-list-sql.js';
import { warningRowsSql } from '../warnings/warnings-sql.js';

export const EXPIRY_MONTHS = 12;
export const AT_RISK_LIMIT = 10;

export interface ExpiryMonth {
  /** 'YYYY-MM', a Europe/Brussels calendar month. */
  month: string;
  starts: Date;
  ends: Date;
}

/**
 * The current Brussels month (from `now`) and the 11 after it, as instants: each month starts at Brussels
 * midnight on its first day (libs/domain startOfBrusselsDay), the first one at `now`.
 */
export function expiryMonths(now: Date, count = EXPIRY_MONTHS): ExpiryMonth[] {
  const [year, month] = brusselsDate(now).split('-').map(Number) as [number, number];
  const firstOf = (offset: number) => {
    const utc = new Date(Date.UTC(year, month - 1 + offset, 1));
    return {
      label: `${utc.getUTCFullYear()}-${String(utc.getUTCMonth() + 1).padStart(2, '0')}`,
      // Days since 1970-01-01 of that first day: plain Gregorian arithmetic; Brussels midnight from libs/domain.
      starts: startOfBrusselsDay(utc.getTime() / 86_400_000),
    };
  };
  return Array.from({ length: count }, (_, i) => ({
    month: firstOf(i).label,
    starts: i === 0 ? now : firstOf(i).starts,
    ends: firstOf(i + 1).starts,
  }));
}

const OPEN_RENEWAL_STATES = RENEWAL_STATES.filter(isRenewalOpen);

/**
 * The dashboard's first page in one statement (one round trip): active certificates by status, expiries per
 * Brussels month for 12 months, the organisations most at risk, open renewals by state. One row of JSON columns:
 * statuses {status: n}, months [{month, count}], at_risk [{organisationId, name, warnings, expired,
 * renewableWithoutRenewal}], renewals {state: n}. `organisationIds` null = every organisation.
 */
export function overviewSql(organisationIds: string[] | null, now: Date): Sql {
  const params = new SqlParams();
  const scopeList = organisationIds === null ? null : `${params.add(organisationIds)}::uuid[]`;
  const inScope = (column: string) => (scopeList === null ? 'TRUE' : `${column} = ANY(${scopeList})`);
  const status = new StatusSql(params, now);
  const months = expiryMonths(now);
  const warnings = warningRowsSql(params, organisationIds, now, { details: false });
  const text = `
    WITH months(month, starts, ends) AS (
      SELECT * FROM unnest(${params.add(months.map((m) => m.month))}::text[],
                           ${params.add(months.map((m) => m.starts))}::timestamptz[],
                           ${params.add(months.map((m) => m.ends))}::timestamptz[])
    ),
    warning_counts AS (
      SELECT w.organisation_id, count(*)::int AS warnings,
             (count(*) FILTER (WHERE w.code = 'RENEWABLE_NO_RENEWAL'))::int AS renewable_without_renewal
        FROM (${warnings}) w GROUP BY w.organisation_id
    ),
    expired_counts AS (
      SELECT c.organisation_id, count(*)::int AS expired
        FROM certificate c
       WHERE c.state = 'active' AND ${inScope('c.organisation_id')} AND ${status.is('expired')}
       GROUP BY c.organisation_id
    )
    SELECT
      (SELECT coalesce(json_object_agg(s.status, s.n), '{}'::json) FROM (
         SELECT ${status.expression()} AS status, count(*)::int AS n
           FROM certificate c WHERE c.state = 'active' AND ${inScope('c.organisation_id')}
          GROUP BY 1) s) AS statuses,
      (SELECT json_agg(json_build_object('month', m.month, 'count', (
         SELECT count(*)::int FROM certificate c
          WHERE c.state = 'active' AND ${inScope('c.organisation_id')}
            AND c.not_after >= m.starts AND c.not_after < m.ends)) ORDER BY m.month)
         FROM months m) AS months,
      (SELECT coalesce(json_agg(json_build_object(
                'organisationId', r.id, 'name', r.name, 'warnings', r.warnings, 'expired', r.expired,
                'renewableWithoutRenewal', r.renewable_without_renewal)
              ORDER BY r.expired DESC, r.renewable_without_renewal DESC, r.warnings DESC, r.name), '[]'::json)
         FROM (
           SELECT o.id, o.name, coalesce(w.warnings, 0) AS warnings, coalesce(e.expired, 0) AS expired,
                  coalesce(w.renewable_without_renewal, 0) AS renewable_without_renewal
             FROM organisation o
             LEFT JOIN warning_counts w ON w.organisation_id = o.id
             LEFT JOIN expired_counts e ON e.organisation_id = o.id
            WHERE (w.warnings > 0 OR e.expired > 0)
            ORDER BY 4 DESC, 5 DESC, 3 DESC, o.name
            LIMIT ${params.add(AT_RISK_LIMIT)}) r) AS at_risk,
      (SELECT coalesce(json_object_agg(p.state, p.n), '{}'::json) FROM (
         SELECT r.state, count(*)::int AS n FROM renewal_case r
          WHERE r.state = ANY(${params.add(OPEN_RENEWAL_STATES)}::text[]) AND ${inScope('r.organisation_id')}
          GROUP BY r.state) p) AS renewals`;
  return { text, values: params.values };
}
