import type { Weekday } from '../preferences/local-time.ts';

/**
 * A staff member's weekly hours in the tenant's zone, as stored in `staff.working_hours`:
 * `{ "tue": [["09:00", "12:00"], ["13:00", "18:00"]], "sat": [["08:00", "16:00"]] }`. A day that is
 * missing or empty is a day off.
 */
export type WorkingHours = Partial<Record<Weekday, readonly (readonly [string, string])[]>>;

/** A shift as minutes since local midnight, end exclusive. */
export type Shift = readonly [start: number, end: number];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 24 * 60;

/**
 * The shifts of one weekday, in order, as minutes since midnight; shifts that overlap or touch
 * (`["09:00", "12:00"], ["12:00", "18:00"]`) are one, so a long service may run across the seam.
 * A shift must end after it
 * starts on the same day: `["22:00", "02:00"]` gives nothing rather than guessing whether it means
 * an overnight shift (no salon in the seeds works past midnight, and a shift split at midnight —
 * `["22:00", "24:00"]` here and `["00:00", "02:00"]` the next day — says it unambiguously).
 * Malformed times are skipped the same way: the ingest schema refuses them, so they can only come
 * from a row edited by hand, and offering a slot at a made-up hour is worse than offering none.
 */
export function shiftsOn(hours: WorkingHours, weekday: Weekday): Shift[] {
  const shifts: Shift[] = [];
  for (const pair of hours[weekday] ?? []) {
    const start = parseHm(pair[0]);
    const end = pair[1] === '24:00' ? MINUTES_PER_DAY : parseHm(pair[1]);
    if (start !== undefined && end !== undefined && end > start) shifts.push([start, end]);
  }
  const merged: Shift[] = [];
  for (const shift of shifts.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && shift[0] <= last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], shift[1])];
    else merged.push(shift);
  }
  return merged;
}

/** "09:30" → 570; undefined for anything that is not HH:MM on a 24-hour clock. */
export function parseHm(text: string): number | undefined {
  const match = HH_MM.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}
