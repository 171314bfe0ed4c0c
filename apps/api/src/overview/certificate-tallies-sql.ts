import {
  brusselsEpochDay,
  EHEALTH_IDENTIFIER_TYPES,
  PRODUCTION_LIMITS,
  RENEWAL_WINDOW_DAYS,
  statusThresholds,
} from '@certdesk/domain';
import type { SqlParams } from '../certificates/list/sql-params.js';

/**
 * Reading the certificate tallies (migration 1796316000000-certificate-tallies): per organisation, each measure's
 * counts relative to an epoch day (the last `certificate_tally_roll`), plus every change written since, then corrected
 * for the time between the epoch and `now` from the certificates themselves (those whose notAfter lies between the
 * epoch's bounds and now's: a day's worth when the roll ran today). Exact at any instant, whenever the roll last ran;
 * its cost grows with the certificates expired since then, not with the inventory.
 */

/** What the tallies count, as the migration names them. */
export const TALLY_MEASURES = [
  'total',
  'manager_left',
  'keystore_unknown',
  'unknown_environment',
  'without_renewal',
  'production',
] as const;
export type TallyMeasure = (typeof TALLY_MEASURES)[number];

/** The tallies split notAfter's days at the epoch and at epoch + this: renewable is `daysLeft <= 90`. */
const TALLY_WINDOW_DAYS = RENEWAL_WINDOW_DAYS + 1;

const PERSON_TYPES = EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === 'person').map((t) => t.type);

/** Each measure as a condition on a certificate row `c` (the migration's MEASURES). */
const MEASURE_CONDITION: Record<TallyMeasure, (c: string) => string> = {
  total: () => 'TRUE',
  manager_left: (c) => `${c}.manager_left`,
  keystore_unknown: (c) => `${c}.keystore_unknown`,
  unknown_environment: (c) => `(${c}.environment = 'unknown' AND ${c}.identifier_type IS NOT NULL)`,
  without_renewal: (c) => `NOT ${c}.renewal_open`,
  production: (c) =>
    `(${c}.environment = 'production' AND ${c}.identifier_type IS NOT NULL AND ${c}.identifier_type <> ALL($PERSON))`,
};

/** libs/domain startOfBrusselsDay in SQL: the instant Brussels' day `day` (days since 1970-01-01) begins. */
export function startOfBrusselsDaySql(day: string): string {
  return `((DATE '1970-01-01' + ${day})::timestamp AT TIME ZONE 'Europe/Brussels')`;
}

/**
 * The CTEs every reading of the tallies starts with (ending with a comma): `epoch` (its day), `epoch_bounds`,
 * `moved_rows` (the active certificates that crossed a bound between the epoch and now: `expired_since` is +1 for one
 * expired since the epoch began, -1 for one the epoch counts as expired that is not yet, 0 otherwise;
 * `entered_window` likewise for the renewal window) and `not_yet_valid_rows`. Read by index: every organisation's,
 * or with `scopeIds` (a uuid[] expression) those of the organisations it names, which a scope of one organisation
 * reads by its own index rather than sifting the day's expiries of every organisation.
 */
export function tallyEpochCtes(params: SqlParams, now: Date, scopeIds: string | null = null): string {
  const inScope = scopeIds === null ? '' : `AND c.organisation_id = ANY(${scopeIds})`;
  const today = brusselsEpochDay(now);
  const at = `${params.add(now)}::timestamptz`;
  const renewableBefore = `${params.add(statusThresholds(now).renewableBefore)}::timestamptz`;
  return `
    epoch AS (
      SELECT coalesce((SELECT epoch_day FROM certificate_tally LIMIT 1), ${params.add(today)}::int) AS day
    ),
    epoch_bounds AS (
      -- Brussels midnight of the epoch day and of the day the epoch's window ends (certificate_tally_day's zone).
      SELECT e.day,
             ${startOfBrusselsDaySql('e.day')} AS starts,
             ${startOfBrusselsDaySql(`e.day + ${TALLY_WINDOW_DAYS}`)} AS window_ends
        FROM epoch e
    ),
    -- The certificates that crossed a bound since the epoch: two narrow ranges of notAfter, each read by its own
    -- index range (an OR of the two would read every active certificate), then kept to the scope. A row's
    -- expired_since is zero outside the first range and its entered_window outside the second, so summing the two
    -- ranges apart counts a certificate lying in both exactly once in each sum.
    moved_rows AS MATERIALIZED (
      SELECT c.organisation_id, c.environment, c.identifier_type, c.manager_left, c.keystore_unknown, c.renewal_open,
             CASE WHEN c.not_after >= b.starts THEN 1 ELSE -1 END AS expired_since, 0 AS entered_window
        FROM epoch_bounds b
        JOIN certificate c ON c.state = 'active' ${inScope}
         AND c.not_after >= least(b.starts, ${at}) AND c.not_after < greatest(b.starts, ${at})
      UNION ALL
      SELECT c.organisation_id, c.environment, c.identifier_type, c.manager_left, c.keystore_unknown, c.renewal_open,
             0, CASE WHEN c.not_after >= b.window_ends THEN 1 ELSE -1 END
        FROM epoch_bounds b
        JOIN certificate c ON c.state = 'active' ${inScope}
         AND c.not_after >= least(b.window_ends, ${renewableBefore})
         AND c.not_after < greatest(b.window_ends, ${renewableBefore})
    ),
    -- Few certificates are not yet valid: read by the notBefore index, then kept to the scope (a look-up per
    -- organisation of the scope would cost one index probe each, 10,000 at national scale).
    not_yet_valid_rows AS MATERIALIZED (
      SELECT c.organisation_id, c.not_after, c.environment, c.identifier_type, c.renewal_open
        FROM certificate c
       WHERE c.state = 'active' AND c.not_before > ${at} AND c.not_after >= ${at} ${inScope}
    ),`;
}

/**
 * CTEs (after tallyEpochCtes, in the same WITH, ending with a comma) defining `tallied`: one row per organisation of
 * `scopeCte` (a CTE with an `id` column) with, for each measure m, `m_expired` (notAfter before now), `m_live` (not
 * expired) and `m_window` (not expired, renewable by its notAfter: before statusThresholds' renewableBefore), plus
 * `nyv_*`: the certificates not yet valid among the live ones (`nyv_total`, `nyv_window`,
 * `nyv_window_without_renewal`, `nyv_production`). Only active certificates count.
 */
export function scopedTalliedCtes(params: SqlParams, scopeCte: string, now: Date): string {
  const renewableBefore = `${params.add(statusThresholds(now).renewableBefore)}::timestamptz`;
  const person = `${params.add(PERSON_TYPES)}::text[]`;
  const condition = (m: TallyMeasure, c: string) => MEASURE_CONDITION[m](c).replace('$PERSON', person);
  const sumParts = (m: TallyMeasure) =>
    ['before', 'window', 'later']
      .map(
        (part) =>
          `coalesce(sum(ch.${m}) FILTER (WHERE ${
            part === 'before'
              ? 'ch.day < e.day'
              : part === 'window'
                ? `ch.day >= e.day AND ch.day < e.day + ${TALLY_WINDOW_DAYS}`
                : `ch.day >= e.day + ${TALLY_WINDOW_DAYS}`
          }), 0) AS ${m}_${part}`,
      )
      .join(', ');
  const movedSums = TALLY_MEASURES.map(
    (m) =>
      `coalesce(sum(CASE WHEN ${condition(m, 'c')} THEN c.expired_since ELSE 0 END), 0) AS ${m}_expired_since, ` +
      `coalesce(sum(CASE WHEN ${condition(m, 'c')} THEN c.entered_window ELSE 0 END), 0) AS ${m}_entered_window`,
  ).join(', ');
  const figures = TALLY_MEASURES.map((m) => {
    const before = `(coalesce(t.${m}_before, 0) + coalesce(ch.${m}_before, 0))`;
    const total = `(${before} + coalesce(t.${m}_window, 0) + coalesce(ch.${m}_window, 0) + coalesce(t.${m}_later, 0) + coalesce(ch.${m}_later, 0))`;
    const later = `(coalesce(t.${m}_later, 0) + coalesce(ch.${m}_later, 0) - coalesce(mv.${m}_entered_window, 0))`;
    const expired = `(${before} + coalesce(mv.${m}_expired_since, 0))`;
    return `${expired}::int AS ${m}_expired, (${total} - ${expired})::int AS ${m}_live, (${total} - ${expired} - ${later})::int AS ${m}_window`;
  }).join(',\n           ');
  return `
    tally_changes AS (
      SELECT ch.organisation_id, ${TALLY_MEASURES.map(sumParts).join(', ')}
        FROM certificate_tally_change ch CROSS JOIN epoch e
       WHERE ch.organisation_id IN (SELECT id FROM ${scopeCte})
       GROUP BY ch.organisation_id
    ),
    moved AS (
      SELECT c.organisation_id, ${movedSums}
        FROM moved_rows c
       WHERE c.organisation_id IN (SELECT id FROM ${scopeCte})
       GROUP BY c.organisation_id
    ),
    not_yet_valid AS (
      SELECT c.organisation_id, count(*)::int AS nyv_total,
             (count(*) FILTER (WHERE c.not_after < ${renewableBefore}))::int AS nyv_window,
             (count(*) FILTER (WHERE c.not_after < ${renewableBefore} AND ${condition('without_renewal', 'c')}))::int
               AS nyv_window_without_renewal,
             (count(*) FILTER (WHERE ${condition('production', 'c')}))::int AS nyv_production
        FROM not_yet_valid_rows c
       WHERE c.organisation_id IN (SELECT id FROM ${scopeCte})
       GROUP BY c.organisation_id
    ),
    tallied AS (
      SELECT s.id AS organisation_id,
           ${figures},
           coalesce(n.nyv_total, 0) AS nyv_total, coalesce(n.nyv_window, 0) AS nyv_window,
           coalesce(n.nyv_window_without_renewal, 0) AS nyv_window_without_renewal,
           coalesce(n.nyv_production, 0) AS nyv_production
        FROM ${scopeCte} s
        LEFT JOIN certificate_tally t ON t.organisation_id = s.id
        LEFT JOIN tally_changes ch ON ch.organisation_id = s.id
        LEFT JOIN moved mv ON mv.organisation_id = s.id
        LEFT JOIN not_yet_valid n ON n.organisation_id = s.id
    ),`;
}

/**
 * A CTE (ending with a comma) `person_limits`: per organisation of `scopeCte`, how many natural persons hold more
 * production certificates in force (valid or renewable) than libs/domain's PRODUCTION_LIMITS.person. Read from the
 * certificates themselves: a person's certificates are few, and an organisation's limit is tallied.
 */
export function personLimitsCte(params: SqlParams, scopeCte: string, now: Date): string {
  const at = `${params.add(now)}::timestamptz`;
  return `
    person_limits AS (
      SELECT g.organisation_id, count(*)::int AS persons
        FROM (
          SELECT c.organisation_id
            FROM certificate c
           WHERE c.state = 'active' AND c.environment = 'production'
             AND c.identifier_type = ANY(${params.add(PERSON_TYPES)}::text[])
             AND c.not_after >= ${at} AND c.not_before <= ${at}
             AND c.organisation_id IN (SELECT id FROM ${scopeCte})
           GROUP BY c.organisation_id, c.identifier_type, c.identifier_value
          HAVING count(*) > ${params.add(PRODUCTION_LIMITS.person)}::int
        ) g
       GROUP BY g.organisation_id
    ),`;
}

/** Whether an organisation's production certificates in force pass its limit, over a `tallied` row `t`. */
export function organisationLimitExceededSql(params: SqlParams, t = 't'): string {
  return `(${t}.production_live - ${t}.nyv_production > ${params.add(PRODUCTION_LIMITS.organisation)}::int)`;
}

/**
 * The organisations whose figures differ from their tally row's (after tallyEpochCtes): those with a tally change
 * since the roll (written to, or deleted: deleting their certificates wrote changes) or a certificate whose expiry
 * the epoch counts wrongly at `now` (moved_rows' expired_since). Every other organisation is settled: its expired
 * certificates are its tally's `before`, its live ones its `window` + `later`. A uuid[] expression, possibly with
 * repeats: as a set joined, Postgres (no statistics on moved_rows) expected 210,000 of them, sized its hash tables
 * for that and spilled them to disk; as an array it expects a few.
 */
export const UNSETTLED_ORGANISATION_IDS = `ARRAY(SELECT ch.organisation_id FROM certificate_tally_change ch
                         UNION ALL
                         SELECT m.organisation_id FROM moved_rows m WHERE m.expired_since <> 0)`;

/**
 * UNSETTLED_ORGANISATION_IDS and the organisations with a certificate that entered the renewal window since the epoch
 * began, or that the epoch counts in it too early (moved_rows' entered_window): every other organisation's
 * certificates in the window are also its tally's `window`.
 */
const WINDOW_UNSETTLED_ORGANISATION_IDS = `ARRAY(SELECT ch.organisation_id FROM certificate_tally_change ch
                         UNION ALL
                         SELECT m.organisation_id FROM moved_rows m)`;

/** What measuresInForceCtes figures per organisation, each a warning the tallies count (warnings-sql.ts). */
export const IN_FORCE_MEASURES = [
  'manager_left',
  'keystore_unknown',
  'unknown_environment',
  'renewable_without_renewal',
  'production',
] as const;
export type InForceMeasure = (typeof IN_FORCE_MEASURES)[number];
/** The measures that count every certificate in force, not yet valid ones too (the tallies' `live`). */
const IN_FORCE_LIVE = [
  'manager_left',
  'keystore_unknown',
  'unknown_environment',
] as const satisfies readonly (InForceMeasure | TallyMeasure)[];

/**
 * CTEs (after tallyEpochCtes, ending with a comma) defining `measures_in_force`: for each organisation in scope
 * (`scopeIds`, a uuid[] expression; null: every one), its certificates in force (active, not expired) that left
 * their manager behind (`manager_left`), have no known keystore (`keystore_unknown`), have an unknown environment
 * (`unknown_environment`), are renewable (already valid) with no renewal open (`renewable_without_renewal`), and
 * its production certificates in force, valid or renewable (`production`): the figures of scopedTalliedCtes
 * (`m_live`; `without_renewal_window - nyv_window_without_renewal`; `production_live - nyv_production`), no row for
 * an organisation without a tally row (none since the roll); and `production_in_force` (organisation_id, used), the
 * warnings' production limit (an organisation deleted since the roll may have a row, all zeros). A settled
 * organisation (not in WINDOW_UNSETTLED_ORGANISATION_IDS) has exactly its tally's figures, less the few not yet
 * valid: read from its tally row alone (no join to every organisation). The
 * others (a day's expiries and entries in the renewal window, the organisations written to since the roll) are
 * figured in full. At national scale that reads 10,000 tally rows instead of figuring 10,000 organisations
 * (docs/performance.md).
 */
export function measuresInForceCtes(params: SqlParams, scopeIds: string | null, now: Date): string {
  const inScope = (column: string) => (scopeIds === null ? 'TRUE' : `${column} = ANY(${scopeIds})`);
  const production = MEASURE_CONDITION.production('c').replace(
    '$PERSON',
    `${params.add(PERSON_TYPES)}::text[]`,
  );
  const renewableBefore = `${params.add(statusThresholds(now).renewableBefore)}::timestamptz`;
  return `
    -- Deleted organisations too: one deleted since the roll with a tally row (certificates active at the roll) has
    -- changes, its certificates' deletion or deactivation, so is figured here (at zero) rather than read from that
    -- row. No join to every organisation then.
    measures_unsettled AS MATERIALIZED (
      SELECT DISTINCT u.id FROM unnest(${WINDOW_UNSETTLED_ORGANISATION_IDS}) AS u(id) WHERE ${inScope('u.id')}
    ),
    ${scopedTalliedCtes(params, 'measures_unsettled', now)}
    measures_not_yet_valid AS (
      SELECT c.organisation_id, (count(*) FILTER (WHERE ${production}))::int AS production,
             (count(*) FILTER (WHERE c.not_after < ${renewableBefore} AND ${MEASURE_CONDITION.without_renewal('c')}))::int
               AS window_without_renewal
        FROM not_yet_valid_rows c
       GROUP BY c.organisation_id
    ),
    measures_in_force AS (
      -- Settled: the tally row, less the few not yet valid.
      SELECT ct.organisation_id,
             ${IN_FORCE_LIVE.map((m) => `(ct.${m}_window + ct.${m}_later)::int AS ${m}`).join(', ')},
             (ct.without_renewal_window - coalesce(n.window_without_renewal, 0))::int AS renewable_without_renewal,
             (ct.production_window + ct.production_later - coalesce(n.production, 0))::int AS production
        FROM certificate_tally ct
        LEFT JOIN measures_not_yet_valid n ON n.organisation_id = ct.organisation_id
       WHERE NOT EXISTS (SELECT 1 FROM measures_unsettled u WHERE u.id = ct.organisation_id)
         AND ${inScope('ct.organisation_id')}
      UNION ALL
      SELECT t.organisation_id, ${IN_FORCE_LIVE.map((m) => `t.${m}_live`).join(', ')},
             t.without_renewal_window - t.nyv_window_without_renewal, t.production_live - t.nyv_production
        FROM tallied t
    ),
    production_in_force AS (
      SELECT m.organisation_id, m.production AS used FROM measures_in_force m
    ),`;
}
