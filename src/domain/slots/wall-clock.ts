import { WEEKDAYS, type Weekday } from '../preferences/local-time.ts';
import { zoneOffsetAt } from '../time/zone-offset.ts';

export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/** Where a slot starts on the tenant's clock: what a customer reads in the message. */
export type LocalStart = {
  /** The local calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight. */
  readonly minute: number;
};

export interface WallClock {
  readonly timeZone: string;
  /**
   * The instant (ms) at which the zone's clocks show `localMs` (local wall-clock time written as
   * if it were UTC). Undefined when the clocks skip it (a spring-forward gap): no one can book
   * 02:30 on a night that goes from 02:00 to 03:00. When the clocks show it twice (fall-back),
   * the first time.
   */
  toInstant(localMs: number): number | undefined;
  /**
   * Like toInstant, but a time skipped by a gap lands just after the gap, as a clock moved forward
   * shows it: a shift that "starts at 02:00" on that night starts at 03:00.
   */
  boundary(localMs: number): number;
  /** The local day (days since 1970-01-01 on the zone's calendar) an instant falls on. */
  dayOf(instant: number): number;
}

/**
 * Wall-clock time ↔ instants in one IANA zone, with the zone's offset looked up once per local
 * day: the offsets a day before and a day after a local day are equal on every day without a
 * clock change (no zone changes its clocks twice within three days), and then every time of that
 * day converts by subtraction. Only on the few days with a change is each time checked against
 * both offsets.
 */
export function createWallClock(timeZone: string): WallClock {
  const around = new Map<number, readonly [before: number, after: number]>();
  const offsetsAround = (day: number) => {
    let offsets = around.get(day);
    if (!offsets) {
      offsets = [
        zoneOffsetAt((day - 1) * MS_PER_DAY, timeZone),
        zoneOffsetAt((day + 2) * MS_PER_DAY, timeZone),
      ];
      around.set(day, offsets);
    }
    return offsets;
  };
  return {
    timeZone,
    toInstant(localMs) {
      const [before, after] = offsetsAround(Math.floor(localMs / MS_PER_DAY));
      if (before === after) return localMs - before;
      const fits = [before, after]
        .map((offset) => localMs - offset)
        .filter((instant) => instant + zoneOffsetAt(instant, timeZone) === localMs);
      return fits.length === 0 ? undefined : Math.min(...fits);
    },
    boundary(localMs) {
      const exact = this.toInstant(localMs);
      if (exact !== undefined) return exact;
      // In a gap the smaller offset (the one before a spring-forward) gives the later instant,
      // which the zone's clock shows as the same distance past the end of the gap.
      const [before, after] = offsetsAround(Math.floor(localMs / MS_PER_DAY));
      return Math.max(localMs - before, localMs - after);
    },
    dayOf: (instant) => Math.floor((instant + zoneOffsetAt(instant, timeZone)) / MS_PER_DAY),
  };
}

/** The weekday of a local day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): Weekday {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7]!;
}

/** The YYYY-MM-DD of a local day number. */
export function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Where an instant falls on the zone's clock. */
export function localStartOf(start: Date, timeZone: string): LocalStart {
  const localMs = start.getTime() + zoneOffsetAt(start.getTime(), timeZone);
  const day = Math.floor(localMs / MS_PER_DAY);
  return {
    date: dateOf(day),
    weekday: weekdayOf(day),
    minute: Math.floor((localMs - day * MS_PER_DAY) / MS_PER_MINUTE),
  };
}
