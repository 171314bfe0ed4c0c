import {
  brusselsDate,
  brusselsEpochDay,
  isRenewalOpen,
  RENEWAL_STATES,
  startOfBrusselsDay,
} from '@certdesk/domain';
import type { Sql } from '../certificates/list/certificate-list-sql.js';
import { SqlParams } from '../certificates/list/sql-params.js';
import { organisationLimitExceededSql, personLimitsCte, talliedCtes } from './certificate-tallies-sql.js';

export const EXPIRY_MONTHS = 12;

/**
 * Run before overviewSql, in its transaction. Postgres has no statistics on a CTE, so it misestimates the joins of the
 * tallies by orders of magnitude at national scale, and its JIT then spent 6-14 s compiling a statement that runs in
 * well under a second (docs/performance.md).
 */
export const OVERVIEW_SETTINGS_SQL = 'SET LOCAL jit = off';
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
 * Counts come from the certificate tallies (certificate-tallies-sql.ts), so its cost follows the organisations in
 * scope, not their certificates; the warnings the tallies do not count (contacts, natural persons' limits) are read
 * from their own small tables.
 */
export function overviewSql(organisationIds: string[] | null, now: Date): Sql {
  const params = new SqlParams();
  const scope = organisationIds === null ? 'TRUE' : `o.id = ANY(${params.add(organisationIds)}::uuid[])`;
  const tallied = talliedCtes(params, 'scope_orgs', now);
  const personLimits = personLimitsCte(params, 'scope_orgs', now);
  const limitExceeded = organisationLimitExceededSql(params);
  const text = `
    WITH scope_orgs AS (SELECT o.id, o.name FROM organisation o WHERE ${scope}),
    ${tallied}
    ${personLimits}
    contacts AS (
      SELECT k.organisation_id, bool_or(k.generic) AS has_generic,
             (count(*) FILTER (WHERE k.delivery_failed_at IS NOT NULL))::int AS failed
        FROM contact k WHERE k.organisation_id IN (SELECT id FROM scope_orgs)
       GROUP BY k.organisation_id
    ),
    per_organisation AS (
      SELECT s.id, s.name, t.total_expired AS expired,
             t.without_renewal_window - t.nyv_window_without_renewal AS renewable_without_renewal,
             t.manager_left_live + t.keystore_unknown_live + t.unknown_environment_live
               + (t.without_renewal_window - t.nyv_window_without_renewal)
               + ${limitExceeded}::int + coalesce(pl.persons, 0)
               + (NOT coalesce(k.has_generic, false))::int + coalesce(k.failed, 0) AS warnings
        FROM scope_orgs s
        JOIN tallied t ON t.organisation_id = s.id
        LEFT JOIN person_limits pl ON pl.organisation_id = s.id
        LEFT JOIN contacts k ON k.organisation_id = s.id
    )
    SELECT
      (SELECT json_build_object(
                'expired', coalesce(sum(t.total_expired), 0),
                'not-yet-valid', coalesce(sum(t.nyv_total), 0),
                'renewable', coalesce(sum(t.total_window - t.nyv_window), 0),
                'valid', coalesce(sum(t.total_live - t.total_window - (t.nyv_total - t.nyv_window)), 0))
         FROM tallied t) AS statuses,
      ${expiriesByMonthSql(params, organisationIds, now)} AS months,
      (SELECT coalesce(json_agg(json_build_object(
                'organisationId', r.id, 'name', r.name, 'warnings', r.warnings, 'expired', r.expired,
                'renewableWithoutRenewal', r.renewable_without_renewal)
              ORDER BY r.expired DESC, r.renewable_without_renewal DESC, r.warnings DESC, r.name), '[]'::json)
         FROM (
           SELECT * FROM per_organisation p
            WHERE p.warnings > 0 OR p.expired > 0
            ORDER BY p.expired DESC, p.renewable_without_renewal DESC, p.warnings DESC, p.name
            LIMIT ${params.add(AT_RISK_LIMIT)}) r) AS at_risk,
      (SELECT coalesce(json_object_agg(p.state, p.n), '{}'::json) FROM (
         SELECT r.state, count(*)::int AS n FROM renewal_case r
          WHERE r.state = ANY(${params.add(OPEN_RENEWAL_STATES)}::text[])
            AND r.organisation_id IN (SELECT id FROM scope_orgs)
          GROUP BY r.state) p) AS renewals`;
  return { text, values: params.values };
}

/**
 * The active certificates expiring in each of the 12 months (the first from `now`), as a JSON array. Every
 * organisation: from the per-day tally (its base and the changes since, by Brussels day of notAfter), less today's
 * already expired ones. Some: counted from their certificates (the per-organisation index).
 */
function expiriesByMonthSql(params: SqlParams, organisationIds: string[] | null, now: Date): string {
  const months = expiryMonths(now);
  const labels = `${params.add(months.map((m) => m.month))}::text[]`;
  if (organisationIds !== null) {
    return `(SELECT json_agg(json_build_object('month', m.month, 'count', (
               SELECT count(*)::int FROM certificate c
                WHERE c.state = 'active' AND c.organisation_id IN (SELECT id FROM scope_orgs)
                  AND c.not_after >= m.starts AND c.not_after < m.ends)) ORDER BY m.month)
               FROM unnest(${labels}, ${params.add(months.map((m) => m.starts))}::timestamptz[],
                           ${params.add(months.map((m) => m.ends))}::timestamptz[]) AS m(month, starts, ends))`;
  }
  const at = `${params.add(now)}::timestamptz`;
  const today = brusselsEpochDay(now);
  // Month i covers the Brussels days [first, last]; the first month starts today.
  const firstDays = months.map((m, i) => (i === 0 ? today : brusselsEpochDay(m.starts)));
  const lastDays = months.map((m) => brusselsEpochDay(new Date(m.ends.getTime() - 1)));
  return `(SELECT json_agg(json_build_object('month', m.month, 'count', (
             SELECT coalesce(sum(d.total), 0)::int FROM (
               SELECT t.total FROM certificate_day_tally t WHERE t.day BETWEEN m.first AND m.last
               UNION ALL
               -- Every change, a deleted organisation's too: the day tally still counts its certificates.
               SELECT ch.total FROM certificate_tally_change ch WHERE ch.day BETWEEN m.first AND m.last) d)
             - CASE WHEN m.first = ${params.add(today)}::int THEN (
                 SELECT count(*)::int FROM certificate c
                  WHERE c.state = 'active'
                    AND c.not_after >= ${params.add(startOfBrusselsDay(today))}::timestamptz
                    AND c.not_after < ${at}) ELSE 0 END) ORDER BY m.month)
             FROM unnest(${labels}, ${params.add(firstDays)}::int[], ${params.add(lastDays)}::int[])
                  AS m(month, first, last))`;
}
