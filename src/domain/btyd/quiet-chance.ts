/**
 * How fast the BG/NBD model expects a customer to buy right now, and the chance that at this
 * rate nothing happens for a while: the model's churn signal for ranking customers.
 */
import { probabilityAlive } from './bg-nbd.ts';
import type { BgNbdParams } from './bg-nbd-likelihood.ts';
import type { RecencyFrequency } from './customer-groups.ts';

/**
 * Expected purchases per unit of time at T: P(alive) · E[λ | alive, x, T] = P(alive) · (r+x)/(α+T),
 * the slope of E[Y(t)] at t = 0. It falls as the customer stays away (through P(alive)) and is
 * higher for frequent buyers; unlike P(alive) it does not give every one-time buyer the best score.
 */
export function currentPurchaseRate(params: BgNbdParams, c: RecencyFrequency): number {
  return (probabilityAlive(params, c) * (params.r + c.x)) / (params.alpha + c.T);
}

/**
 * exp(−h · rate): the chance of no purchase in the next h if the customer kept buying at the
 * rate expected now. Not the model's exact P(X(h) = 0) — that mixture also counts those already
 * gone at full weight, and on CDNOW ranked worse (ROC AUC 0.757 against 0.773, bench/cdnow-auc.ts)
 * — but the same ordering as the current rate, expressed in [0, 1].
 */
export function quietChance(params: BgNbdParams, c: RecencyFrequency, horizon: number): number {
  if (!(horizon >= 0 && Number.isFinite(horizon)))
    throw new RangeError(`horizon must be ≥ 0, got ${horizon}`);
  return Math.exp(-horizon * currentPurchaseRate(params, c));
}
