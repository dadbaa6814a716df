import type { DecisionVisit } from './types.ts';

/** Fewer visits than this say nothing about exploring: the first few are all "new" by definition. */
export const MIN_VARIETY_VISITS = 4;

/**
 * The recent window in which first tries are counted: about a year of monthly visits. A customer
 * who explored years ago and has bought the same thing since is not seeking variety now.
 */
export const RECENT_VISITS = 12;

/** A variety seeker tries something new on at least one recent visit in four. */
export const FIRST_TRY_SHARE = 0.25;

export type VarietySeeking = {
  /** Visits with a known offering. */
  readonly visits: number;
  readonly distinctOfferings: number;
  /** distinct offerings / visits; null without visits. */
  readonly distinctShare: number | null;
  /**
   * Among the last RECENT_VISITS visits after the customer's first visit day, the share that
   * were the first purchase of that offering; null when there are none.
   */
  readonly firstTryShare: number | null;
  readonly seeker: boolean;
};

const DAY_MS = 86_400_000;

export function varietySeeking(visits: readonly DecisionVisit[]): VarietySeeking {
  const withOffering = visits
    .filter((visit) => visit.offeringId !== null && !Number.isNaN(visit.at.getTime()))
    .toSorted((a, b) => a.at.getTime() - b.at.getTime());
  const firstDay = withOffering[0] ? Math.floor(withOffering[0].at.getTime() / DAY_MS) : 0;
  const seen = new Set<string>();
  const laterTries: boolean[] = [];
  for (const visit of withOffering) {
    const offeringId = visit.offeringId as string;
    const isNew = !seen.has(offeringId);
    seen.add(offeringId);
    // Everything bought on the first day is new; only later visits show a habit of trying.
    if (Math.floor(visit.at.getTime() / DAY_MS) > firstDay) laterTries.push(isNew);
  }
  const recent = laterTries.slice(-RECENT_VISITS);
  const firstTryShare = recent.length === 0 ? null : recent.filter(Boolean).length / recent.length;
  return {
    visits: withOffering.length,
    distinctOfferings: seen.size,
    distinctShare: withOffering.length === 0 ? null : seen.size / withOffering.length,
    firstTryShare,
    seeker:
      withOffering.length >= MIN_VARIETY_VISITS && firstTryShare !== null && firstTryShare >= FIRST_TRY_SHARE,
  };
}
