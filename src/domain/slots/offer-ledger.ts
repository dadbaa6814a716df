import type { Slot } from './free-slots.ts';
import { MS_PER_DAY } from './wall-clock.ts';

/**
 * The slots already offered to other customers in one planning run. An offer is not a booking —
 * seed 004 expects 15–20% of contacted customers to book — so a time may be offered more than
 * once, but offering everyone the same best Saturday morning would turn the few who answer into
 * a queue for one chair. Ranking lowers the score of a slot for each offer that overlaps it
 * (same staff member, overlapping time, so 10:30 counts the 10:00 offer of an hour's service) and
 * drops it once it overlaps `maxOffersPerSlot` offers.
 */
export interface OfferLedger {
  /** How many recorded offers share the staff member and overlap the slot's time. */
  overlapping(slot: Slot): number;
  record(slots: readonly Slot[]): void;
  /** Offers recorded so far. */
  readonly size: number;
}

/**
 * Two offers per time: if each is taken independently with seed 004's upper 20%, both customers
 * want it 4% of the time (three offers: 10%), and the loser gets a "that time just went" reply
 * rather than silence.
 */
export const DEFAULT_MAX_OFFERS_PER_SLOT = 2;

/**
 * What each overlapping offer takes off a slot's score (0..1). A full-confidence favourite
 * beats a stranger by 0.6, so 0.1 moves the next customer to the next free time with the same
 * person rather than to a worse match.
 */
export const OFFER_PENALTY = 0.1;

export function createOfferLedger(): OfferLedger {
  // Per staff member and UTC day of the start: an overlapping offer starts at most a day before
  // the slot (services last under 24 hours), so three buckets hold every candidate.
  const buckets = new Map<string, [number, number][]>();
  let size = 0;
  const key = (staffId: string, day: number) => `${staffId}|${day}`;
  return {
    overlapping(slot) {
      const start = slot.start.getTime();
      const end = slot.end.getTime();
      let count = 0;
      const first = Math.floor(start / MS_PER_DAY) - 1;
      const last = Math.floor((end - 1) / MS_PER_DAY);
      for (let day = first; day <= last; day++) {
        for (const [offeredStart, offeredEnd] of buckets.get(key(slot.staffId, day)) ?? []) {
          if (offeredStart < end && start < offeredEnd) count++;
        }
      }
      return count;
    },
    record(slots) {
      for (const slot of slots) {
        const bucket = key(slot.staffId, Math.floor(slot.start.getTime() / MS_PER_DAY));
        const list = buckets.get(bucket) ?? [];
        list.push([slot.start.getTime(), slot.end.getTime()]);
        buckets.set(bucket, list);
        size++;
      }
    },
    get size() {
      return size;
    },
  };
}
