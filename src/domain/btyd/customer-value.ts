/**
 * Expected revenue from a customer over a horizon: BG/NBD expected purchases × Gamma-Gamma expected
 * spend per purchase. The Gamma-Gamma model assumes spend is independent of the purchase process
 * (worth checking on a tenant's data: frequency and mean spend should be nearly uncorrelated), so
 * the expectation of the product is the product of the expectations.
 *
 * This is revenue, not margin: multiply by the tenant's margin where profit is wanted.
 */
import { expectedPurchases } from './bg-nbd.ts';
import type { BgNbdParams } from './bg-nbd-likelihood.ts';
import type { RecencyFrequency } from './customer-groups.ts';
import { expectedSpend, type GammaGammaParams, type SpendHistory } from './gamma-gamma.ts';

export interface CustomerValueOptions {
  /** Length of the future window, in the unit of the summaries (weeks for CDNOW). */
  readonly horizon: number;
  /**
   * Discount rate per unit of time (e.g. 0.0019 per week ≈ 10% a year). Purchases expected in each
   * step (T + (k−1)·step, T + k·step] are discounted by (1 + rate)^−(k·step), i.e. at the end of
   * their step — the conservative convention. Without it, nothing is discounted.
   */
  readonly discountRate?: number;
  /** Resolution of the discounting, in time units. Default 1 (a week for weekly summaries). */
  readonly step?: number;
}

export interface CustomerValue {
  readonly expectedPurchases: number;
  readonly expectedSpend: number;
  /** Expected (discounted, when a rate is given) revenue over the horizon. */
  readonly value: number;
}

export function expectedCustomerValue(
  purchases: BgNbdParams,
  spend: GammaGammaParams,
  customer: RecencyFrequency & SpendHistory,
  options: CustomerValueOptions,
): CustomerValue {
  const { horizon, discountRate } = options;
  const perPurchase = expectedSpend(spend, customer);
  const total = expectedPurchases(purchases, customer, horizon);
  if (discountRate === undefined || discountRate === 0) {
    return { expectedPurchases: total, expectedSpend: perPurchase, value: total * perPurchase };
  }
  if (!(discountRate > -1 && Number.isFinite(discountRate))) {
    throw new RangeError(`discount rate must be > −1, got ${discountRate}`);
  }
  const step = options.step ?? 1;
  if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
  const steps = Math.ceil(horizon / step - 1e-9);
  let discounted = 0;
  let before = 0;
  for (let k = 1; k <= steps; k++) {
    const t = Math.min(k * step, horizon);
    const upTo = k === steps ? total : expectedPurchases(purchases, customer, t);
    discounted += (upTo - before) * (1 + discountRate) ** -t;
    before = upTo;
  }
  return { expectedPurchases: total, expectedSpend: perPurchase, value: discounted * perPurchase };
}
