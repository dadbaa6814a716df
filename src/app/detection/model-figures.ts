import {
  type BgNbdParams,
  currentPurchaseRate,
  expectedPurchases,
  expectedSpend,
  type GammaGammaParams,
  probabilityAlive,
} from '../../domain/btyd/index.ts';

const DAYS_PER_WEEK = 7;

/** Expected value is taken over the next year: the horizon a business plans retention on. */
export const VALUE_HORIZON_WEEKS = 52;

/**
 * The risk score's model term is the chance of no visit over a quarter at the rate expected now.
 * The ranking does not depend on it (exp is monotone); it sets how the term blends with the
 * overdue one: 13 weeks beat 1, 4 and 39 by a little on CDNOW (bench/cdnow-auc.ts).
 */
export const RISK_HORIZON_WEEKS = 13;

/** x repeat visit days, tx and T in weeks, mean spend of the repeat days (the BG/NBD summary). */
export interface RecencySummary {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly monetary: number;
  /** Mean spend per visit day, first included: the spend estimate without a spend model. */
  readonly meanSpend: number;
}

/**
 * The summary of one customer from their visit days (ascending day numbers) and what they spent
 * on each, as of `asOfDay`: the same definitions as the SQL behind fitModel.
 */
export function summaryFromDays(
  days: readonly number[],
  amounts: readonly number[],
  asOfDay: number,
): RecencySummary {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const x = days.length - 1;
  let total = 0;
  for (const amount of amounts) total += amount;
  const repeat = total - (amounts[0] ?? 0);
  return {
    x,
    tx: (last - first) / DAYS_PER_WEEK,
    T: Math.max(asOfDay - first, last - first) / DAYS_PER_WEEK,
    monetary: x > 0 ? repeat / x : 0,
    meanSpend: days.length > 0 ? total / days.length : 0,
  };
}

export interface ModelFigures {
  /** P(alive) (BG/NBD): 1 by construction for a customer without a repeat visit. */
  readonly pAlive: number;
  /** P(no purchase in the next `horizonWeeks`) under the BG/NBD, exactly. */
  readonly pNoPurchase: number;
  /** Expected visits per week right now: P(alive) · (r + x) / (α + T). */
  readonly visitRate: number;
  /** exp(−13 weeks × visitRate): the risk score's model term. */
  readonly quietChance: number;
  /** Expected visits over the next year. */
  readonly expectedPurchases: number;
  /** Expected spend per future visit (Gamma-Gamma, or the customer's own mean without it). */
  readonly expectedSpend: number;
  /** expectedPurchases × expectedSpend: what the model expects them to bring in a year. */
  readonly expectedValue: number;
  /** What they would bring in a year if they are still a customer: E[visits | alive] × spend. */
  readonly valueIfRetained: number;
}

/**
 * One customer's model figures. P(no purchase in h) is exact in the BG/NBD, since dropout only
 * happens right after a purchase:
 *
 *   P(X(h) = 0 | x, tx, T) = (1 − P(alive)) + P(alive) · ((α+T)/(α+T+h))^(r+x)
 *
 * — dead, or alive with a Poisson rate whose posterior is Gamma(r+x, α+T) and no event in h.
 * E[visits over H | alive] does not depend on tx, so it is E[Y(H)] / P(alive) evaluated at
 * tx = T, where P(alive) is furthest from 0 and the division is safe.
 */
export function modelFigures(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams | null,
  summary: RecencySummary,
  horizonWeeks: number,
): ModelFigures {
  const { r, alpha } = bgnbd;
  const pAlive = probabilityAlive(bgnbd, summary);
  const stillBuying = ((alpha + summary.T) / (alpha + summary.T + horizonWeeks)) ** (r + summary.x);
  const pNoPurchase = 1 - pAlive + pAlive * stillBuying;
  const purchases = expectedPurchases(bgnbd, summary, VALUE_HORIZON_WEEKS);
  const retained = { x: summary.x, tx: summary.T, T: summary.T };
  const whileAlive =
    expectedPurchases(bgnbd, retained, VALUE_HORIZON_WEEKS) / probabilityAlive(bgnbd, retained);
  const spend = gammaGamma ? expectedSpend(gammaGamma, summary) : summary.meanSpend;
  const visitRate = currentPurchaseRate(bgnbd, summary);
  return {
    pAlive,
    pNoPurchase,
    visitRate,
    quietChance: Math.exp(-RISK_HORIZON_WEEKS * visitRate),
    expectedPurchases: purchases,
    expectedSpend: spend,
    expectedValue: purchases * spend,
    valueIfRetained: whileAlive * spend,
  };
}
