import { createHash } from 'node:crypto';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { brusselsDate, findIdentifierType, maskSsin, renewableFrom } from '@certdesk/domain';
import type { CertificateDto } from '../certificates/certificate.dto.js';
import { escapeText, maskedText, plainText } from './calendar-text.js';

/** Alarms ring at this Brussels-agnostic local hour of each milestone day (calendar clients use their own zone). */
export const ALARM_HOUR = 9;

export interface CalendarInput {
  organisationName: string;
  reminderMilestones: readonly number[];
  certificates: readonly CertificateDto[];
  certificateUrl: (certificateId: string) => string;
}

const dateArray = (isoDate: string): DateArray => isoDate.split('-').map(Number) as DateArray;

function nextDay(isoDate: string): DateArray {
  const [y, m, d] = dateArray(isoDate) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

/** What the calendar shows for a certificate: identifier (an SSIN masked: the feed's URL may be shared), app ID, holder. */
export function calendarLabel(certificate: CertificateDto): string {
  const e = certificate.ehealth;
  if (!e) return maskedText(certificate.subject);
  const value =
    findIdentifierType(e.identifierType)?.checkRule === 'ssin'
      ? maskSsin(e.identifierValue)
      : e.identifierValue;
  return `${e.identifierType}=${value}${e.applicationId ? `, ${e.applicationId}` : ''}${e.holderName ? ` (${maskedText(e.holderName)})` : ''}`;
}

/**
 * An RFC 5545 calendar: per certificate an all-day event on its Europe/Brussels expiry date, UID stable per
 * certificate, with a display alarm at 09:00 (the client's local time) on each of the organisation's reminder
 * milestone days before it. Every text has its SSINs masked. `ics` escapes SUMMARY and DESCRIPTION but not a bare
 * CR, and neither the alarms' DESCRIPTION, CATEGORIES nor X-WR-CALNAME: so every text goes in as plainText, and
 * those as escapeText.
 */
export function buildCalendar(input: CalendarInput): string {
  const events: EventAttributes[] = input.certificates.map((certificate) => {
    const label = calendarLabel(certificate);
    const expiryDate = brusselsDate(new Date(certificate.notAfter));
    const link = input.certificateUrl(certificate.id);
    const lines = [
      `${label} expires on ${expiryDate} (${certificate.notAfter}); ${certificate.ehealth?.environment ?? 'unknown'} environment.`,
      `Renewable from ${renewableFrom(new Date(certificate.notAfter))}. Renew it with the eHealth Certificate Manager ` +
        '(renew, complete the renewal, activate the ETK), then give the new keystore to every system that uses it.',
      certificate.manager
        ? `Certificate manager: ${maskedText(certificate.manager.name)}.`
        : 'No certificate manager recorded.',
      certificate.keystore
        ? `Keystore: ${maskedText([certificate.keystore.host, certificate.keystore.path, certificate.keystore.fileName].filter(Boolean).join(' '))}.`
        : 'Keystore location not recorded.',
      `In Certdesk: ${link}`,
    ];
    return {
      uid: `${certificate.id}@certdesk`,
      start: dateArray(expiryDate),
      end: nextDay(expiryDate),
      title: plainText(`eHealth certificate expires: ${label}`),
      description: plainText(lines.join('\n')),
      url: link,
      categories: [escapeText('eHealth certificate')],
      status: 'CONFIRMED',
      busyStatus: 'FREE',
      transp: 'TRANSPARENT',
      alarms: input.reminderMilestones.map((days) => ({
        action: 'display' as const,
        description: escapeText(days === 0 ? `${label} expires today` : `${label} expires in ${days} days`),
        // Relative to the start of the expiry day: `days` days before, at 09:00.
        trigger:
          days === 0
            ? { hours: ALARM_HOUR, before: false }
            : { days: days - 1, hours: 24 - ALARM_HOUR, before: true },
      })),
    };
  });
  const { error, value } = createEvents(events, {
    productId: '-//Certdesk//Certificate expiries//EN',
    method: 'PUBLISH',
    calName: escapeText(`Certdesk: ${maskedText(input.organisationName)}`),
  });
  if (error || value === null) throw error ?? new Error('the calendar could not be written');
  return foldLines(value);
}

/**
 * A weak ETag for a calendar: a digest of its lines but DTSTAMP, the instant each one was written (RFC 5545, for a
 * `METHOD:PUBLISH` object), which alone changes between two fetches of the same feed. So a calendar program that
 * polls revalidates (304) until an event, an alarm or the calendar's name changes.
 */
export function calendarValidator(calendar: string): string {
  const content = calendar
    .split('\r\n')
    .filter((line) => !line.startsWith('DTSTAMP:'))
    .join('\r\n');
  return `W/"${createHash('sha256').update(content).digest('base64url')}"`;
}

/**
 * RFC 5545 3.1: content lines of at most 75 octets, continued on lines starting with a space. `ics` folds at 75
 * characters, which accented names exceed in UTF-8 octets; so unfold and fold again by octets, never inside a
 * character.
 */
export function foldLines(calendar: string): string {
  const lines = calendar.replace(/\r\n[ \t]/g, '').split('\r\n');
  const folded = lines.map((line) => {
    const parts: string[] = [];
    let current = '';
    let octets = 0;
    for (const character of line) {
      const size = Buffer.byteLength(character, 'utf8');
      const room = parts.length === 0 ? 75 : 74; // continuation lines start with a space
      if (octets + size > room) {
        parts.push(current);
        current = '';
        octets = 0;
      }
      current += character;
      octets += size;
    }
    parts.push(current);
    return parts.join('\r\n ');
  });
  return folded.join('\r\n');
}
