// A certificate's status at an instant, from its own notBefore and notAfter and nothing else: never a
// computed expiry (validity is 36 months, or 39 after some renewals: only the certificate knows).
import { brusselsEpochDay } from './brussels-date.js';
import { dateOfEpochDay } from './calendar.js';

export type CertificateStatus = 'not-yet-valid' | 'valid' | 'renewable' | 'expired';
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = [
  'not-yet-valid',
  'valid',
  'renewable',
  'expired',
];

/** A certificate can be renewed from 90 days before its end (seed 002). */
export const RENEWAL_WINDOW_DAYS = 90;

/**
 * Europe/Brussels calendar days from today to the expiry day: 0 on the expiry day, 1 the day before. Once the
 * certificate has expired (the instant is past notAfter) it is negative, at least -1: on the expiry day itself
 * after the expiry instant it is -1, as it is on the next day, then -2, ...
 * So `daysLeft < 0` exactly when the status is `expired`.
 */
export function daysLeft(notAfter: Date, now: Date): number {
  const days = brusselsEpochDay(notAfter) - brusselsEpochDay(now);
  return now.getTime() > notAfter.getTime() ? Math.min(days, -1) : days;
}

/**
 * - `expired` once `now` is past notAfter (a certificate is valid through its notAfter instant, inclusive);
 * - `not-yet-valid` before notBefore;
 * - `renewable` when `daysLeft <= 90` (from Brussels midnight starting the 90th day before the expiry day);
 * - `valid` otherwise.
 * Hence: renewable exactly when 0 <= daysLeft <= 90 and the certificate is in force; expired exactly when daysLeft < 0.
 */
export function certificateStatus(
  validity: { notBefore: Date; notAfter: Date },
  now: Date,
): CertificateStatus {
  for (const [name, date] of [
    ['notBefore', validity.notBefore],
    ['notAfter', validity.notAfter],
    ['now', now],
  ] as const) {
    if (!(date instanceof Date) || Number.isNaN(date.getTime()))
      throw new RangeError(`${name} must be a valid Date.`);
  }
  if (now.getTime() > validity.notAfter.getTime()) return 'expired';
  if (now.getTime() < validity.notBefore.getTime()) return 'not-yet-valid';
  return daysLeft(validity.notAfter, now) <= RENEWAL_WINDOW_DAYS ? 'renewable' : 'valid';
}

/** The Brussels date ('YYYY-MM-DD') from which the certificate is renewable: 90 days before its expiry day. */
export function renewableFrom(notAfter: Date): string {
  return dateOfEpochDay(brusselsEpochDay(notAfter) - RENEWAL_WINDOW_DAYS);
}
