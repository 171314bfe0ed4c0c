import { fail, ok, type Result } from './result.js';

const DAY_MS = 86_400_000;

/** CUT_OVER_REMINDER_DAYS: an unconfirmed contact is reminded this many days after the link was mailed. */
export const DEFAULT_CUT_OVER_REMINDER_DAYS: readonly number[] = [3, 10];

export type CutOverReminderDaysInvalidReason = 'NOT_A_DAY' | 'NOT_ASCENDING' | 'TOO_MANY';

/** At most this many reminders: beyond, a contact who has not answered needs a phone call, not more mail. */
export const MAX_CUT_OVER_REMINDERS = 10;

/**
 * "3,10" as [3, 10]: whole days from 1 to 365, strictly ascending, at most MAX_CUT_OVER_REMINDERS of them. An empty
 * text means no reminders.
 */
export function parseCutOverReminderDays(text: string): Result<number[], CutOverReminderDaysInvalidReason> {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length > MAX_CUT_OVER_REMINDERS)
    return fail('TOO_MANY', `at most ${MAX_CUT_OVER_REMINDERS} reminders, got ${entries.length}`);
  const days: number[] = [];
  for (const entry of entries) {
    if (!/^\d{1,3}$/.test(entry) || Number(entry) < 1 || Number(entry) > 365)
      return fail('NOT_A_DAY', `"${entry.slice(0, 20)}" is not a number of days from 1 to 365`);
    const day = Number(entry);
    if (days.length > 0 && day <= days[days.length - 1]!)
      return fail(
        'NOT_ASCENDING',
        `the days must be ascending, each once (e.g. "3,10"), got "${text.slice(0, 40)}"`,
      );
    days.push(day);
  }
  return ok(days);
}

/**
 * Which reminder an unconfirmed cut-over request is due for at `now`: the number of configured days that have passed
 * since its link was mailed, when that is past `lastReminder` (the ordinal of the last one it had, 0 for none);
 * otherwise null. A run that comes late (several days passed at once) sends one reminder, the last one due, not
 * several in a row.
 */
export function dueCutOverReminder(
  mailedAt: Date,
  lastReminder: number,
  reminderDays: readonly number[],
  now: Date,
): number | null {
  const elapsed = now.getTime() - mailedAt.getTime();
  const passed = reminderDays.filter((day) => elapsed >= day * DAY_MS).length;
  return passed > lastReminder ? passed : null;
}
