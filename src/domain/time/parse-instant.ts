import { startOfDay } from './start-of-day.ts';
import { zoneOffsetAt } from './zone-offset.ts';

/**
 * Turns the timestamps that arrive from APIs and files into instants.
 *
 * Accepted: a Date; `YYYY-MM-DD` (midnight in the tenant's time zone); an ISO 8601 date-time with
 * `Z` or an offset (`+03:00`, `+0300`, `+03`); and a date-time without offset (`2024-01-05 14:30`,
 * read as wall-clock time in the tenant's zone). Calendar dates are checked (no 30 February),
 * which `Date.parse` does not do.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export function parseInstant(value: string | Date, timeZone: string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const text = value.trim();
  if (text.length === 10) {
    const midnight = startOfDate(text, timeZone);
    return midnight === undefined ? undefined : new Date(midnight);
  }
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
    ms: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (!isValidCalendar(fields)) return undefined;
  const wallClock = utcOf(fields);
  if (zulu) return new Date(wallClock);
  if (sign) {
    const minutes = Number(offsetHours) * 60 + Number(offsetMinutes ?? 0);
    if (minutes > 18 * 60 || Number(offsetMinutes ?? 0) > 59) return undefined;
    return new Date(wallClock - (sign === '+' ? 1 : -1) * minutes * 60_000);
  }
  return new Date(zonedToInstant(wallClock, timeZone));
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function isValidCalendar(f: Fields): boolean {
  if (f.year < 1000 || f.month < 1 || f.month > 12 || f.day < 1) return false;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  return f.day <= daysInMonth;
}

function utcOf(f: Fields): number {
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms);
}

// Files repeat the same few thousand dates: each is converted once per zone, which keeps Intl
// (microseconds per call) off the path of a million-row import.
const dayCaches = new Map<string, Map<string, number | null>>();

function startOfDate(text: string, timeZone: string): number | undefined {
  let cache = dayCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    dayCaches.set(timeZone, cache);
  }
  const cached = cache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  const date = DATE.exec(text);
  const fields = date && {
    year: Number(date[1]),
    month: Number(date[2]),
    day: Number(date[3]),
    hour: 0,
    minute: 0,
    second: 0,
    ms: 0,
  };
  // the same rule as the single-row API endpoints, so both agree on what a plain date means
  const ms = fields && isValidCalendar(fields) ? startOfDay(text, timeZone).getTime() : null;
  if (cache.size > 50_000) cache.clear();
  cache.set(text, ms);
  return ms ?? undefined;
}

/**
 * The instant at which the zone's clocks show `wallClock` (given as if it were UTC). The offset
 * at the first guess is right unless a DST change lies between the guess and the answer, so one
 * correction suffices. A wall-clock time skipped by a DST gap (02:30 on a spring-forward night)
 * has no instant; it lands after the gap, as a clock moved forward would show it.
 */
function zonedToInstant(wallClock: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wallClock;
  const firstOffset = zoneOffsetAt(wallClock, timeZone);
  const first = wallClock - firstOffset;
  const secondOffset = zoneOffsetAt(first, timeZone);
  if (secondOffset === firstOffset) return first;
  const second = wallClock - secondOffset;
  if (zoneOffsetAt(second, timeZone) === secondOffset) return second;
  return Math.max(first, second);
}
