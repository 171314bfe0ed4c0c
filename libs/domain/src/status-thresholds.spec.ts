import { describe, expect, it } from '@jest/globals';
import { certificateStatus, daysLeft } from './status.js';
import { daysLeftBound, startOfBrusselsDay, statusThresholds } from './status-thresholds.js';
import { brusselsDate, brusselsEpochDay } from './brussels-date.js';

const at = (iso: string) => new Date(iso);

describe('startOfBrusselsDay', () => {
  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'], // winter, UTC+1
    ['2026-07-15', '2026-07-14T22:00:00.000Z'], // summer, UTC+2
    ['2026-03-29', '2026-03-28T23:00:00.000Z'], // the spring change happens at 02:00 that day
    ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'], // the autumn change happens at 03:00 that day
    ['2026-10-26', '2026-10-25T23:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    const epochDay = brusselsEpochDay(at(`${date}T12:00:00Z`));
    const start = startOfBrusselsDay(epochDay);
    expect(start.toISOString()).toBe(instant);
    expect(brusselsDate(start)).toBe(date);
    expect(brusselsDate(new Date(start.getTime() - 1))).not.toBe(date);
  });
});

// How Postgres applies these bounds (apps/api StatusSql) is tested against certificateStatus in Postgres itself:
// apps/api/test/status-sql.test.ts.
describe('statusThresholds and daysLeftBound agree with certificateStatus and daysLeft', () => {
  const HOUR = 3_600_000;
  const notBefore = at('2024-01-01T00:00:00Z');
  /** Every 7 hours of 2026 (both time changes included), at 17 minutes past. */
  const instants = Array.from(
    { length: Math.ceil((365 * 24) / 7) },
    (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 7 * HOUR + 17 * 60_000),
  );

  it('renewableBefore is the first notAfter with 91 days left: renewable up to the instant before, valid from it', () => {
    for (const now of instants) {
      const thresholds = statusThresholds(now);
      expect(thresholds.now).toEqual(now);
      const { renewableBefore } = thresholds;
      const lastRenewable = new Date(renewableBefore.getTime() - 1);
      expect([daysLeft(lastRenewable, now), daysLeft(renewableBefore, now)]).toEqual([90, 91]);
      expect(certificateStatus({ notBefore, notAfter: lastRenewable }, now)).toBe('renewable');
      expect(certificateStatus({ notBefore, notAfter: renewableBefore }, now)).toBe('valid');
      // A Brussels midnight: the day count changes there.
      expect(brusselsDate(lastRenewable)).not.toBe(brusselsDate(renewableBefore));
    }
  });

  it('daysLeftBound(now, days) is where daysLeft passes `days`, for expiries around each edge', () => {
    const offsetsHours = [
      0,
      1,
      23,
      24,
      25,
      89 * 24,
      90 * 24 - 1,
      90 * 24,
      90 * 24 + 1,
      91 * 24,
      91 * 24 + 5,
      200 * 24,
    ];
    const wrong: string[] = [];
    let checked = 0;
    for (const now of instants) {
      for (const offset of offsetsHours) {
        const notAfter = new Date(now.getTime() + offset * HOUR);
        const left = daysLeft(notAfter, now);
        for (const days of [0, 1, 7, 30, 90]) {
          const withinBound = notAfter < daysLeftBound(now, days);
          if (withinBound !== left <= days) {
            wrong.push(`now ${now.toISOString()}, notAfter ${notAfter.toISOString()}, ${days} days`);
          }
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50_000);
  });
});
