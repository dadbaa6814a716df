import type { Weekday } from '../preferences/local-time.ts';
import { createWallClock, MS_PER_DAY, MS_PER_MINUTE, weekdayOf } from '../slots/wall-clock.ts';

/**
 * When a tenant may message its customers (DESIGN non-negotiable 4, seed 004's limit manager):
 * on the allowed weekdays, from `from` until `until` on the tenant's own clock.
 */
export interface SendWindow {
  readonly days: readonly Weekday[];
  /** Local `HH:MM`, inclusive. */
  readonly from: string;
  /** Local `HH:MM`, exclusive; after `from` (windows do not cross midnight); `24:00` is the end of the day. */
  readonly until: string;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The first instant at or after `now` at which the window is open: `now` itself when it is open.
 * Undefined only for a window with no days. Daylight-saving changes are followed: a window that
 * opens at 02:30 on a night the clocks jump from 02:00 to 03:00 opens at 03:30, as a clock moved
 * forward shows it (the wall-clock rule of the slot finder).
 */
export function nextOpening(now: Date, timeZone: string, window: SendWindow): Date | undefined {
  if (window.days.length === 0) return undefined;
  const clock = createWallClock(timeZone);
  const from = minutesOf(window.from) * MS_PER_MINUTE;
  const until = minutesOf(window.until) * MS_PER_MINUTE;
  const at = now.getTime();
  const today = clock.dayOf(at);
  // Eight days: today's window may be over, and the same weekday a week later is then the next.
  for (let day = today; day <= today + 7; day++) {
    if (!window.days.includes(weekdayOf(day))) continue;
    const opens = clock.boundary(day * MS_PER_DAY + from);
    const closes = clock.boundary(day * MS_PER_DAY + until);
    if (at < closes) return new Date(Math.max(at, opens));
  }
  return undefined;
}

export function isWindowOpen(now: Date, timeZone: string, window: SendWindow): boolean {
  return nextOpening(now, timeZone, window)?.getTime() === now.getTime();
}

/** The instant the tenant's local calendar day containing `now` began: "today" for once-a-day rules. */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const clock = createWallClock(timeZone);
  return new Date(clock.boundary(clock.dayOf(now.getTime()) * MS_PER_DAY));
}
