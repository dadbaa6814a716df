import { zoneOffsetAt } from '../time/zone-offset.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

const MS_PER_DAY = 86_400_000;

export type LocalTime = {
  /** Days since 1970-01-01 on the local calendar. */
  readonly day: number;
  readonly hour: number;
  readonly weekday: Weekday;
};

/** The wall-clock day, hour and weekday of an instant in an IANA zone (UTC when none is given). */
export function localTime(at: Date, timeZone?: string): LocalTime {
  const ms = at.getTime();
  const local = new Date(ms + (timeZone ? zoneOffsetAt(ms, timeZone) : 0));
  return {
    day: Math.floor(local.getTime() / MS_PER_DAY),
    hour: local.getUTCHours(),
    // getUTCDay counts from Sunday = 0; the week here starts on Monday.
    weekday: WEEKDAYS[(local.getUTCDay() + 6) % 7]!,
  };
}

/** Morning before 12:00, afternoon 12:00–16:59, evening from 17:00. */
export function timeOfDay(hour: number): TimeOfDay {
  if (hour < 12) return 'morning';
  return hour < 17 ? 'afternoon' : 'evening';
}
