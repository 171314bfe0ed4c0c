// Reminder milestones: the days-left values at which Certdesk reminds a certificate's contacts. eHealth
// itself mails only once, about 3 months before expiry (seed 004), and to contacts that may have left.
import { brusselsEpochDay } from './brussels-date.js';
import { fail, ok, type Result } from './result.js';

export const DEFAULT_REMINDER_MILESTONES: readonly number[] = [90, 60, 30, 14, 7, 3, 1, 0];
export const MAX_REMINDER_MILESTONE = 365;

/** Certificates at 7 days or fewer also get their own mail. */
export const URGENT_REMINDER_DAYS = 7;
/** A renewal stuck in one phase this long gets its own reminder. */
export const STALLED_RENEWAL_DAYS = 14;

export type MilestonesInvalidReason = 'EMPTY' | 'NOT_INTEGER' | 'OUT_OF_RANGE';

/** Unique, descending, whole days in 0..365 (an organisation's setting). */
export function normalizeMilestones(input: readonly number[]): Result<number[], MilestonesInvalidReason> {
  if (!Array.isArray(input) || input.length === 0)
    return fail('EMPTY', 'Give at least one reminder milestone.');
  const notInteger = input.find((m) => typeof m !== 'number' || !Number.isInteger(m));
  if (notInteger !== undefined) {
    return fail(
      'NOT_INTEGER',
      `Reminder milestones are whole numbers of days; ${String(notInteger)} is not.`,
    );
  }
  const outOfRange = input.find((m) => m < 0 || m > MAX_REMINDER_MILESTONE);
  if (outOfRange !== undefined) {
    return fail(
      'OUT_OF_RANGE',
      `Reminder milestones are between 0 and ${MAX_REMINDER_MILESTONE} days; ${outOfRange} is not.`,
    );
  }
  return ok([...new Set(input)].sort((a, b) => b - a));
}

export type ReminderMilestone = number | 'expired';

/**
 * The milestone a certificate is at with `daysLeft` days left: the smallest milestone m with daysLeft <= m,
 * `'expired'` once daysLeft < 0, null before the first (largest) milestone. A run that comes late (the
 * certificate went from 31 to 25 days left since the last run) gets only the current milestone (30), never
 * the ones it passed, so one reminder is sent, not a burst.
 */
export function reminderMilestoneAt(
  daysLeft: number,
  milestones: readonly number[],
): ReminderMilestone | null {
  if (!Number.isFinite(daysLeft)) throw new RangeError(`daysLeft must be a number, got ${daysLeft}.`);
  if (daysLeft < 0) return 'expired';
  let current: number | null = null;
  for (const m of milestones) if (daysLeft <= m && (current === null || m < current)) current = m;
  return current;
}

/** At 7 days or fewer, and not yet expired. */
export function isUrgent(daysLeft: number): boolean {
  return daysLeft >= 0 && daysLeft <= URGENT_REMINDER_DAYS;
}

/** A renewal that entered its current phase at `since` has stalled after 14 Brussels calendar days. */
export function isRenewalStalled(since: Date, now: Date): boolean {
  return brusselsEpochDay(now) - brusselsEpochDay(since) >= STALLED_RENEWAL_DAYS;
}
