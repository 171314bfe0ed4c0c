import { brusselsDate, daysLeftBound, type ReadinessPolicy } from '@certdesk/domain';
import { SqlParams } from '../list/sql-params.js';

/**
 * libs/domain renewalReadiness's `ready`, as a predicate on certificate `c` for the list's filter and the overview's
 * count: each condition an index look-up (membership, person_eid_certificate, custody_attestation and deployment by
 * their keys; keystore_unknown kept on the row by a trigger) and the time-bound ones as instants computed here, so
 * the predicate stays sargable and nothing has to be stored and kept current (docs/decisions.md, readiness).
 * apps/api/test/readiness.test.ts checks it answers as the domain does.
 */
export function readySql(params: SqlParams, policy: ReadinessPolicy, now: Date): string {
  const today = params.add(brusselsDate(now));
  // Opened on or after the Brussels day `attestationValidityDays` before today.
  const attestedFrom = params.add(daysLeftBound(now, -policy.attestationValidityDays - 1));
  // More days left than eHealth's lead time (and so not expired).
  const enoughFrom = params.add(daysLeftBound(now, policy.leadTimeDays));
  // Each fact looked up per certificate by its index: `OFFSET 0` keeps Postgres from turning an EXISTS into a join.
  // Joined, the six facts' estimates multiplied to one row, and Postgres planned around that: the list's
  // `readiness=ready` sorted every match and rescanned the eID certificates for each (past 60 s at 1M), the overview
  // ran its count by nested loops from the memberships (docs/performance.md).
  const eachRow = (subquery: string) => `${subquery} OFFSET 0`;
  return `(c.state = 'active'
    AND EXISTS (${eachRow(`SELECT 1 FROM membership m
                 WHERE m.person_id = c.manager_id AND m.organisation_id = c.organisation_id AND m.employed
                   AND (m.left_on IS NULL OR (m.left_on > ${today}::date
                        AND m.left_on > (c.not_after AT TIME ZONE 'Europe/Brussels')::date))`)})
    AND EXISTS (${eachRow('SELECT 1 FROM person_eid_certificate e WHERE e.person_id = c.manager_id AND e.not_after >= c.not_after')})
    AND NOT c.keystore_unknown
    AND EXISTS (${eachRow(`SELECT 1 FROM membership m
                 WHERE m.person_id = c.password_custodian_id AND m.organisation_id = c.organisation_id AND m.employed`)})
    AND (SELECT a.outcome = 'opened' AND a.checked_at >= ${attestedFrom}::timestamptz
           FROM custody_attestation a WHERE a.certificate_id = c.id AND a.person_id = c.password_custodian_id
          ORDER BY a.checked_at DESC, a.recorded_at DESC LIMIT 1) IS TRUE
    AND NOT EXISTS (${eachRow(`SELECT 1 FROM deployment d
                     WHERE d.certificate_id = c.id AND btrim(coalesce(d.contact_email, '')) = ''`)})
    AND c.not_after >= ${enoughFrom}::timestamptz)`;
}

/** The list's `readiness` filter: ready, or an active certificate that is not. */
export function readinessFilterSql(
  params: SqlParams,
  wanted: 'ready' | 'not-ready',
  policy: ReadinessPolicy,
  now: Date,
): string {
  const ready = readySql(params, policy, now);
  return wanted === 'ready' ? ready : `(c.state = 'active' AND NOT ${ready})`;
}

/**
 * Per organisation of `scope` (null: all), its active certificates within the digest horizon (not expired, at most
 * digestFromDays days left) that are not ready: the overview's count. Counted as those within the horizon (index
 * only) less the ready ones (readySql, its facts looked up per certificate), in one aggregate (docs/performance.md).
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
  // One aggregate over both counts, no join between them: Postgres expects the ready ones at one row (the estimates
  // of six semi-joins multiply), and joined them by a nested loop that rescanned them for each of the 10,000
  // organisations (3.4 s of 4 at national scale with most certificates ready, docs/performance.md).
  const text = `
    WITH counted AS (
      SELECT c.organisation_id, count(*)::int AS within, 0 AS ready FROM certificate c
       WHERE ${withinHorizon}
       GROUP BY c.organisation_id
      UNION ALL
      SELECT c.organisation_id, 0, count(*)::int FROM certificate c
       WHERE ${withinHorizon} AND ${readySql(params, policy, now)}
       GROUP BY c.organisation_id
    ),
    not_ready AS (
      SELECT k.organisation_id, (sum(k.within) - sum(k.ready))::int AS count FROM counted k
       GROUP BY k.organisation_id
      HAVING sum(k.within) > sum(k.ready)
    )
    SELECT n.organisation_id AS "organisationId", o.name, n.count,
           (sum(n.count) OVER ())::int AS "notReadyTotal", (count(*) OVER ())::int AS organisations
      FROM not_ready n
      JOIN organisation o ON o.id = n.organisation_id
     ORDER BY n.count DESC, o.name, n.organisation_id
     LIMIT ${params.add(limit)}::int`;
  return { text, values: params.values };
}
