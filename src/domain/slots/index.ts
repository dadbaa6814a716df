/**
 * Slot finder (seed 004): free times from working hours and bookings, ranked for one customer
 * (60% favourite staff, 40% preferred time), and the two or three options a message offers.
 */
export {
  type BusyInterval,
  DEFAULT_STEP_MINUTES,
  type FreeSlotsInput,
  freeSlots,
  type LocalSlot,
  type Slot,
  type SlotStaff,
} from './free-slots.ts';
export {
  createOfferLedger,
  DEFAULT_MAX_OFFERS_PER_SLOT,
  OFFER_PENALTY,
  type OfferLedger,
} from './offer-ledger.ts';
export { DEFAULT_OPTION_COUNT, pickOptions } from './pick-options.ts';
export {
  NEUTRAL_SCORE,
  type RankedSlot,
  type RankOptions,
  rankSlots,
  STAFF_WEIGHT,
  TIME_OF_DAY_WEIGHT,
  TIME_WEIGHT,
  WEEKDAY_WEIGHT,
} from './rank-slots.ts';
export { createWallClock, type LocalStart, localStartOf, type WallClock } from './wall-clock.ts';
export { parseHm, type Shift, shiftsOn, type WorkingHours } from './working-hours.ts';
