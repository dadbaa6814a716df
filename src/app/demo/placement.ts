import { isSalonClosed, weekdayOf } from './calendar.ts';
import { SERVICES, type ServiceKey } from './catalog.ts';
import {
  type DemoProfile,
  SHIFTS_BY_STAFF,
  STAFF_BY_KEY,
  TIME_OF_DAY_WINDOWS,
  type Track,
} from './profile.ts';
import type { Random } from './random.ts';

/**
 * Turns a target day into a real appointment: a day the salon is open, a professional who works
 * that day, and a start time inside one of her shifts with room for the whole sitting. This is
 * where the preference patterns live:
 * - weekday: with probability `weekdayLoyalty` the visit moves (±4 days at most) to one of the
 *   customer's preferred weekdays;
 * - professional: with probability `staffLoyalty` the favourite (the first of `track.staff` still
 *   employed) does it; otherwise a colleague working that day;
 * - time of day: 80% of visits start inside the customer's morning/afternoon/evening window.
 * Starts fall on the half hour, as salon agendas do; add-ons follow the main service directly.
 */

export type Slot = { day: number; minute: number; staff: string; services: ServiceKey[] };

export type PlacementBounds = {
  earliest: number;
  latest: number;
  /** Today; staff who left are unavailable after `nowDay - leftDaysAgo`. */
  nowDay: number;
};

/** Tried in this order around the target day: the closest first, earlier before later. */
const DAY_OFFSETS = [0, -1, 1, -2, 2, -3, 3, -4, 4, 5, 6, 7] as const;
const GRID_MINUTES = 30;

export function isEmployed(staffKey: string, day: number, nowDay: number): boolean {
  const spec = STAFF_BY_KEY.get(staffKey);
  if (!spec) return false;
  return spec.leftDaysAgo === undefined || day <= nowDay - spec.leftDaysAgo;
}

export function isWorking(staffKey: string, day: number, nowDay: number): boolean {
  return (
    !isSalonClosed(day) &&
    (SHIFTS_BY_STAFF.get(staffKey)?.[weekdayOf(day)]?.length ?? 0) > 0 &&
    isEmployed(staffKey, day, nowDay)
  );
}

function chooseDay(
  profile: DemoProfile,
  track: Track,
  target: number,
  bounds: PlacementBounds,
  favourite: string | undefined,
  wantPreferredDay: boolean,
  wantFavourite: boolean,
): number | null {
  const candidates = DAY_OFFSETS.map((offset) => target + offset).filter(
    (day) => day >= bounds.earliest && day <= bounds.latest,
  );
  const anyone = (day: number) => track.staff.some((key) => isWorking(key, day, bounds.nowDay));
  const withFavourite = (day: number) =>
    wantFavourite && favourite !== undefined ? isWorking(favourite, day, bounds.nowDay) : anyone(day);
  if (wantPreferredDay) {
    const day = candidates.find((day) => profile.weekdays.includes(weekdayOf(day)) && withFavourite(day));
    if (day !== undefined) return day;
  }
  return candidates.find(withFavourite) ?? candidates.find(anyone) ?? null;
}

function chooseStart(
  random: Random,
  profile: DemoProfile,
  staffKey: string,
  day: number,
  duration: number,
): number | null {
  const shifts = SHIFTS_BY_STAFF.get(staffKey)?.[weekdayOf(day)] ?? [];
  const [windowFrom, windowTo] = TIME_OF_DAY_WINDOWS[profile.timeOfDay];
  const inWindow: number[] = [];
  const all: number[] = [];
  for (const [from, to] of shifts) {
    for (
      let start = Math.ceil(from / GRID_MINUTES) * GRID_MINUTES;
      start + duration <= to;
      start += GRID_MINUTES
    ) {
      all.push(start);
      if (start >= windowFrom && start < windowTo) inWindow.push(start);
    }
  }
  if (inWindow.length > 0 && random.chance(0.8)) return random.pick(inWindow);
  return all.length > 0 ? random.pick(all) : null;
}

export function placeVisit(
  random: Random,
  profile: DemoProfile,
  track: Track,
  target: number,
  bounds: PlacementBounds,
  withAddons: boolean,
): Slot | null {
  const wantPreferredDay = random.chance(profile.weekdayLoyalty);
  const wantFavourite = random.chance(profile.staffLoyalty);
  const favourite = track.staff.find((key) => isEmployed(key, target, bounds.nowDay));
  const day = chooseDay(profile, track, target, bounds, favourite, wantPreferredDay, wantFavourite);
  if (day === null) return null;

  const working = track.staff.filter((key) => isWorking(key, day, bounds.nowDay));
  const others = working.filter((key) => key !== favourite);
  const favouriteWorks = favourite !== undefined && working.includes(favourite);
  let staff: string | undefined;
  if (favouriteWorks && (wantFavourite || others.length === 0)) staff = favourite;
  else if (others.length > 0) staff = wantFavourite ? others[0] : random.pick(others);
  else staff = working[0];
  if (staff === undefined) return null;

  const services: ServiceKey[] = [track.service];
  const skills = STAFF_BY_KEY.get(staff)?.skills ?? [];
  if (withAddons) {
    for (const addon of track.addons) {
      if (random.chance(addon.probability) && skills.includes(addon.service)) services.push(addon.service);
    }
  }
  // A long sitting that fits no shift that day loses its add-ons before it loses the visit.
  let start = chooseStart(random, profile, staff, day, sittingMinutes(services));
  if (start === null && services.length > 1) {
    services.length = 1;
    start = chooseStart(random, profile, staff, day, sittingMinutes(services));
  }
  return start === null ? null : { day, minute: start, staff, services };
}

export function sittingMinutes(services: readonly ServiceKey[]): number {
  let total = 0;
  for (const service of services) total += SERVICES[service].durationMinutes;
  return total;
}
