import { describe, expect, it } from '@jest/globals';
import { expiryMonths } from './overview-sql.js';

describe('expiryMonths', () => {
  it('starts each Brussels month at Brussels midnight, summer and winter time alike', () => {
    const months = expiryMonths(new Date('2026-02-15T12:00:00Z'));
    expect(months.map((m) => m.month)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(months[0]!.starts).toEqual(new Date('2026-02-15T12:00:00Z'));
    expect(months[1]!.starts).toEqual(new Date('2026-02-28T23:00:00Z')); // 1 March, UTC+1
    expect(months[2]!.starts).toEqual(new Date('2026-03-31T22:00:00Z')); // 1 April, UTC+2
    expect(months[10]!.starts).toEqual(new Date('2026-11-30T23:00:00Z'));
    expect(months[11]!.ends).toEqual(new Date('2027-01-31T23:00:00Z'));
    for (let i = 1; i < months.length; i++) expect(months[i]!.starts).toEqual(months[i - 1]!.ends);
  });

  it('takes the month from the Brussels date: 23:30 UTC on 31 December is already January there', () => {
    expect(expiryMonths(new Date('2026-12-31T23:30:00Z'))[0]!.month).toBe('2027-01');
  });
});
