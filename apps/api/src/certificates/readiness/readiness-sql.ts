import { readinessBoundDays, startOfBrusselsDay, type ReadinessPolicy } from '@certdesk/domain';
import { startOfBrusselsDaySql } from '../../overview/certificate-tallies-sql.js';
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
 * Only those adjusted organisations are figured: the totals are the epoch's (or the scope's tally rows') corrected by
 * them, and the first page reads the tally's index as far as the limit-th count. Exact whatever bounds the roll used;
 * what it reads beyond the tallies grows with the days since the roll (a day's expiries and openings when it ran
 * today). apps/api/test/readiness-kept.test.ts compares it with readySql over every certificate, across rolls at
 * other days and policies and a roll beside an open writer.
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
      SELECT ${startOfBrusselsDaySql('e.epoch_day')} AS starts,
             ${startOfBrusselsDaySql('e.attested_from_day')} AS attested_from,
             ${startOfBrusselsDaySql('e.enough_from_day')} AS enough_from,
             ${startOfBrusselsDaySql('e.horizon_end_day')} AS horizon_end,
             e.epoch_day, e.attested_from_day, e.enough_from_day, e.horizon_end_day, e.not_ready_total, e.organisations
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
    -- The organisations whose count differs from their tally row's: their row's count, and their count now.
    adjusted AS MATERIALIZED (
      SELECT a.organisation_id, a.base, (a.base + a.delta)::int AS count
        FROM (
          SELECT d.organisation_id, sum(d.within_horizon - d.ready) AS delta,
                 coalesce((SELECT t.not_ready FROM readiness_tally t WHERE t.organisation_id = d.organisation_id), 0)
                   AS base
            FROM (SELECT * FROM changes UNION ALL SELECT * FROM moved) d
           GROUP BY d.organisation_id
        ) a
    ),
    -- The tally rows hold the organisations with some not ready at the epoch; every organisation is counted once,
    -- from its row or as adjusted (a deleted organisation's certificates went with it: adjusted to none).
    totals AS (
      SELECT (base.not_ready + coalesce((SELECT sum(a.count - a.base) FROM adjusted a), 0))::int AS not_ready_total,
             (base.organisations
               + coalesce((SELECT sum((a.count > 0)::int - (a.base > 0)::int) FROM adjusted a), 0))::int
               AS organisations
        FROM (${
          scopeIds === null
            ? 'SELECT b.not_ready_total AS not_ready, b.organisations FROM bounds b'
            : `SELECT coalesce(sum(t.not_ready), 0) AS not_ready, count(*) AS organisations FROM readiness_tally t
                WHERE t.organisation_id = ANY(${scopeIds})`
        }) base
    ),
    -- The limit-th largest count (1 when fewer organisations have some): among the adjusted ones and the tally rows
    -- with the most that are not adjusted (at least limit of them, if there are), read by the tally's index. Values
    -- left out could only lower it: more candidates, the same page.
    threshold AS (
      SELECT coalesce((
        SELECT x.count FROM (
          SELECT a.count FROM adjusted a WHERE a.count > 0
          UNION ALL
          SELECT t.not_ready FROM (
            SELECT t.organisation_id, t.not_ready FROM readiness_tally t WHERE TRUE ${inScope('t.organisation_id')}
             ORDER BY t.not_ready DESC LIMIT ${limitParam} + (SELECT count(*) FROM adjusted)) t
           WHERE NOT EXISTS (SELECT 1 FROM adjusted a WHERE a.organisation_id = t.organisation_id)) x
         ORDER BY x.count DESC OFFSET ${limitParam} - 1 LIMIT 1), 1) AS at_least
    ),
    -- Every organisation with at least that many (ties included, which their names order): their names only are read.
    candidates AS (
      SELECT a.organisation_id, a.count FROM adjusted a
       WHERE a.count > 0 AND a.count >= (SELECT at_least FROM threshold)
      UNION ALL
      SELECT t.organisation_id, t.not_ready FROM readiness_tally t
       WHERE t.not_ready >= (SELECT at_least FROM threshold) ${inScope('t.organisation_id')}
         AND NOT EXISTS (SELECT 1 FROM adjusted a WHERE a.organisation_id = t.organisation_id)
    ),
    first AS (
      SELECT c.organisation_id, (SELECT o.name FROM organisation o WHERE o.id = c.organisation_id) AS name, c.count
        FROM candidates c
       ORDER BY c.count DESC, name, c.organisation_id
       LIMIT ${limitParam}
    )
    SELECT f.organisation_id AS "organisationId", f.name, f.count,
           t.not_ready_total AS "notReadyTotal", t.organisations
      FROM first f CROSS JOIN totals t
     ORDER BY f.count DESC, f.name, f.organisation_id`;
  return { text, values: params.values };
}
