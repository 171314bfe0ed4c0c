// How facts read in a mail: dates in Europe/Brussels (the calendar day from libs/domain's brusselsDate, so a
// certificate ending at 00:30 Brussels time shows that day, whatever the server's zone), lists of names,
// identifiers with the SSIN masked.
import { BRUSSELS_TIME_ZONE, brusselsDate, maskSsin } from '@certdesk/domain';
import { type Messages } from './messages/index.js';
import { type ReminderLine } from './types.js';

const longDates = new Map<string, Intl.DateTimeFormat>();
const times = new Map<string, Intl.DateTimeFormat>();
const lists = new Map<string, Intl.ListFormat>();

function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (value === undefined) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

function brusselsCalendar(instant: Date): { year: string; month: string; day: string } {
  const [year = '', month = '', day = ''] = brusselsDate(instant).split('-');
  return { year, month, day };
}

/** "18 janvier 2022": the Brussels calendar date, month spelled out. */
export function longDate(messages: Messages, instant: Date): string {
  return longCalendarDate(messages, brusselsCalendar(instant));
}

/** "18 janvier 2022" from a calendar date ('2022-01-18' or its parts), such as the day someone left. */
export function longCalendarDate(
  messages: Messages,
  date: string | { year: string; month: string; day: string },
): string {
  const [year = '', month = '', day = ''] =
    typeof date === 'string' ? date.split('-') : [date.year, date.month, date.day];
  const formatter = cached(
    longDates,
    messages.locale,
    () => new Intl.DateTimeFormat(messages.locale, { dateStyle: 'long', timeZone: 'UTC' }),
  );
  const calendarDay = new Date(0);
  calendarDay.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  return formatter.format(calendarDay);
}

/** "18/01/2022" (or "18.01.2022"), for subjects. */
export function shortDate(messages: Messages, instant: Date): string {
  const { year, month, day } = brusselsCalendar(instant);
  return messages.shortDate(year, month, day);
}

/** "18 janvier 2022 à 11:32 (heure de Bruxelles)". */
export function dateAndTime(messages: Messages, instant: Date): string {
  const formatter = cached(
    times,
    messages.locale,
    () =>
      new Intl.DateTimeFormat(messages.locale, {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: BRUSSELS_TIME_ZONE,
      }),
  );
  return messages.dateTime(longDate(messages, instant), formatter.format(instant));
}

/** "A, B et C". */
export function nameList(messages: Messages, names: readonly string[]): string {
  return cached(
    lists,
    messages.locale,
    () => new Intl.ListFormat(messages.locale, { style: 'long', type: 'conjunction' }),
  ).format(names);
}

/**
 * `TYPE=ID`, as in the certificate's subject. A personal certificate's SSIN is masked: the mail goes to shared
 * mailboxes, and the holder's name, application ID and link identify the certificate well enough.
 */
export function identifierText(line: ReminderLine): string {
  const value = line.identifierType === 'SSIN' ? maskSsin(line.identifierValue) : line.identifierValue;
  return `${line.identifierType}=${value}`;
}

/** The identifier with the application ID, as eHealth writes the common name: `EHP=1990001916, VITALINKGATEWAY`. */
export function certificateTitle(line: ReminderLine): string {
  return line.applicationId ? `${identifierText(line)}, ${line.applicationId}` : identifierText(line);
}

export function isExpired(line: ReminderLine): boolean {
  return line.milestone === 'expired' || line.daysLeft < 0;
}

/** Earliest notAfter first; ties in a stable, readable order. Returns a new array. */
export function byExpiry(lines: readonly ReminderLine[]): ReminderLine[] {
  return [...lines].sort(
    (a, b) =>
      a.notAfter.getTime() - b.notAfter.getTime() ||
      certificateTitle(a).localeCompare(certificateTitle(b)) ||
      a.certificateId.localeCompare(b.certificateId),
  );
}

/** One line, for a subject: data may hold line breaks, which must not reach a header. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
