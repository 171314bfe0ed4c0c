import { WITHOUT_JIT_SQL } from '@certdesk/persistence';
import {
  brusselsDate,
  brusselsEpochDay,
  OPEN_RENEWAL_STATES,
  startOfBrusselsDay,
  statusThresholds,
} from '@certdesk/domain';
import type { Sql } from '../certificates/list/certificate-list-sql.js';
import { SqlParams } from '../certificates/list/sql-params.js';
import {
  organisationLimitExceededSql,
  personLimitsCte,
  scopedTalliedCtes,
  tallyEpochCtes,
  UNSETTLED_ORGANISATION_IDS,
} from './certificate-tallies-sql.js';

export const EXPIRY_MONTHS = 12;

/**
 * Run before overviewSql, in its transaction. Postgres has no statistics on a CTE, so it misestimates the joins of the
 * tallies by orders of magnitude at national scale, and its JIT then spent 6-14 s compiling a statement that runs in
 * well under a second; and searching the orders of its eight-way join of each organisation's figures cost more CPU
 * than running it (every organisation at 1M: 55 -> 42 ms per statement), so the joins run in the order written, from
 * the organisations in scope (docs/performance.md).
 */
export const OVERVIEW_SETTINGS_SQL = `${WITHOUT_JIT_SQL}; SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1`;
export const AT_RISK_LIMIT = 10;
/** The organisations the overview names for their certificates not ready (the count covers every one). */
export const NOT_READY_ORGANISATIONS_LIMIT = 10;

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

/**
 * The dashboard's first page in one statement (one round trip): active certificates by status, expiries per
 * Brussels month for 12 months, the organisations most at risk, open renewals by state. One row of JSON columns:
 * statuses {status: n}, months [{month, count}], at_risk [{organisationId, name, warnings, expired,
 * renewableWithoutRenewal}], renewals {state: n}. `organisationIds` null = every organisation.
 * Counts come from the certificate tallies (certificate-tallies-sql.ts), so its cost follows the organisations in
 * scope, not their certificates; the warnings the tallies do not count (contacts, natural persons' limits) are read
 * from their own small tables. For every organisation, the statuses come from the per-day tally and the ranking is
 * figured for the few organisations that can reach it (`atRiskCandidatesCtes`), so the cost does not grow with the
 * organisations either.
 */
export function overviewSql(organisationIds: string[] | null, now: Date): Sql {
  const params = new SqlParams();
  const everyOrganisation = organisationIds === null;
  const scopeIds = everyOrganisation ? null : `${params.add(organisationIds)}::uuid[]`;
  const scope = scopeIds === null ? 'TRUE' : `o.id = ANY(${scopeIds})`;
  const epochCtes = tallyEpochCtes(params, now, scopeIds);
  // Every organisation: their figures only for the candidates of the ranking; the statuses from the day tally.
  const ranked = everyOrganisation ? 'candidates' : 'scope_orgs';
  const candidates = everyOrganisation ? atRiskCandidatesCtes(params) : '';
  const tallied = scopedTalliedCtes(params, ranked, now);
  const personLimits = personLimitsCte(params, ranked, now);
  const limitExceeded = organisationLimitExceededSql(params);
  const statuses = everyOrganisation
    ? everyStatusFromDaysSql(params, now)
    : `(SELECT json_build_object(
                'expired', coalesce(sum(t.total_expired), 0),
                'not-yet-valid', coalesce(sum(t.nyv_total), 0),
                'renewable', coalesce(sum(t.total_window - t.nyv_window), 0),
                'valid', coalesce(sum(t.total_live - t.total_window - (t.nyv_total - t.nyv_window)), 0))
         FROM tallied t)`;
  const text = `
    WITH scope_orgs AS (SELECT o.id, o.name FROM organisation o WHERE ${scope}),
    ${epochCtes}
    ${candidates}
    ${tallied}
    ${personLimits}
    contacts AS (
      SELECT k.organisation_id, bool_or(k.generic) AS has_generic,
             (count(*) FILTER (WHERE k.delivery_failed_at IS NOT NULL))::int AS failed
        FROM contact k WHERE k.organisation_id IN (SELECT id FROM ${ranked})
       GROUP BY k.organisation_id
    ),
    per_organisation AS (
      SELECT s.id, s.name, t.total_expired AS expired,
             t.without_renewal_window - t.nyv_window_without_renewal AS renewable_without_renewal,
             t.manager_left_live + t.keystore_unknown_live + t.unknown_environment_live
               + (t.without_renewal_window - t.nyv_window_without_renewal)
               + ${limitExceeded}::int + coalesce(pl.persons, 0)
               + (NOT coalesce(k.has_generic, false))::int + coalesce(k.failed, 0) AS warnings
        FROM ${ranked} s
        JOIN tallied t ON t.organisation_id = s.id
        LEFT JOIN person_limits pl ON pl.organisation_id = s.id
        LEFT JOIN contacts k ON k.organisation_id = s.id
    )
    SELECT
      ${statuses} AS statuses,
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
            ${everyOrganisation ? '' : 'AND r.organisation_id IN (SELECT id FROM scope_orgs)'}
          GROUP BY r.state) p) AS renewals`;
  return { text, values: params.values };
}

/**
 * CTEs (after tallyEpochCtes, ending with a comma) defining `candidates` (id, name): the organisations that can be
 * among the AT_RISK_LIMIT most at risk of every organisation, ranked first by their expired certificates. A settled
 * organisation (not in certificate-tallies-sql.ts's UNSETTLED_ORGANISATION_IDS) has exactly its tally's
 * `total_before` expired; an unsettled one's expired certificates are figured from its tally, its changes
 * and the certificates that expired since the epoch (few organisations, a day's expiries). The floor is the
 * AT_RISK_LIMIT-th largest expired count among the unsettled and the AT_RISK_LIMIT + (unsettled ones) settled
 * organisations with the most: at least AT_RISK_LIMIT organisations have that many (> 0), all at risk, and every other
 * organisation is settled with no more, so any with fewer ranks after them. The candidates are those at or above the
 * floor (ties included: later keys may rank them first). A floor of 0 (few organisations, or few with expired
 * certificates) keeps every organisation.
 */
export function atRiskCandidatesCtes(params: SqlParams): string {
  const limit = `${params.add(AT_RISK_LIMIT)}::int`;
  return `
    unsettled AS MATERIALIZED (
      SELECT DISTINCT u.organisation_id FROM unnest(${UNSETTLED_ORGANISATION_IDS}) AS u(organisation_id)
    ),
    -- scopedTalliedCtes' total_expired, for the unsettled organisations only.
    unsettled_expired AS MATERIALIZED (
      SELECT u.organisation_id,
             -- The tally by its key: few organisations are unsettled, and joined, all 10,000 tallies were hashed.
             coalesce((SELECT t.total_before FROM certificate_tally t WHERE t.organisation_id = u.organisation_id), 0)
               + coalesce(ch.total_before, 0) + coalesce(mv.expired_since, 0) AS expired
        FROM unsettled u
        LEFT JOIN (SELECT ch.organisation_id, sum(ch.total) FILTER (WHERE ch.day < e.day) AS total_before
                     FROM certificate_tally_change ch CROSS JOIN epoch e
                    GROUP BY ch.organisation_id) ch ON ch.organisation_id = u.organisation_id
        LEFT JOIN (SELECT m.organisation_id, sum(m.expired_since) AS expired_since FROM moved_rows m
                    GROUP BY m.organisation_id) mv ON mv.organisation_id = u.organisation_id
    ),
    expired_floor AS MATERIALIZED (
      SELECT coalesce((
        SELECT a.expired FROM (
          SELECT ue.expired FROM unsettled_expired ue
          UNION ALL
          SELECT s.total_before FROM (
            SELECT t.organisation_id, t.total_before FROM certificate_tally t
             ORDER BY t.total_before DESC LIMIT (SELECT count(*) FROM unsettled) + ${limit}) s
           WHERE NOT EXISTS (SELECT 1 FROM unsettled u WHERE u.organisation_id = s.organisation_id)) a
         ORDER BY a.expired DESC OFFSET ${limit} - 1 LIMIT 1), 0) AS expired
    ),
    -- One array (every organisation's when the floor is 0): the planner then reads each candidate's rows by its
    -- keys, where a CTE's unknown size made it read every organisation's and hash them.
    candidates AS MATERIALIZED (
      SELECT o.id, o.name FROM organisation o
       WHERE o.id = ANY((SELECT CASE WHEN f.expired <= 0 THEN ARRAY(SELECT a.id FROM organisation a)
                                     ELSE ARRAY(SELECT ue.organisation_id FROM unsettled_expired ue
                                                 WHERE ue.expired >= f.expired
                                                UNION
                                                SELECT t.organisation_id FROM certificate_tally t
                                                 WHERE t.total_before >= f.expired) END
                           FROM expired_floor f)::uuid[])
    ),`;
}

/**
 * Every organisation's active certificates by status, as JSON: from the per-day tally and every change since (by
 * Brussels day of notAfter), the part of today already past counted from the certificates (the notAfter index), and
 * the few not yet valid (tallyEpochCtes' not_yet_valid_rows). statusThresholds' renewableBefore is a Brussels
 * midnight, so the renewal window ends on a day of the tally.
 */
function everyStatusFromDaysSql(params: SqlParams, now: Date): string {
  const today = brusselsEpochDay(now);
  const { renewableBefore } = statusThresholds(now);
  const windowEnds = params.add(brusselsEpochDay(renewableBefore));
  const before = `${params.add(renewableBefore)}::timestamptz`;
  return `(SELECT json_build_object(
                'expired', d.expired,
                'not-yet-valid', n.nyv_total,
                'renewable', d.up_to_window - d.expired - n.nyv_window,
                'valid', d.total - d.up_to_window - (n.nyv_total - n.nyv_window))
         FROM (
           SELECT coalesce(sum(t.total) FILTER (WHERE t.day < ${params.add(today)}::int), 0)
                    + (SELECT count(*) FROM certificate c
                        WHERE c.state = 'active'
                          AND c.not_after >= ${params.add(startOfBrusselsDay(today))}::timestamptz
                          AND c.not_after < ${params.add(now)}::timestamptz) AS expired,
                  coalesce(sum(t.total) FILTER (WHERE t.day < ${windowEnds}::int), 0) AS up_to_window,
                  coalesce(sum(t.total), 0) AS total
             FROM (SELECT day, total FROM certificate_day_tally
                   UNION ALL
                   SELECT day, total FROM certificate_tally_change) t) d,
              (SELECT count(*) AS nyv_total, count(*) FILTER (WHERE r.not_after < ${before}) AS nyv_window
                 FROM not_yet_valid_rows r) n)`;
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
