// Calendar dates in Europe/Brussels, where Certdesk's users live: "days left" and reminder days are counted
// in Brussels calendar days, whatever the time zone of the server or browser. Intl does the time-zone work.
import { epochDay } from './calendar.js';

export const BRUSSELS_TIME_ZONE = 'Europe/Brussels';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: BRUSSELS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Brussels' offset from UTC has been a whole number of hours, changing on the hour, since 1946; the date there
 * is therefore the same through a whole UTC hour, and can be cached per hour. Older instants skip the cache.
 */
const CACHE_FROM = Date.UTC(1950, 0, 1);
const HOUR = 3_600_000;
const MAX_CACHED_HOURS = 50_000;
const byUtcHour = new Map<number, { year: number; month: number; day: number }>();

function brusselsParts(instant: Date): { year: number; month: number; day: number } {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Expected a valid date, got an invalid Date.');
  const hour = Math.floor(time / HOUR);
  const cached = time >= CACHE_FROM ? byUtcHour.get(hour) : undefined;
  if (cached) return cached;
  const parts = { year: 0, month: 0, day: 0 };
  for (const part of formatter.formatToParts(instant)) {
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
