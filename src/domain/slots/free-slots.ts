import {
  createWallClock,
  dateOf,
  type LocalStart,
  MS_PER_DAY,
  MS_PER_MINUTE,
  weekdayOf,
} from './wall-clock.ts';
import { shiftsOn, type WorkingHours } from './working-hours.ts';

/** A time a staff member could take the customer: what an availability source answers. */
export type Slot = {
  readonly start: Date;
  /** start + the service's duration. */
  readonly end: Date;
  readonly staffId: string;
  readonly staffName: string;
};

/** A slot with where it falls on the tenant's clock, which ranking and picking read. */
export type LocalSlot = Slot & { readonly local: LocalStart };

export type SlotStaff = {
  readonly id: string;
  readonly name: string;
  readonly workingHours: WorkingHours;
};

/** Time a staff member is taken: a booked or confirmed appointment. */
export type BusyInterval = { readonly staffId: string; readonly start: Date; readonly end: Date };

export type FreeSlotsInput = {
  /** The earliest start: the caller's "now" or later, so no slot lies in the past. */
  readonly from: Date;
  /** Slots start before this. */
  readonly to: Date;
  /** The tenant's IANA zone, in which working hours are read. */
  readonly timeZone: string;
  readonly durationMinutes: number;
  /** The grid of start times on the local clock; DEFAULT_STEP_MINUTES when absent. */
  readonly stepMinutes?: number;
  readonly staff: readonly SlotStaff[];
  readonly busy: readonly BusyInterval[];
};

/**
 * Half-hour starts: customers book "at ten" or "at half past ten", and a 30-minute grid keeps one
 * person's working day to ~20 candidates (40 at 15 minutes) without hiding a time anyone would ask
 * for. Callers with a finer booking screen pass their own step.
 */
export const DEFAULT_STEP_MINUTES = 30;
const MAX_DURATION_MINUTES = 24 * 60;

/**
 * Every start time at which a staff member is working for the whole service and has no booking
 * overlapping it, between `from` and `to`, in start order (then by staff id).
 *
 * Starts sit on a grid of `stepMinutes` counted from local midnight, so a customer is offered
 * 10:00 or 10:30, never 10:47 because an earlier booking ended then. Each start is a wall-clock
 * time in the tenant's zone turned into an instant for that date, so 09:00 is 09:00 on both sides
 * of a clock change. A start the clocks skip (02:30 on a spring-forward night) is not offered; one
 * they show twice is offered once, the first time. The service runs `durationMinutes` of real time
 * from its start and must end by the end of the shift.
 */
export function freeSlots(input: FreeSlotsInput): LocalSlot[] {
  const step = input.stepMinutes ?? DEFAULT_STEP_MINUTES;
  checkInput(input, step);
  const from = input.from.getTime();
  const to = input.to.getTime();
  if (to <= from) return [];
  const clock = createWallClock(input.timeZone);
  const durationMs = input.durationMinutes * MS_PER_MINUTE;
  const busy = busyByStaff(input.busy);
  const slots: LocalSlot[] = [];

  for (let day = clock.dayOf(from); day <= clock.dayOf(to - 1); day++) {
    const weekday = weekdayOf(day);
    const date = dateOf(day);
    const midnight = day * MS_PER_DAY;
    for (const member of input.staff) {
      const taken = busy.get(member.id) ?? [];
      for (const [shiftStart, shiftEnd] of shiftsOn(member.workingHours, weekday)) {
        const opens = clock.boundary(midnight + shiftStart * MS_PER_MINUTE);
        const closes = clock.boundary(midnight + shiftEnd * MS_PER_MINUTE);
        for (let minute = Math.ceil(shiftStart / step) * step; minute < shiftEnd; minute += step) {
          const start = clock.toInstant(midnight + minute * MS_PER_MINUTE);
          if (start === undefined || start < opens) continue;
          const end = start + durationMs;
          if (end > closes) break;
          if (start < from || start >= to) continue;
          if (taken.some(([busyStart, busyEnd]) => busyStart < end && start < busyEnd)) continue;
          slots.push({
            start: new Date(start),
            end: new Date(end),
            staffId: member.id,
            staffName: member.name,
            local: { date, weekday, minute },
          });
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || compare(a.staffId, b.staffId));
}

function busyByStaff(busy: readonly BusyInterval[]): Map<string, [number, number][]> {
  const byStaff = new Map<string, [number, number][]>();
  for (const interval of busy) {
    const start = interval.start.getTime();
    const end = interval.end.getTime();
    // An interval with no length (or an end before its start, a data error) blocks nothing.
    if (!(end > start)) continue;
    const list = byStaff.get(interval.staffId) ?? [];
    list.push([start, end]);
    byStaff.set(interval.staffId, list);
  }
  return byStaff;
}

function checkInput(input: FreeSlotsInput, step: number): void {
  if (Number.isNaN(input.from.getTime()) || Number.isNaN(input.to.getTime()))
    throw new RangeError('freeSlots: from and to must be valid dates');
  if (
    !Number.isInteger(input.durationMinutes) ||
    input.durationMinutes < 1 ||
    input.durationMinutes > MAX_DURATION_MINUTES
  )
    throw new RangeError(
      `freeSlots: durationMinutes must be 1–${MAX_DURATION_MINUTES}, not ${input.durationMinutes}`,
    );
  if (!Number.isInteger(step) || step < 1 || step > MAX_DURATION_MINUTES)
    throw new RangeError(`freeSlots: stepMinutes must be 1–${MAX_DURATION_MINUTES}, not ${step}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
