import { describe, expect, it } from '@jest/globals';
import { brusselsDate, brusselsEpochDay } from './brussels-date.js';

/** An independent reference: Intl's own formatting, no cache, a different locale. */
const reference = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('brusselsDate', () => {
  it.each([
    // Winter (CET, UTC+1): Brussels midnight is 23:00 UTC the day before.
    ['2025-01-14T22:59:59.999Z', '2025-01-14'],
    ['2025-01-14T23:00:00.000Z', '2025-01-15'],
    // Summer (CEST, UTC+2): Brussels midnight is 22:00 UTC the day before.
    ['2025-06-30T21:59:59.999Z', '2025-06-30'],
    ['2025-06-30T22:00:00.000Z', '2025-07-01'],
    // The spring change, 31 March 2024 at 01:00 UTC (02:00 CET -> 03:00 CEST).
    ['2024-03-30T22:59:59.999Z', '2024-03-30'],
    ['2024-03-30T23:00:00.000Z', '2024-03-31'],
    ['2024-03-31T00:59:59.999Z', '2024-03-31'],
    ['2024-03-31T01:00:00.000Z', '2024-03-31'],
    ['2024-03-31T21:59:59.999Z', '2024-03-31'],
    ['2024-03-31T22:00:00.000Z', '2024-04-01'],
    // The autumn change, 27 October 2024 at 01:00 UTC (03:00 CEST -> 02:00 CET): a 25-hour day.
    ['2024-10-26T21:59:59.999Z', '2024-10-26'],
    ['2024-10-26T22:00:00.000Z', '2024-10-27'],
    ['2024-10-27T22:59:59.999Z', '2024-10-27'],
    ['2024-10-27T23:00:00.000Z', '2024-10-28'],
    // New Year and leap day.
    ['2024-12-31T23:00:00.000Z', '2025-01-01'],
    ['2024-02-28T23:00:00.000Z', '2024-02-29'],
    ['1999-12-31T23:00:00.000Z', '2000-01-01'],
  ])('%s is %s in Brussels', (instant, date) => {
    expect(brusselsDate(new Date(instant))).toBe(date);
  });

  it('agrees with Intl every 10 minutes around both 2024 changes, and every 7 hours over 30 years', () => {
    const checks: number[] = [];
    for (const around of [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)]) {
      for (let t = around - 2 * 86_400_000; t <= around + 2 * 86_400_000; t += 600_000) checks.push(t);
    }
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2030, 0, 1); t += 7 * 3_600_000 + 123_456) checks.push(t);
    const mismatches = checks.filter((t) => brusselsDate(new Date(t)) !== reference.format(new Date(t)));
    expect(mismatches.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('reads instants before the cache starts too', () => {
    expect(brusselsDate(new Date('1930-06-01T12:00:00Z'))).toBe('1930-06-01');
  });

  it('refuses an invalid Date', () => {
    expect(() => brusselsDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('brusselsEpochDay', () => {
  it('counts Brussels calendar days, not 24-hour periods', () => {
    // 23 hours apart in UTC across the spring change, yet one calendar day.
    const before = new Date('2024-03-30T12:00:00Z');
    const after = new Date('2024-03-31T11:00:00Z');
    expect(brusselsEpochDay(after) - brusselsEpochDay(before)).toBe(1);
    expect(brusselsEpochDay(new Date('1970-01-01T12:00:00Z'))).toBe(0);
  });
});
