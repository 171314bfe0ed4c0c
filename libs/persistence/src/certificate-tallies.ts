import { brusselsEpochDay } from '@certdesk/domain';

interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Rolls the certificate tallies (migration 1796316000000) to the Brussels day of `now`: each organisation's counts
 * and the per-day counts from scratch, the changes written since folded in. Readers are exact whenever the roll last
 * ran, but what they add up since it (the changes, the certificates that crossed a bound since the epoch, the
 * organisations the overview must figure one by one) grows every day until it runs: the notifier's daily scan runs it.
 * Safe beside writers (one statement; the changes of transactions still open stay) and serialised with itself.
 * Answers the epoch day it rolled to.
 */
export async function rollCertificateTallies(db: Queryable, now: Date): Promise<number> {
  const day = brusselsEpochDay(now);
  await db.query('SELECT certificate_tally_roll($1)', [day]);
  return day;
}
