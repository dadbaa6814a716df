import type { DetectionSettings } from '../settings/detection.ts';

export type RiskInput = {
  /** Days since the last visit / expected interval; null without visits. */
  readonly overdueRatio: number | null;
  /** The BG/NBD model's probability that the customer is still "alive", when one was fitted. */
  readonly pAlive?: number | null;
};

/**
 * How likely this customer is slipping away, in [0, 1]:
 *
 *   overdue = 1 / (1 + e^(−k · (r − r₀)))     r = overdue ratio, r₀ = atRiskAfter, k = risk.steepness
 *   risk    = (1 − w) · overdue + w · (1 − P(alive))     w = risk.modelWeight; w = 0 without a model
 *
 * The logistic is smooth where the state thresholds are steps, so customers inside one state are
 * still ordered (1.9× is riskier than 1.6×), and it is exactly 0.5 at the AT_RISK threshold. With
 * the defaults (r₀ = 1.5, k = 4.4) it is 0.10 at 1×, 0.90 at 2×, 1.00 at 4×. The model term adds
 * what the ratio misses: a customer whose whole history is one burst of visits long ago has a low
 * P(alive) even when their ratio is modest. A plain weighted mean keeps the formula explainable.
 */
export function riskScore(input: RiskInput, settings: DetectionSettings): number {
  const { steepness, modelWeight } = settings.risk;
  const ratio = input.overdueRatio;
  const overdue =
    ratio === null || Number.isNaN(ratio)
      ? 0
      : 1 / (1 + Math.exp(-steepness * (ratio - settings.lifecycle.atRiskAfter)));
  const pAlive = input.pAlive;
  if (pAlive === null || pAlive === undefined || Number.isNaN(pAlive)) return overdue;
  const modelRisk = 1 - Math.min(1, Math.max(0, pAlive));
  return (1 - modelWeight) * overdue + modelWeight * modelRisk;
}
