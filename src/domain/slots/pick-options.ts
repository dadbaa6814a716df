import type { RankedSlot } from './rank-slots.ts';

/** Issue 4 asks for "two or three options for the message"; three gives a choice without a timetable. */
export const DEFAULT_OPTION_COUNT = 3;

/**
 * How far apart two options on the same day must be, loosest last: a different day; a different
 * part of the day (three hours: 10:00 against 13:00 or later); at least not overlapping a typical
 * hour's appointment. Three adjacent half-hours of one afternoon are one option to a customer who
 * cannot come that afternoon.
 */
const SAME_DAY_GAPS_MINUTES = [Number.POSITIVE_INFINITY, 180, 60] as const;

/**
 * Up to `count` options for the message, best first: the best slot, then the best on another day,
 * and so on; only when there are not enough days does a second option share a day, and then it
 * lies in another part of the day. Slots at the same time with different staff are the same
 * option to the customer and never both chosen.
 */
export function pickOptions(ranked: readonly RankedSlot[], count = DEFAULT_OPTION_COUNT): RankedSlot[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`pickOptions: count must be ≥ 1, not ${count}`);
  const byScore = ranked.toSorted((a, b) => b.score - a.score || a.start.getTime() - b.start.getTime());
  const picked: RankedSlot[] = [];
  for (const gap of SAME_DAY_GAPS_MINUTES) {
    for (const slot of byScore) {
      if (picked.length >= count) return picked;
      if (picked.includes(slot)) continue;
      const apart = picked.every(
        (option) =>
          option.local.date !== slot.local.date || Math.abs(option.local.minute - slot.local.minute) >= gap,
      );
      if (apart) picked.push(slot);
    }
  }
  return picked;
}
