import { dayOfYmd, ymdOf } from './calendar.ts';
import type { Segment, Track } from './profile.ts';
import type { Random } from './random.ts';

/**
 * When a customer comes, as target days (before they are moved to a preferred weekday and a
 * professional's shift). Days are local day numbers; see calendar.ts.
 */

export type TimelineContext = {
  /** Today in the tenant's calendar. */
  nowDay: number;
  /** First day of the generated history (`now` minus `years`). */
  windowStart: number;
  /** Larissa's last working day. */
  leaverLastDay: number;
};

/**
 * - `backward`: the last visit of the main service is fixed at `last` and earlier visits are laid
 *   out backwards from it, one personal gap at a time, until `since`. That pins recency exactly,
 *   which is what the segments are about. `ongoing` customers (regulars, VIPs) keep every
 *   service current; departed ones stop all services around `last`. `slowdownGaps` gaps before
 *   the end are stretched by `slowdownFactor` (drifting customers come less and less often).
 * - `forward`: a newcomer, first visit on `since`, then their rhythm up to today.
 * - `single`: one visit.
 * - `seasonal`: their rhythm, but only in `months`; the rest of the year they are away.
 */
export type Plan =
  | {
      kind: 'backward';
      since: number;
      last: number;
      ongoing: boolean;
      slowdownGaps: number;
      slowdownFactor: number;
    }
  | { kind: 'forward'; since: number }
  | { kind: 'single'; day: number }
  | { kind: 'seasonal'; since: number; months: number[] };

/** Customers already coming before the window starts: their history is cut at `windowStart`. */
const LONG_AGO = 400;

/**
 * When a customer started coming: before the window for a `preExisting` share, otherwise some day
 * up to `latest`, more often recently than long ago (the salon has been growing, and the clients
 * of long ago are the ones more likely to have gone already).
 */
function sinceBefore(random: Random, context: TimelineContext, latest: number, preExisting: number): number {
  const { windowStart } = context;
  if (latest <= windowStart || random.chance(preExisting)) return windowStart - LONG_AGO;
  return Math.round(latest - (latest - windowStart) * random.float() ** 2.5);
}

export function planTimeline(
  random: Random,
  segment: Segment,
  mainInterval: number,
  context: TimelineContext,
  options: { seasonMonths?: number[]; staffLeft?: boolean },
): Plan {
  const { nowDay, windowStart } = context;
  const span = nowDay - windowStart;
  const interval = mainInterval;
  const backward = (last: number, since: number, ongoing: boolean, slowdownGaps = 0): Plan => ({
    kind: 'backward',
    since,
    last: Math.round(last),
    ongoing,
    slowdownGaps,
    slowdownFactor: random.between(1.15, 1.5),
  });
  switch (segment) {
    case 'regular':
      return backward(
        nowDay - random.between(0.05, 0.95) * interval,
        sinceBefore(random, context, nowDay - 150, 0.1),
        true,
      );
    case 'vip':
      return backward(
        nowDay - random.between(0.05, 0.9) * interval,
        sinceBefore(random, context, nowDay - 240, 0.3),
        true,
      );
    case 'drifting': {
      const last = nowDay - random.between(1.5, 3) * interval;
      return backward(last, sinceBefore(random, context, last - 4 * interval, 0.2), false, 2);
    }
    case 'stopped': {
      const last = nowDay - random.between(3, 6) * interval;
      return backward(last, sinceBefore(random, context, last - 3 * interval, 0.2), false, 1);
    }
    case 'churned': {
      let last: number;
      if (options.staffLeft) {
        last = context.leaverLastDay - random.int(0, 25);
      } else {
        const least = Math.max(6 * interval, 180);
        const most = span - 2 * interval;
        last = nowDay - (least < most ? random.between(least, most) : least);
      }
      return backward(last, sinceBefore(random, context, last - 3 * interval, 0.4), false);
    }
    case 'newcomer':
      return { kind: 'forward', since: nowDay - random.int(5, 100) };
    case 'one_off':
      return { kind: 'single', day: windowStart + random.int(0, span - 10) };
    case 'seasonal':
      return {
        kind: 'seasonal',
        since: windowStart + random.int(0, Math.round(interval)),
        months: options.seasonMonths ?? [11, 12, 1, 2],
      };
  }
}

/** The first day a plan can place a visit; used to decide who could have been Larissa's client. */
export function planStart(plan: Plan, context: TimelineContext): number {
  switch (plan.kind) {
    case 'backward':
      return Math.max(plan.since, context.windowStart);
    case 'forward':
    case 'seasonal':
      return plan.since;
    case 'single':
      return plan.day;
  }
}

/** One gap between visits; one in twelve skips a cycle (a trip, a tight month) and is twice as long. */
function gap(random: Random, track: Track): number {
  const days = random.logNormal(track.intervalDays, track.gapSpread) * (random.chance(1 / 12) ? 2 : 1);
  return Math.max(3, 0.35 * track.intervalDays, days);
}

/** Target days of one track, ascending, plus the next due day for customers who are still coming. */
export function trackDays(
  random: Random,
  track: Track,
  isMain: boolean,
  plan: Plan,
  context: TimelineContext,
): { days: number[]; nextDue: number | null } {
  const { nowDay, windowStart } = context;
  const days: number[] = [];
  switch (plan.kind) {
    case 'single':
      return { days: isMain ? [plan.day] : [], nextDue: null };
    case 'backward': {
      const start = Math.max(plan.since, windowStart);
      let last = plan.last;
      if (!isMain) {
        const lag = random.between(0.05, 0.95) * track.intervalDays;
        last = Math.round(plan.ongoing ? nowDay - lag : plan.last - lag);
      }
      let day = last;
      for (let stretched = 0; day >= start; stretched++) {
        days.push(Math.round(day));
        day -= gap(random, track) * (stretched < plan.slowdownGaps ? plan.slowdownFactor : 1);
      }
      days.reverse();
      return { days, nextDue: plan.ongoing ? Math.round(last + gap(random, track)) : null };
    }
    case 'forward': {
      let day = isMain ? plan.since : plan.since + random.between(0, track.intervalDays);
      while (day < nowDay) {
        days.push(Math.round(day));
        day += gap(random, track);
      }
      return { days, nextDue: Math.round(day) };
    }
    case 'seasonal': {
      const inSeason = (day: number) => plan.months.includes(ymdOf(Math.round(day)).month);
      let day = plan.since + (isMain ? 0 : random.between(0, track.intervalDays));
      while (day < nowDay) {
        if (inSeason(day)) {
          days.push(Math.round(day));
          day += gap(random, track);
        } else {
          // Away until the season comes round again; back within its first three weeks.
          const { year, month } = ymdOf(Math.round(day));
          for (let ahead = 1; ahead <= 12; ahead++) {
            const next = ((month - 1 + ahead) % 12) + 1;
            if (!plan.months.includes(next)) continue;
            day = dayOfYmd(year + Math.floor((month - 1 + ahead) / 12), next, 1) + random.int(0, 20);
            break;
          }
        }
      }
      return { days, nextDue: inSeason(day) ? Math.round(day) : null };
    }
  }
}
