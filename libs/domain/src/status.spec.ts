import { describe, expect, it } from '@jest/globals';
import {
  certificateStatus,
  daysLeft,
  renewableFrom,
  RENEWAL_WINDOW_DAYS,
  type CertificateStatus,
} from './status.js';

const at = (iso: string) => new Date(iso);

describe('certificateStatus and daysLeft at every boundary', () => {
  // Expires 18 January 2026 at 11:00 Brussels time (winter, UTC+1); issued 36 months before.
  const validity = { notBefore: at('2023-01-18T10:00:00Z'), notAfter: at('2026-01-18T10:00:00Z') };

  it.each<[string, string, CertificateStatus, number]>([
    ['a millisecond before notBefore', '2023-01-18T09:59:59.999Z', 'not-yet-valid', 1096],
    ['at notBefore', '2023-01-18T10:00:00.000Z', 'valid', 1096],
    ['a year in', '2024-01-18T10:00:00Z', 'valid', 731],
    // Renewable from Brussels midnight starting the 90th day before the expiry day (2025-10-20, still CEST).
    ['the last instant with 91 days left', '2025-10-19T21:59:59.999Z', 'valid', 91],
    ['the first instant with 90 days left', '2025-10-19T22:00:00.000Z', 'renewable', 90],
    ['30 days before', '2025-12-19T09:00:00Z', 'renewable', 30],
    ['the day before', '2026-01-17T12:00:00Z', 'renewable', 1],
    ['Brussels midnight of the expiry day', '2026-01-17T23:00:00Z', 'renewable', 0],
    ['at notAfter exactly (valid through notAfter)', '2026-01-18T10:00:00.000Z', 'renewable', 0],
    ['a millisecond after notAfter', '2026-01-18T10:00:00.001Z', 'expired', -1],
    ['the end of the expiry day', '2026-01-18T22:59:59.999Z', 'expired', -1],
    ['the next day', '2026-01-19T12:00:00Z', 'expired', -1],
    ['two days after', '2026-01-20T12:00:00Z', 'expired', -2],
    ['a year after', '2027-01-18T12:00:00Z', 'expired', -365],
  ])('%s: %s', (_label, now, status, days) => {
    expect(certificateStatus(validity, at(now))).toBe(status);
    expect(daysLeft(validity.notAfter, at(now))).toBe(days);
  });

  it('counts Brussels calendar days, not UTC ones: expiring at 00:30 Brussels time is "tomorrow" at noon', () => {
    const notAfter = at('2025-06-30T22:30:00Z'); // 1 July, 00:30 in Brussels (CEST)
    expect(daysLeft(notAfter, at('2025-06-30T12:00:00Z'))).toBe(1);
    expect(daysLeft(notAfter, at('2025-06-30T21:59:59Z'))).toBe(1);
    expect(daysLeft(notAfter, at('2025-06-30T22:00:00Z'))).toBe(0);
  });

  describe('across the daylight-saving changes', () => {
    it('spring (31 March 2024, a 23-hour day)', () => {
      const notAfter = at('2024-03-31T12:00:00Z'); // 14:00 CEST
      expect(daysLeft(notAfter, at('2024-03-30T22:59:59Z'))).toBe(1); // 23:59:59 CET on the 30th
      expect(daysLeft(notAfter, at('2024-03-30T23:00:00Z'))).toBe(0); // 00:00 CET on the 31st
      expect(daysLeft(notAfter, at('2024-03-31T11:59:59Z'))).toBe(0);
      expect(daysLeft(notAfter, at('2024-03-31T21:59:59Z'))).toBe(-1); // expired, 23:59:59 CEST on the 31st
      expect(daysLeft(notAfter, at('2024-03-31T22:00:00Z'))).toBe(-1); // 00:00 CEST on 1 April
      expect(daysLeft(notAfter, at('2024-04-01T22:00:00Z'))).toBe(-2);
    });

    it('autumn (27 October 2024, a 25-hour day)', () => {
      const notAfter = at('2024-10-27T22:30:00Z'); // 23:30 CET on the 27th
      expect(daysLeft(notAfter, at('2024-10-26T21:59:59Z'))).toBe(1);
      expect(daysLeft(notAfter, at('2024-10-26T22:00:00Z'))).toBe(0); // 00:00 CEST on the 27th
      expect(daysLeft(notAfter, at('2024-10-27T22:29:59Z'))).toBe(0);
      expect(
        certificateStatus({ notBefore: at('2021-10-27T22:30:00Z'), notAfter }, at('2024-10-27T22:45:00Z')),
      ).toBe('expired');
      expect(daysLeft(notAfter, at('2024-10-27T22:45:00Z'))).toBe(-1);
    });

    it('a renewal window that opens in summer time for a certificate that ends in winter time', () => {
      const validity = { notBefore: at('2022-12-01T00:00:00Z'), notAfter: at('2025-12-01T00:30:00Z') }; // 1 Dec, 01:30 CET
      expect(renewableFrom(validity.notAfter)).toBe('2025-09-02');
      expect(certificateStatus(validity, at('2025-09-01T21:59:59Z'))).toBe('valid'); // 23:59:59 CEST on 1 Sept
      expect(certificateStatus(validity, at('2025-09-01T22:00:00Z'))).toBe('renewable'); // 00:00 CEST on 2 Sept
    });
  });

  it('status and daysLeft always agree (30,000 instants around a certificate)', () => {
    const notBefore = at('2023-03-26T00:30:00Z');
    const notAfter = at('2026-03-29T00:30:00Z');
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const from = notBefore.getTime() - 10 * 86_400_000;
    const span = notAfter.getTime() + 10 * 86_400_000 - from;
    const disagreements: string[] = [];
    for (let k = 0; k < 30_000; k += 1) {
      const now = new Date(from + Math.floor(random() * span));
      const status = certificateStatus({ notBefore, notAfter }, now);
      const days = daysLeft(notAfter, now);
      const consistent =
        (status === 'expired') === days < 0 &&
        (status === 'renewable') === (now >= notBefore && days >= 0 && days <= RENEWAL_WINDOW_DAYS) &&
        (status === 'not-yet-valid') === now < notBefore;
      if (!consistent) disagreements.push(`${now.toISOString()}: ${status}, ${days} days left`);
    }
    expect(disagreements).toEqual([]);
  });

  it('a certificate whose notBefore is after its notAfter is expired, never "not yet valid" with days in the past', () => {
    const broken = { notBefore: at('2026-01-01T00:00:00Z'), notAfter: at('2025-01-01T00:00:00Z') };
    expect(certificateStatus(broken, at('2025-06-01T00:00:00Z'))).toBe('expired');
  });

  it('refuses invalid dates', () => {
    const bad = new Date('x');
    expect(() =>
      certificateStatus({ notBefore: bad, notAfter: at('2025-01-01T00:00:00Z') }, at('2024-01-01T00:00:00Z')),
    ).toThrow(/notBefore/);
    expect(() =>
      certificateStatus({ notBefore: at('2024-01-01T00:00:00Z'), notAfter: bad }, at('2024-01-01T00:00:00Z')),
    ).toThrow(/notAfter/);
    expect(() =>
      certificateStatus({ notBefore: at('2024-01-01T00:00:00Z'), notAfter: at('2025-01-01T00:00:00Z') }, bad),
    ).toThrow(/now/);
    expect(() => daysLeft(bad, at('2024-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('renewableFrom', () => {
  it.each([
    ['2026-01-18T10:00:00Z', '2025-10-20'],
    ['2025-06-30T22:30:00Z', '2025-04-02'], // 1 July in Brussels
    ['2024-05-29T12:00:00Z', '2024-02-29'],
  ])('%s -> %s', (notAfter, date) => {
    expect(renewableFrom(at(notAfter))).toBe(date);
  });
});
