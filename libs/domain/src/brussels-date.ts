// Calendar dates in Europe/Brussels, where Certdesk's users live: "days left" and reminder days are counted
// in Brussels calendar days, whatever the time zone of the server or browser. Since 1996 the EU's summer-time rule
// gives Brussels' offset (brusselsUtcOffsetHours); before, Intl does the time-zone work. Intl's formatter is made only
// for such an instant: it loads ~7 MB of ICU time-zone and locale data, which the card-bridge on a PC spares (issue 12).
import { epochDay } from './calendar.js';

export const BRUSSELS_TIME_ZONE = 'Europe/Brussels';

let formatter: Intl.DateTimeFormat | null = null;
const intlFormatter = () =>
  (formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: BRUSSELS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }));

const HOUR = 3_600_000;
/** Belgium has followed the EU's summer time (directive 2000/84/EC and the ones before it) since 1996. */
const EU_RULE_FROM = Date.UTC(1996, 0, 1);

/** The last Sunday of a month (0-based), at 01:00 UTC: when the EU's summer time starts (March) and ends (October). */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * Brussels' offset from UTC at an instant from 1996 on, in hours, without Intl: +2 (CEST) from the last Sunday of
 * March at 01:00 UTC until the last Sunday of October at 01:00 UTC, +1 (CET) otherwise. Null before 1996, whose
 * rules differed. Checked against Intl's time-zone data from 1996 to 2100 (brussels-date.spec.ts).
 */
export function brusselsUtcOffsetHours(instant: Date): 1 | 2 | null {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Expected a valid date, got an invalid Date.');
  if (time < EU_RULE_FROM) return null;
  const [summerFrom, summerUntil] = summerTime(instant.getUTCFullYear());
  return time >= summerFrom && time < summerUntil ? 2 : 1;
}

/** Each year's summer time, [start, end) in UTC milliseconds: an import describes thousands of dates of a few years. */
const summerTimes = new Map<number, readonly [number, number]>();

function summerTime(year: number): readonly [number, number] {
  let bounds = summerTimes.get(year);
  if (!bounds) {
    bounds = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
    // Years come from certificates' dates (a few hundred at most); the bound only guards against a flood of odd ones.
    if (summerTimes.size >= 1_000) summerTimes.clear();
    summerTimes.set(year, bounds);
  }
  return bounds;
}

/**
 * Before 1996, Intl. Brussels' offset from UTC has been a whole number of hours, changing on the hour, since 1946; the
 * date there is therefore the same through a whole UTC hour, and can be cached per hour. Older instants skip the cache.
 */
const CACHE_FROM = Date.UTC(1950, 0, 1);
const MAX_CACHED_HOURS = 50_000;
const byUtcHour = new Map<number, { year: number; month: number; day: number }>();

function brusselsParts(instant: Date): { year: number; month: number; day: number } {
  const offset = brusselsUtcOffsetHours(instant);
  if (offset !== null) {
    const local = new Date(instant.getTime() + offset * HOUR);
    return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
  }
  const time = instant.getTime();
  const hour = Math.floor(time / HOUR);
  const cached = time >= CACHE_FROM ? byUtcHour.get(hour) : undefined;
  if (cached) return cached;
  const parts = { year: 0, month: 0, day: 0 };
  for (const part of intlFormatter().formatToParts(instant)) {
    if (part.type === 'year') parts.year = Number(part.value);
    else if (part.type === 'month') parts.month = Number(part.value);
    else if (part.type === 'day') parts.day = Number(part.value);
  }
  if (time >= CACHE_FROM) {
    if (byUtcHour.size >= MAX_CACHED_HOURS) byUtcHour.clear();
    byUtcHour.set(hour, parts);
  }
  return parts;
}

/** 'YYYY-MM-DD': the calendar date in Brussels at that instant. */
export function brusselsDate(instant: Date): string {
  const { year, month, day } = brusselsParts(instant);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The Brussels calendar date of an instant as a day number (days since 1970-01-01), for differences. */
export function brusselsEpochDay(instant: Date): number {
  const { year, month, day } = brusselsParts(instant);
  return epochDay(year, month, day);
}
