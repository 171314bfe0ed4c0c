import { describe, expect, it } from '@jest/globals';
import { daysLeft } from '@certdesk/domain';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { nl } from '../i18n/nl.js';
import { daysLeftInWords } from './days-left.js';

describe('daysLeftInWords', () => {
  // Expired at 11:00 Brussels (CET) on 10 March 2026.
  const notAfter = '2026-03-10T10:00:00Z';
  const words = (now: string) =>
    [en, fr, nl].map((m) =>
      daysLeftInWords(m, daysLeft(new Date(notAfter), new Date(now)), notAfter, new Date(now)),
    );

  it('says "expired today" on the expiry day after the expiry instant, where the api already counts -1', () => {
    expect(daysLeft(new Date(notAfter), new Date('2026-03-10T22:30:00Z'))).toBe(-1);
    expect(words('2026-03-10T22:30:00Z')).toEqual([
      'expired today',
      "expiré aujourd'hui",
      'vandaag vervallen',
    ]);
  });

  it('says "expired 1 day ago" from the next Brussels midnight (23:00 UTC in winter), then counts on', () => {
    expect(words('2026-03-10T23:00:00Z')).toEqual([
      'expired 1 day ago',
      'expiré depuis 1 jour',
      '1 dag geleden vervallen',
    ]);
    expect(words('2026-03-13T09:00:00Z')[0]).toBe('expired 3 days ago');
  });

  it('keeps the days left before the expiry', () => {
    expect(words('2026-03-10T09:59:59Z')[0]).toBe('expires today');
    expect(words('2026-03-08T12:00:00Z')[0]).toBe('2 days left');
  });
});
