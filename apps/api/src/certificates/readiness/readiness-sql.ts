import { daysLeftBound, type ReadinessPolicy } from '@certdesk/domain';
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
    AND (c.custody_opened_at >= ${attestedFrom}::timestamptz) IS TRUE AND c.not_after >= ${enoughFrom}::timestamptz)`;
}

/** readySql's bounds at `now`, as parameters. */
function readinessBounds(params: SqlParams, policy: ReadinessPolicy, now: Date) {
  return {
    // Opened on or after the Brussels day `attestationValidityDays` before today.
    attestedFrom: params.add(daysLeftBound(now, -policy.attestationValidityDays - 1)),
    // More days left than eHealth's lead time (and so not expired).
    enoughFrom: params.add(daysLeftBound(now, policy.leadTimeDays)),
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
 * digestFromDays days left) that are not ready: the overview's count, from the index of the active certificates
 * alone (it carries readySql's kept facts).
 * The first `limit` organisations, most first, each row with the totals over every organisation (`notReadyTotal`,
 * `organisations`): at national scale 10,000 organisations have some.
 * Run with `jit = off` (libs/persistence WITHOUT_JIT_SQL): its cost estimate at national scale is far past
 * jit_above_cost, and compiling it took 0.5 s of a statement that runs in a fraction of that.
 */
export function notReadyWithinHorizonSql(
  scope: string[] | null,
  policy: ReadinessPolicy,
  now: Date,
  limit: number,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const inScope = scope === null ? '' : `AND c.organisation_id = ANY(${params.add(scope)}::uuid[])`;
  const from = params.add(now);
  const until = params.add(daysLeftBound(now, policy.digestFromDays));
  const withinHorizon = `c.state = 'active' ${inScope}
       AND c.not_after >= ${from}::timestamptz AND c.not_after < ${until}::timestamptz`;
  // One pass over the index of the active certificates in notAfter order, which carries the kept facts.
  const text = `
    WITH per_organisation AS (
      SELECT c.organisation_id, (count(*) - count(*) FILTER (WHERE ${activeReadySql(params, policy, now)}))::int AS count
        FROM certificate c
       WHERE ${withinHorizon}
       GROUP BY c.organisation_id
    )
    SELECT n.organisation_id AS "organisationId", o.name, n.count,
           (sum(n.count) OVER ())::int AS "notReadyTotal", (count(*) OVER ())::int AS organisations
      FROM per_organisation n
      JOIN organisation o ON o.id = n.organisation_id
     WHERE n.count > 0
     ORDER BY n.count DESC, o.name, n.organisation_id
     LIMIT ${params.add(limit)}::int`;
  return { text, values: params.values };
}
