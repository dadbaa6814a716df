import { rankShares } from '../preferences/shares.ts';
import type { DecisionVisit } from './types.ts';

/**
 * A strong relationship: at least 70% of the customer's staffed visits with one person, and at
 * least three of them. 70% is where the demo salon's loyal regulars sit (its generator sends a
 * loyal customer to her professional whenever she works) and what its pattern test calls loyal.
 */
export const STRONG_STAFF_SHARE = 0.7;
export const MIN_VISITS_WITH_FAVOURITE = 3;

/** Worth mentioning by name: the one person seen on most visits, at least twice. */
export const MENTION_STAFF_SHARE = 0.5;
export const MIN_VISITS_TO_MENTION = 2;

export type StaffLoyalty = {
  /** Visits with a known staff member. */
  readonly staffedVisits: number;
  /** The person seen most often (the latest on a tie); null without staffed visits. */
  readonly favouriteStaffId: string | null;
  readonly favouriteVisits: number;
  /** favouriteVisits / staffedVisits; null without staffed visits. */
  readonly share: number | null;
  /** The favourite still works here (is in `staffNames`). */
  readonly available: boolean;
  /** The history shows a strong relationship, whether or not the favourite is still here. */
  readonly strong: boolean;
  /** The favourite is here and seen often enough to be named in a message. */
  readonly mention: boolean;
};

export function staffLoyalty(
  visits: readonly DecisionVisit[],
  staffNames: ReadonlyMap<string, string>,
): StaffLoyalty {
  const staffIds = visits
    .filter((visit) => visit.staffId !== null && !Number.isNaN(visit.at.getTime()))
    .toSorted((a, b) => a.at.getTime() - b.at.getTime())
    .map((visit) => visit.staffId as string);
  const top = rankShares(staffIds)[0];
  if (!top) {
    return {
      staffedVisits: 0,
      favouriteStaffId: null,
      favouriteVisits: 0,
      share: null,
      available: false,
      strong: false,
      mention: false,
    };
  }
  const available = staffNames.has(top.key);
  return {
    staffedVisits: staffIds.length,
    favouriteStaffId: top.key,
    favouriteVisits: top.count,
    share: top.share,
    available,
    strong: top.count >= MIN_VISITS_WITH_FAVOURITE && top.share >= STRONG_STAFF_SHARE,
    mention: available && top.count >= MIN_VISITS_TO_MENTION && top.share >= MENTION_STAFF_SHARE,
  };
}
