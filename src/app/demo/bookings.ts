import type { BookingInput } from '../../contracts/ingest.ts';
import { weekdayOf, type Zone } from './calendar.ts';
import { offeringExternalId, SERVICES, type ServiceKey } from './catalog.ts';
import { isWorking, type PlacementBounds, placeVisit, type Slot, sittingMinutes } from './placement.ts';
import { type DemoProfile, SHIFTS_BY_STAFF, STAFF_BY_KEY, type Track } from './profile.ts';
import type { Random } from './random.ts';

/** Bookings are made for the next three weeks, as a salon agenda usually is. */
export const BOOKING_HORIZON_DAYS = 21;

/**
 * Who has booked ahead: customers still coming (regulars, VIPs, newcomers, seasonal ones in
 * season) whose next visit falls due within the horizon or is a few days overdue. VIPs book
 * ahead most often; the rest decide later. That gives about 10% of all customers a booking.
 */
const BOOKING_PROBABILITY = { vip: 0.6, other: 0.3 } as const;

/**
 * The future agenda, one bit per staff member and quarter hour, so bookings of different
 * customers do not overlap while there is room. Its size is fixed by the horizon, not by the
 * number of customers, so a streaming run stays flat in memory; once a professional's three
 * weeks are full (very large runs), bookings are placed anyway, overlapping.
 */
export type BookingCalendar = {
  isFree(staff: string, day: number, minute: number, duration: number): boolean;
  reserve(staff: string, day: number, minute: number, duration: number): void;
};

const QUARTERS_PER_DAY = 96;

export function createBookingCalendar(firstDay: number, days: number): BookingCalendar {
  const byStaff = new Map<string, Uint8Array>();
  const cells = (staff: string) => {
    let grid = byStaff.get(staff);
    if (!grid) {
      grid = new Uint8Array(days * QUARTERS_PER_DAY);
      byStaff.set(staff, grid);
    }
    return grid;
  };
  const range = (day: number, minute: number, duration: number) => {
    const base = (day - firstDay) * QUARTERS_PER_DAY;
    return [base + Math.floor(minute / 15), base + Math.ceil((minute + duration) / 15)] as const;
  };
  return {
    isFree(staff, day, minute, duration) {
      if (day < firstDay || day >= firstDay + days) return true;
      const grid = cells(staff);
      const [from, to] = range(day, minute, duration);
      for (let cell = from; cell < to; cell++) if (grid[cell] === 1) return false;
      return true;
    },
    reserve(staff, day, minute, duration) {
      if (day < firstDay || day >= firstDay + days) return;
      const [from, to] = range(day, minute, duration);
      cells(staff).fill(1, from, to);
    },
  };
}

export type BookingContext = {
  zone: Zone;
  nowDay: number;
  calendar: BookingCalendar;
};

/** Random placements tried (they keep the customer's habits) before searching systematically. */
const ATTEMPTS = 8;

/**
 * The free start closest to a wanted slot with the same professional: same day first, then the
 * days around it inside the horizon, on the half-hour grid of her shifts.
 */
function nearestFreeSlot(wanted: Slot, bounds: PlacementBounds, calendar: BookingCalendar): Slot | null {
  const duration = sittingMinutes(wanted.services);
  for (let distance = 0; distance <= BOOKING_HORIZON_DAYS; distance++) {
    for (const day of distance === 0 ? [wanted.day] : [wanted.day + distance, wanted.day - distance]) {
      if (day < bounds.earliest || day > bounds.latest || !isWorking(wanted.staff, day, bounds.nowDay))
        continue;
      const starts: number[] = [];
      for (const [from, to] of SHIFTS_BY_STAFF.get(wanted.staff)?.[weekdayOf(day)] ?? []) {
        for (let start = Math.ceil(from / 30) * 30; start + duration <= to; start += 30) starts.push(start);
      }
      starts.sort((a, b) => Math.abs(a - wanted.minute) - Math.abs(b - wanted.minute) || a - b);
      const free = starts.find((start) => calendar.isFree(wanted.staff, day, start, duration));
      if (free !== undefined) return { ...wanted, day, minute: free };
    }
  }
  return null;
}

export function futureBookings(
  random: Random,
  customerExternalId: string,
  profile: DemoProfile,
  nextDue: readonly (number | null)[],
  context: BookingContext,
): BookingInput[] {
  const main = profile.tracks[0] as Track;
  const due = nextDue[0];
  const { nowDay, zone, calendar } = context;
  if (due === null || due === undefined) return [];
  if (due > nowDay + BOOKING_HORIZON_DAYS || due < nowDay - 7) return [];
  if (!random.chance(profile.vip ? BOOKING_PROBABILITY.vip : BOOKING_PROBABILITY.other)) return [];

  // Overdue customers book for the coming days; the others for their due date.
  const target = Math.max(due, nowDay + random.int(1, 5));
  const bounds = { earliest: nowDay + 1, latest: nowDay + BOOKING_HORIZON_DAYS, nowDay };
  let slot: Slot | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = placeVisit(random, profile, main, target, bounds, true);
    if (!candidate) continue;
    slot = candidate;
    if (calendar.isFree(slot.staff, slot.day, slot.minute, sittingMinutes(slot.services))) break;
  }
  if (!slot) return [];
  if (!calendar.isFree(slot.staff, slot.day, slot.minute, sittingMinutes(slot.services))) {
    slot = nearestFreeSlot(slot, bounds, calendar) ?? slot;
  }
  calendar.reserve(slot.staff, slot.day, slot.minute, sittingMinutes(slot.services));

  // Confirmed by WhatsApp reminder close to the date; further out most are just booked.
  const daysAhead = slot.day - nowDay;
  const status = random.chance(daysAhead <= 2 ? 0.75 : 0.2) ? 'confirmed' : 'booked';
  const staffName = STAFF_BY_KEY.get(slot.staff)?.name ?? slot.staff;
  const bookings: BookingInput[] = [];
  let minute = slot.minute;
  for (const [position, service] of slot.services.entries()) {
    const duration = SERVICES[service as ServiceKey].durationMinutes;
    bookings.push({
      externalId: `bok-${customerExternalId.slice(4)}-${position + 1}`,
      customerExternalId,
      startsAt: zone.format(slot.day, minute),
      endsAt: zone.format(slot.day, minute + duration),
      offering: offeringExternalId(service),
      staff: staffName,
      amount: SERVICES[service].price,
      status,
    });
    minute += duration;
  }
  return bookings;
}
