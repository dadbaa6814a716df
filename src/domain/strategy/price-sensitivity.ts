import type { DecisionVisit } from './types.ts';

/**
 * A visit paid below list price by more than this is a discounted one. 2% leaves room for
 * rounding and small price changes between the list price and the till (R$ 119 billed as
 * R$ 117), which are not a discount the customer chose.
 */
export const DISCOUNT_TOLERANCE = 0.02;

/**
 * Price-sensitive from one discounted visit in three: well above what a tenant's occasional
 * promotions reach by chance (the demo salon discounts about 6% of visits), so the customer
 * looks for or waits for discounts (seed 000: "price sensitivity from past discount use").
 */
export const PRICE_SENSITIVE_SHARE = 1 / 3;

/** One discounted visit is a coincidence; two make a habit worth acting on. */
export const MIN_DISCOUNTED_VISITS = 2;

export type PriceSensitivity = {
  /** Visits with a known, positive list price. */
  readonly pricedVisits: number;
  /** Of those, paid below list price · (1 − DISCOUNT_TOLERANCE). */
  readonly discountedVisits: number;
  /** discounted / priced; null without priced visits. */
  readonly share: number | null;
  readonly sensitive: boolean;
};

export function priceSensitivity(visits: readonly DecisionVisit[]): PriceSensitivity {
  const priced = visits.filter(
    (visit) =>
      visit.listPrice !== null &&
      Number.isFinite(visit.listPrice) &&
      visit.listPrice > 0 &&
      Number.isFinite(visit.amount),
  );
  const discountedVisits = priced.filter(
    (visit) => visit.amount < (visit.listPrice ?? 0) * (1 - DISCOUNT_TOLERANCE),
  ).length;
  const share = priced.length === 0 ? null : discountedVisits / priced.length;
  return {
    pricedVisits: priced.length,
    discountedVisits,
    share,
    sensitive: share !== null && discountedVisits >= MIN_DISCOUNTED_VISITS && share >= PRICE_SENSITIVE_SHARE,
  };
}
