import { readinessBoundDays, startOfBrusselsDay, type ReadinessPolicy } from '@certdesk/domain';
import { SqlParams } from '../list/sql-params.js';

/**
 * libs/domain renewalReadiness's `ready`, as a predicate on certificate `c` for the list's filter and the overview's
 * count: from what the database keeps on the row (migration 1796363000000-certificate-readiness-facts: the facts
 * that do not change with the day, and when the custodian last opened the keystore; keystore_unknown, kept for the
 * warnings), compared with the time bounds computed here from libs/domain's Brussels-day arithmetic. Never null, so
 * `NOT` of it is the not-ready ones. apps/api/test/readiness.test.ts checks it answers as the domain does, and
 * readiness-kept.test.ts that it answers as the facts' own tables do after every kind of change to them.
 */
export function readySql(params: SqlParams, policy: ReadinessPolicy, now: Date): string {
  return `(c.state = 'active' AND ${activeReadySql(params, policy, now)})`;
}

/**
 * readySql of a certificate known to be active: the columns of the index of the active certificates in notAfter
 * order alone (`state` is only its predicate), so a count over it reads no row.
 */
function activeReadySql(params: SqlParams, policy: ReadinessPolicy, now: Date): string {
  const { attestedFrom, enoughFrom } = readinessBounds(params, policy, now);
  return `(c.readiness_facts_met AND NOT c.keystore_unknown
    AND (c.custody_opened_at >= ${attestedFrom}) IS TRUE AND c.not_after >= ${enoughFrom})`;
}

/** readySql's bounds at `now`, as parameters. */
function readinessBounds(params: SqlParams, policy: ReadinessPolicy, now: Date) {
  const { attestedFromDay, enoughFromDay } = readinessBoundDays(now, policy);
  return {
    // Opened on or after the Brussels day `attestationValidityDays` before today.
    attestedFrom: `${params.add(startOfBrusselsDay(attestedFromDay))}::timestamptz`,
    // More days left than eHealth's lead time (and so not expired).
    enoughFrom: `${params.add(startOfBrusselsDay(enoughFromDay))}::timestamptz`,
  };
}

/** The list's `readiness` filter: ready, or an active certificate that is not. */
export function readinessFilterSql(
  params: SqlParams,
  wanted: 'ready' | 'not-ready',
  policy: ReadinessPolicy,
  now: Date,
): string {
  return wanted === 'ready'
    ? readySql(params, policy, now)
    : `(c.state = 'active' AND NOT ${activeReadySql(params, policy, now)})`;
}

/**
 * Per organisation of `scope` (null: all), its active certificates within the digest horizon (not expired, at most
 * digestFromDays days left) that are not ready: the overview's count, from the readiness tallies (migration
 * 1796364000000). The first `limit` organisations, most first, each row with the totals over every organisation
 * (`notReadyTotal`, `organisations`): at national scale 10,000 organisations have some.
 * An organisation's counts are its tally row's at the epoch's bounds, plus every change written since (where the
 * certificates written lie, counted at the epoch's bounds), plus, for each active certificate lying between the
 * epoch's bounds and now's (notAfter between the epoch's day and now, between the two lead-time bounds, between the two
 * horizon ends; its custodian's opening between the two attestation bounds), how its standing differs between them.
 * Exact whatever bounds the roll used; what it reads beyond the tallies grows with the days since the roll (a day's
 * expiries and openings when it ran today). apps/api/test/readiness-kept.test.ts compares it with readySql over every
 * certificate, across rolls at other days and policies and a roll beside an open writer.
 */
export function notReadyWithinHorizonSql(
  scope: string[] | null,
  policy: ReadinessPolicy,
  now: Date,
  limit: number,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const scopeIds = scope === null ? null : `${params.add(scope)}::uuid[]`;
  const limitParam = `${params.add(limit)}::int`;
  const inScope = (column: string) => (scopeIds === null ? '' : `AND ${column} = ANY(${scopeIds})`);
  const at = `${params.add(now)}::timestamptz`;
  const { attestedFrom, enoughFrom } = readinessBounds(params, policy, now);
  // The digest's horizon: at most `digestFromDays` days left.
  const horizonEnd = `${params.add(startOfBrusselsDay(readinessBoundDays(now, policy).horizonEndDay))}::timestamptz`;
  const starts = (day: string) => `((DATE '1970-01-01' + ${day})::timestamp AT TIME ZONE 'Europe/Brussels')`;
  // Where a certificate counts, at the epoch's bounds (b) and at now's.
  const withinAtEpoch = 'c.not_after >= b.starts AND c.not_after < b.horizon_end';
  const readyAtEpoch = `${withinAtEpoch} AND c.readiness_facts_met AND NOT c.keystore_unknown
    AND c.custody_opened_at >= b.attested_from AND c.not_after >= b.enough_from`;
  const withinNow = `c.not_after >= ${at} AND c.not_after < ${horizonEnd}`;
  const readyNow = `${withinNow} AND c.readiness_facts_met AND NOT c.keystore_unknown
    AND c.custody_opened_at >= ${attestedFrom} AND c.not_after >= ${enoughFrom}`;
  const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
  // The active certificates between an epoch bound and now's, by notAfter (one index range each: an OR of them would
  // read every active certificate) or by the custodian's opening.
  const between = (column: string, epochBound: string, nowBound: string) => `
        SELECT c.id, c.organisation_id, c.not_after, c.readiness_facts_met, c.keystore_unknown, c.custody_opened_at
          FROM bounds b
          JOIN certificate c ON c.state = 'active' ${inScope('c.organisation_id')}
           AND c.${column} >= least(${epochBound}, ${nowBound}) AND c.${column} < greatest(${epochBound}, ${nowBound})`;
  const text = `
    WITH bounds AS (
      SELECT ${starts('e.epoch_day')} AS starts, ${starts('e.attested_from_day')} AS attested_from,
             ${starts('e.enough_from_day')} AS enough_from, ${starts('e.horizon_end_day')} AS horizon_end,
             e.epoch_day, e.attested_from_day, e.enough_from_day, e.horizon_end_day
        FROM readiness_tally_epoch e
       LIMIT 1
    ),
    changes AS (
      SELECT ch.organisation_id,
             coalesce(sum(ch.count) FILTER (WHERE ch.not_after_day >= b.epoch_day
                                              AND ch.not_after_day < b.horizon_end_day), 0) AS within_horizon,
             coalesce(sum(ch.count) FILTER (WHERE ch.not_after_day >= b.enough_from_day
                                              AND ch.not_after_day < b.horizon_end_day
                                              AND ch.ready_from_day >= b.attested_from_day), 0) AS ready
        FROM readiness_tally_change ch CROSS JOIN bounds b
       WHERE TRUE ${inScope('ch.organisation_id')}
       GROUP BY ch.organisation_id
    ),
    moved_rows AS (${between('not_after', 'b.starts', at)}
      UNION ${between('not_after', 'b.enough_from', enoughFrom)}
      UNION ${between('not_after', 'b.horizon_end', horizonEnd)}
      UNION ${between('custody_opened_at', 'b.attested_from', attestedFrom)}
    ),
    moved AS (
      SELECT c.organisation_id,
             sum(${flag(withinNow)} - ${flag(withinAtEpoch)}) AS within_horizon,
             sum(${flag(readyNow)} - ${flag(readyAtEpoch)}) AS ready
        FROM moved_rows c CROSS JOIN bounds b
       GROUP BY c.organisation_id
    ),
    adjustments AS (
      SELECT organisation_id, sum(within_horizon) AS within_horizon, sum(ready) AS ready
        FROM (SELECT * FROM changes UNION ALL SELECT * FROM moved) a
       GROUP BY organisation_id
    ),
    -- A deleted organisation's certificates went with it (their change rows cancel its tally row), so every
    -- organisation left with a count exists.
    per_organisation AS MATERIALIZED (
      SELECT coalesce(t.organisation_id, a.organisation_id) AS organisation_id,
             (coalesce(t.within_horizon, 0) + coalesce(a.within_horizon, 0)
               - coalesce(t.ready, 0) - coalesce(a.ready, 0))::int AS count
        FROM (SELECT * FROM readiness_tally t WHERE TRUE ${inScope('t.organisation_id')}) t
        FULL JOIN adjustments a ON a.organisation_id = t.organisation_id
    ),
    not_ready AS (SELECT * FROM per_organisation WHERE count > 0),
    totals AS (SELECT coalesce(sum(count), 0)::int AS not_ready_total, count(*)::int AS organisations FROM not_ready),
    -- Names are read for the organisations that can reach the page only: those with at least the count of the
    -- limit-th most (ties included, which their names order).
    first AS (
      SELECT n.organisation_id, (SELECT o.name FROM organisation o WHERE o.id = n.organisation_id) AS name, n.count
        FROM not_ready n
       WHERE n.count >= (SELECT min(count) FROM (SELECT count FROM not_ready ORDER BY count DESC LIMIT ${limitParam}) top)
       ORDER BY n.count DESC, name, n.organisation_id
       LIMIT ${limitParam}
    )
    SELECT f.organisation_id AS "organisationId", f.name, f.count,
           t.not_ready_total AS "notReadyTotal", t.organisations
      FROM first f CROSS JOIN totals t
     ORDER BY f.count DESC, f.name, f.organisation_id`;
  return { text, values: params.values };
}
