import { describe, expect, it } from '@jest/globals';
import { brusselsDate, brusselsEpochDay, brusselsUtcOffsetHours } from './brussels-date.js';

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

describe('brusselsUtcOffsetHours: the EU rule, without Intl', () => {
  /** Intl's offset for Brussels at an instant, in hours ('GMT+2' -> 2), read from its time-zone data. */
  const intlOffset = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    timeZoneName: 'shortOffset',
  });
  const offsetByIntl = (time: number) => {
    const name = intlOffset.formatToParts(new Date(time)).find((part) => part.type === 'timeZoneName')!.value;
    return Number(/^GMT([+-]\d+)$/.exec(name)?.[1] ?? 0);
  };

  it('agrees with Intl on either side of every change from 1996 to 2100, and every 7 hours in between', () => {
    const checks: number[] = [];
    for (let year = 1996; year <= 2100; year++) {
      // Intl's own changes: found by the hour over the last week of March and of October, then checked to the ms.
      for (const month of [2, 9]) {
        for (let t = Date.UTC(year, month, 24); t < Date.UTC(year, month + 1, 1); t += 3_600_000) {
          if (offsetByIntl(t) !== offsetByIntl(t + 3_600_000)) checks.push(t + 3_600_000 - 1, t + 3_600_000);
        }
      }
    }
    expect(checks).toHaveLength(105 * 4);
    for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2101, 0, 1); t += 7 * 3_600_000 + 123_456) checks.push(t);
    const mismatches = checks.filter((t) => brusselsUtcOffsetHours(new Date(t)) !== offsetByIntl(t));
    expect(mismatches.map((t) => new Date(t).toISOString())).toEqual([]);
    const dates = checks.filter((t) => brusselsDate(new Date(t)) !== reference.format(new Date(t)));
    expect(dates.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('changes at 01:00 UTC on the last Sundays of March and October', () => {
    expect(brusselsUtcOffsetHours(new Date('2026-03-29T00:59:59.999Z'))).toBe(1);
    expect(brusselsUtcOffsetHours(new Date('2026-03-29T01:00:00.000Z'))).toBe(2);
    expect(brusselsUtcOffsetHours(new Date('2026-10-25T00:59:59.999Z'))).toBe(2);
    expect(brusselsUtcOffsetHours(new Date('2026-10-25T01:00:00.000Z'))).toBe(1);
  });

  it('leaves the years before 1996 to Intl (Belgian summer time ended in September then)', () => {
    expect(brusselsUtcOffsetHours(new Date('1995-12-31T23:59:59.999Z'))).toBeNull();
    expect(brusselsDate(new Date('1995-09-24T22:30:00Z'))).toBe(
      reference.format(new Date('1995-09-24T22:30:00Z')),
    );
    expect(() => brusselsUtcOffsetHours(new Date('not a date'))).toThrow(RangeError);
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
