// The status rules of status.ts restated as notAfter/notBefore bounds, so a database can select certificates by
// status or by days left with plain range conditions (and indexes) while the rule itself stays here.
import { brusselsEpochDay } from './brussels-date.js';
import { RENEWAL_WINDOW_DAYS } from './status.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The instant Brussels' calendar day `epochDay` begins. Brussels is UTC+1 or UTC+2 and changes offset at 02:00 or
 * 03:00, never at midnight, so midnight is one of those two candidates.
 */
export function startOfBrusselsDay(epochDay: number): Date {
  const utcMidnight = epochDay * DAY;
  const summer = new Date(utcMidnight - 2 * HOUR);
  return brusselsEpochDay(summer) === epochDay ? summer : new Date(utcMidnight - HOUR);
}

/**
 * The first notAfter instant whose days left exceed `days` at `now`: `daysLeft(notAfter, now) <= days` exactly when
 * `notAfter < daysLeftBound(now, days)` (for certificates not yet expired).
 */
export function daysLeftBound(now: Date, days: number): Date {
  return startOfBrusselsDay(brusselsEpochDay(now) + days + 1);
}

export interface StatusThresholds {
  /** `expired` exactly when notAfter < now. */
  now: Date;
  /** Not expired and notBefore <= now: `renewable` when notAfter < renewableBefore, else `valid`. */
  renewableBefore: Date;
}

/**
 * The bounds of each status at `now` (status.ts certificateStatus):
 * - expired:        notAfter < now
 * - not-yet-valid:  notAfter >= now and notBefore > now
 * - renewable:      notAfter >= now and notBefore <= now and notAfter < renewableBefore
 * - valid:          notBefore <= now and notAfter >= renewableBefore
 */
export function statusThresholds(now: Date): StatusThresholds {
  return { now, renewableBefore: daysLeftBound(now, RENEWAL_WINDOW_DAYS) };
}
