import type { Preferences } from '../preferences/analyse-preferences.ts';
import { type TimeOfDay, timeOfDay, type Weekday } from '../preferences/local-time.ts';
import type { Share } from '../preferences/shares.ts';
import type { LocalSlot } from './free-slots.ts';
import { DEFAULT_MAX_OFFERS_PER_SLOT, OFFER_PENALTY, type OfferLedger } from './offer-ledger.ts';

/** Seed 004: customers choose the professional first and fit the time around them. */
export const STAFF_WEIGHT = 0.6;
export const TIME_WEIGHT = 0.4;

/**
 * Inside the time score, time of day counts twice as much as the weekday: seed 004 ranks
 * "staff > time > day", and someone who always comes after work can more often move to another
 * evening than to a morning.
 */
export const TIME_OF_DAY_WEIGHT = 2 / 3;
export const WEEKDAY_WEIGHT = 1 / 3;

/**
 * What a component scores when nothing is known: halfway, so a known dislike (a stranger, a time
 * they never come) scores below an unknown and a known liking above. A customer with no history
 * scores 0.5 on every slot, and the earliest come first.
 */
export const NEUTRAL_SCORE = 0.5;

export type RankedSlot = LocalSlot & {
  /** 0..1: STAFF_WEIGHT × staffScore + TIME_WEIGHT × timeScore, less the offer penalty. */
  readonly score: number;
  readonly staffScore: number;
  readonly timeScore: number;
  /** Why this slot suits the customer, in the order staff, time of day, weekday, offers. */
  readonly reasons: readonly string[];
};

export type RankOptions = {
  /** Slots offered to other customers in this run (see OfferLedger). */
  readonly offered?: OfferLedger;
  readonly maxOffersPerSlot?: number;
  /**
   * Names of staff who may have no slot here (the favourite may not perform this service), for
   * "they usually see Ana"; the slots' own names are always known.
   */
  readonly staffName?: (id: string) => string | null | undefined;
};

/**
 * Scores every slot for one customer, best first (then earliest, then by staff id).
 *
 * Each component is a match in 0..1 — the share of the customer's visits with this staff member,
 * time of day or weekday, relative to their favourite's share (the favourite matches 1, a choice
 * they never made 0) — pulled towards NEUTRAL_SCORE by how unsure the preference is:
 * `0.5 + confidence × (match − 0.5)`. With no preference the confidence is 0 and the component is
 * neutral; two visits with the same person say less than twenty. So a favourite at an unusual time
 * beats a stranger at the usual time whenever 0.6 × staff confidence exceeds 0.4 × time
 * confidence — for equally sure preferences, always.
 */
export function rankSlots(
  slots: readonly LocalSlot[],
  preferences: Preferences,
  options: RankOptions = {},
): RankedSlot[] {
  const maxOffers = options.maxOffersPerSlot ?? DEFAULT_MAX_OFFERS_PER_SLOT;
  const slotNames = new Map(slots.map((slot) => [slot.staffId, slot.staffName]));
  const nameOf = (id: string) => options.staffName?.(id) ?? slotNames.get(id);
  const ranked: RankedSlot[] = [];
  for (const slot of slots) {
    const offers = options.offered?.overlapping(slot) ?? 0;
    if (offers >= maxOffers) continue;
    const staff = staffComponent(slot, preferences.staff, nameOf);
    const tod = timeOfDayComponent(slot, preferences.timeOfDay);
    const day = weekdayComponent(slot.local.weekday, preferences.weekdays);
    const timeScore = TIME_OF_DAY_WEIGHT * tod.score + WEEKDAY_WEIGHT * day.score;
    const reasons = [staff.reason, tod.reason, day.reason];
    if (offers > 0)
      reasons.push(`already offered to ${offers} other customer${offers > 1 ? 's' : ''} in this run`);
    ranked.push({
      ...slot,
      score: Math.max(0, STAFF_WEIGHT * staff.score + TIME_WEIGHT * timeScore - OFFER_PENALTY * offers),
      staffScore: staff.score,
      timeScore,
      reasons,
    });
  }
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.start.getTime() - b.start.getTime() ||
      (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0),
  );
}

type Component = { score: number; reason: string };

type ChoicePreference<K> = {
  readonly preferred: K | null;
  readonly shares: readonly Share<K>[];
  readonly confidence: number;
};

function shrink(match: number, confidence: number): number {
  return NEUTRAL_SCORE + confidence * (match - NEUTRAL_SCORE);
}

/** This key's share relative to the favourite's, and the count behind it. */
function matchOf<K>(shares: readonly Share<K>[], key: K) {
  const top = shares[0];
  const own = shares.find((share) => share.key === key);
  const total = shares.reduce((sum, share) => sum + share.count, 0);
  return { match: top && own ? own.share / top.share : 0, count: own?.count ?? 0, total };
}

function staffComponent(
  slot: LocalSlot,
  preference: Preferences['staff'],
  nameOf: (id: string) => string | null | undefined,
): Component {
  if (preference.preferred === null)
    return { score: NEUTRAL_SCORE, reason: `with ${slot.staffName}: no favourite professional yet` };
  const { match, count, total } = matchOf(preference.shares, slot.staffId);
  const score = shrink(match, preference.confidence);
  if (slot.staffId === preference.preferred)
    return {
      score,
      reason: `with ${slot.staffName}, their usual professional (${count} of ${total} services)`,
    };
  if (count > 0)
    return { score, reason: `with ${slot.staffName}, who served them ${count} of ${total} times` };
  const favourite = nameOf(preference.preferred);
  return {
    score,
    reason: favourite
      ? `with ${slot.staffName}, new to them (they usually see ${favourite})`
      : `with ${slot.staffName}, new to them`,
  };
}

function timeOfDayComponent(slot: LocalSlot, preference: ChoicePreference<TimeOfDay>): Component {
  const part = timeOfDay(Math.floor(slot.local.minute / 60));
  const at = `${part} (${clockTime(slot.local.minute)})`;
  if (preference.preferred === null)
    return { score: NEUTRAL_SCORE, reason: `${at}: no usual time of day yet` };
  const { match, count, total } = matchOf(preference.shares, part);
  const score = shrink(match, preference.confidence);
  if (part === preference.preferred)
    return { score, reason: `${at}, when they usually come (${count} of ${total} visits)` };
  if (count > 0)
    return {
      score,
      reason: `${at}, when they came ${count} of ${total} times (usually in the ${preference.preferred})`,
    };
  return { score, reason: `${at}, not a time they have come (usually in the ${preference.preferred})` };
}

function weekdayComponent(weekday: Weekday, preference: Preferences['weekdays']): Component {
  const day = DAY_NAMES[weekday];
  if (preference.shares.length === 0) return { score: NEUTRAL_SCORE, reason: `on ${day}: no usual day yet` };
  const { match, count, total } = matchOf(preference.shares, weekday);
  const score = shrink(match, preference.confidence);
  if (preference.preferred.includes(weekday))
    return { score, reason: `on ${day}, one of their usual days (${count} of ${total} visits)` };
  if (count > 0) return { score, reason: `on ${day}, a day they came ${count} of ${total} times` };
  return { score, reason: `on ${day}, not a day they have come` };
}

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
