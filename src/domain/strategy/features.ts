import { type PriceSensitivity, priceSensitivity } from './price-sensitivity.ts';
import { type Seasonality, seasonality } from './seasonality.ts';
import { type StaffLoyalty, staffLoyalty } from './staff-loyalty.ts';
import type { DecisionVisit } from './types.ts';
import { type VarietySeeking, varietySeeking } from './variety-seeking.ts';

/** What the customer's visits say about them, with the figures behind each judgement. JSON-serialisable. */
export type BehaviourFeatures = {
  readonly priceSensitivity: PriceSensitivity;
  readonly varietySeeking: VarietySeeking;
  readonly staffLoyalty: StaffLoyalty;
  readonly seasonality: Seasonality;
};

export function behaviourFeatures(
  visits: readonly DecisionVisit[],
  staffNames: ReadonlyMap<string, string>,
  now: Date,
): BehaviourFeatures {
  return {
    priceSensitivity: priceSensitivity(visits),
    varietySeeking: varietySeeking(visits),
    staffLoyalty: staffLoyalty(visits, staffNames),
    seasonality: seasonality(visits, now),
  };
}
