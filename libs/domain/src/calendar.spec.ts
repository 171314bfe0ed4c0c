import { describe, expect, it } from '@jest/globals';
import { dateOfEpochDay, daysInMonth, epochDay, isLeapYear } from './calendar.js';

describe('calendar', () => {
  it.each([
    [1900, false],
    [1996, true],
    [1997, false],
    [2000, true],
    [2004, true],
    [2100, false],
    [2400, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });

  it('epochDay agrees with Date.UTC and dateOfEpochDay reverses it, day by day over 1900-2100', () => {
    const mismatches: string[] = [];
    for (let day = epochDay(1900, 1, 1); day <= epochDay(2100, 12, 31); day += 1) {
      const date = dateOfEpochDay(day);
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      if (new Date(day * 86_400_000).toISOString().slice(0, 10) !== date || epochDay(y, m, d) !== day)
        mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('handles the years Date.UTC maps to 19xx', () => {
    expect(dateOfEpochDay(epochDay(50, 3, 1))).toBe('0050-03-01');
  });
});
