import { brusselsEpochDay } from '@certdesk/domain';
import type { Messages } from '../i18n/en.js';

/**
 * Days left in words. The api's daysLeft is already -1 on the expiry day once the expiry instant has passed (so that
 * "negative" means "expired"); "expired 1 day ago" waits until a Brussels day has passed since the expiry day: until
 * then it is "expired today". Brussels days from libs/domain.
 */
export function daysLeftInWords(
  m: Messages,
  days: number,
  notAfter: string | undefined,
  now: Date = new Date(),
): string {
  if (days >= 0 || notAfter === undefined) return m.certificates.daysLeft(days);
  return m.certificates.expiredDaysAgo(
    Math.max(0, brusselsEpochDay(now) - brusselsEpochDay(new Date(notAfter))),
  );
}
