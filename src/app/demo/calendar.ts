import { zoneOffsetAt } from '../../domain/time/zone-offset.ts';

/**
 * Calendar arithmetic for the demo salon. Times are handled as a local day number (days since
 * 1970-01-01 in the tenant's calendar) plus minutes since local midnight, and turned into
 * instants only at the edge, so weekdays and opening hours never depend on the machine's zone.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];
export type Shift = [string, string];
export type WorkingHours = Partial<Record<WeekdayKey, Shift[]>>;

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function parseHm(text: string): number {
  const [hours, minutes] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export function formatHm(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export function dayOfYmd(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

/** Calendar date of a local day number: month 1–12. */
export function ymdOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export type Zone = {
  readonly timeZone: string;
  /** Minutes east of UTC in force on a local day (−180 for São Paulo since 2019). */
  offsetOnDay(day: number): number;
  /** The local day and minute of an instant. */
  local(ms: number): { day: number; minute: number };
  /** The instant of a local day and minute. */
  instant(day: number, minute: number): number;
  /** ISO 8601 with the local offset, e.g. 2025-03-14T10:30:00-03:00. */
  format(day: number, minute: number): string;
};

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${formatHm(absolute)}`;
}

/**
 * Offsets come from zoneOffsetAt (Intl), cached per local day. A day's offset is the one at local morning:
 * Brazil's old daylight-saving switches happened at midnight and it has had none since 2019,
 * so no salon hour falls in a gap or an overlap.
 */
export function createZone(timeZone: string): Zone {
  const offsetAt = (ms: number): number => Math.round(zoneOffsetAt(ms, timeZone) / MINUTE_MS);
  const byDay = new Map<number, number>();
  const prefixByDay = new Map<number, string>();
  const offsetOnDay = (day: number): number => {
    let offset = byDay.get(day);
    if (offset === undefined) {
      offset = offsetAt(day * DAY_MS + 12 * 60 * MINUTE_MS);
      byDay.set(day, offset);
    }
    return offset;
  };
  return {
    timeZone,
    offsetOnDay,
    local(ms) {
      const localMs = ms + offsetAt(ms) * MINUTE_MS;
      const day = Math.floor(localMs / DAY_MS);
      return { day, minute: Math.floor((localMs - day * DAY_MS) / MINUTE_MS) };
    },
    instant: (day, minute) => day * DAY_MS + (minute - offsetOnDay(day)) * MINUTE_MS,
    format(day, minute) {
      let prefix = prefixByDay.get(day);
      if (prefix === undefined) {
        prefix = `${isoDate(day)}T`;
        prefixByDay.set(day, prefix);
      }
      return `${prefix}${formatHm(minute)}:00${offsetText(offsetOnDay(day))}`;
    },
  };
}

/** Easter Sunday (Gregorian, the anonymous "Meeus/Jones/Butcher" algorithm) as a day number. */
export function easterDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOfYmd(year, month, dayOfMonth);
}

const FIXED_HOLIDAYS: readonly (readonly [number, number])[] = [
  [1, 1], // Confraternização Universal
  [4, 21], // Tiradentes
  [5, 1], // Dia do Trabalho
  [9, 7], // Independência
  [10, 12], // Nossa Senhora Aparecida
  [11, 2], // Finados
  [11, 15], // Proclamação da República
  [11, 20], // Consciência Negra (national since 2024, a São Paulo city holiday before)
  [12, 25], // Natal
];

/**
 * Days the salon stays closed besides Sundays: Brazil's national holidays plus Carnival Monday
 * and Tuesday, Good Friday and Corpus Christi, which move with Easter.
 */
export function salonHolidays(year: number): number[] {
  const easter = easterDay(year);
  const movable = [easter - 48, easter - 47, easter - 2, easter + 60];
  return [...FIXED_HOLIDAYS.map(([month, dayOfMonth]) => dayOfYmd(year, month, dayOfMonth)), ...movable].sort(
    (a, b) => a - b,
  );
}

const closedCache = new Map<number, boolean>();

/** Cached per day: placement asks this millions of times in large runs, about a few thousand days. */
export function isSalonClosed(day: number): boolean {
  let closed = closedCache.get(day);
  if (closed === undefined) {
    closed = weekdayOf(day) === 0 || salonHolidays(ymdOf(day).year).includes(day);
    closedCache.set(day, closed);
  }
  return closed;
}
