import { brusselsEpochDay, readinessBoundDays, type ReadinessPolicy } from '@certdesk/domain';

interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Rolls the certificate tallies (migration 1796316000000) to the Brussels day of `now`: each organisation's counts
 * and the per-day counts from scratch, the changes written since folded in; then the readiness tallies (migration
 * 1796364000000) to `readiness`'s bounds at `now`. Readers are exact whenever the roll last ran, but what they add up
 * since it (the changes, the certificates that crossed a bound since the epoch, the organisations the overview must
 * figure one by one) grows every day until it runs: the notifier's daily scan runs it.
 * Safe beside writers (one statement each; the changes of transactions still open stay) and serialised with itself.
 * Answers the epoch day it rolled to.
 */
export async function rollCertificateTallies(
  db: Queryable,
  now: Date,
  readiness: ReadinessPolicy,
): Promise<number> {
  const day = brusselsEpochDay(now);
  await db.query('SELECT certificate_tally_roll($1)', [day]);
  const bounds = readinessBoundDays(now, readiness);
  await db.query('SELECT readiness_tally_roll($1, $2, $3, $4)', [
    day,
    bounds.attestedFromDay,
    bounds.enoughFromDay,
    bounds.horizonEndDay,
  ]);
  return day;
}
