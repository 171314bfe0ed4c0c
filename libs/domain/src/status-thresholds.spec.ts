import { describe, expect, it } from '@jest/globals';
import { certificateStatus, daysLeft } from './status.js';
import { daysLeftBound, startOfBrusselsDay, statusThresholds } from './status-thresholds.js';
import { brusselsDate, brusselsEpochDay } from './brussels-date.js';

const at = (iso: string) => new Date(iso);

function statusByThresholds(notBefore: Date, notAfter: Date, now: Date): string {
  const { renewableBefore } = statusThresholds(now);
  if (notAfter < now) return 'expired';
  if (notBefore > now) return 'not-yet-valid';
  return notAfter < renewableBefore ? 'renewable' : 'valid';
}

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

describe('statusThresholds and daysLeftBound agree with certificateStatus and daysLeft', () => {
  // Every hour across a year (DST changes included), against expiries around the 90-day edge and around now.
  const notBefore = at('2024-01-01T00:00:00Z');
  const offsetsHours = [
    -25,
    -1,
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
  it('for every hour of 2026 and expiries around each edge', () => {
    let checked = 0;
    for (let h = 0; h < 365 * 24; h += 7) {
      const now = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000 + 17 * 60_000);
      for (const offset of offsetsHours) {
        const notAfter = new Date(now.getTime() + offset * 3_600_000);
        expect(statusByThresholds(notBefore, notAfter, now)).toBe(
          certificateStatus({ notBefore, notAfter }, now),
        );
        const left = daysLeft(notAfter, now);
        if (notAfter >= now) {
          for (const days of [0, 1, 7, 30, 90])
            expect(notAfter < daysLeftBound(now, days)).toBe(left <= days);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('classifies not-yet-valid before notBefore', () => {
    const now = at('2026-05-01T10:00:00Z');
    expect(statusByThresholds(at('2026-06-01T00:00:00Z'), at('2029-06-01T00:00:00Z'), now)).toBe(
      'not-yet-valid',
    );
  });
});
