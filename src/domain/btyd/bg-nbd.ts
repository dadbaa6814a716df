/**
 * BG/NBD model (Fader, Hardie & Lee 2005): maximum-likelihood fit and per-customer predictions.
 *
 * While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat
 * purchase they drop out with probability p ~ Beta(a, b). Time is in whatever unit the summaries use
 * (weeks for the CDNOW figures); α scales with it, r, a and b do not.
 */
import { type BgNbdParams, bgNbdLogLikelihoodAndGradient } from './bg-nbd-likelihood.ts';
import {
  type CustomerGroups,
  compressCustomers,
  isCustomerGroups,
  type RecencyFrequency,
  type WeightedRecencyFrequency,
} from './customer-groups.ts';
import { minimizeBfgs } from './minimize.ts';
import { hyp2f1Series } from './special-functions.ts';

export interface BgNbdFitOptions {
  /** How many of the built-in starting points to try before polishing the best. Default 2, max 4. */
  readonly starts?: number;
  /** On the gradient of the mean log-likelihood in log-parameters. Default 1e-9. */
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
}

export interface BgNbdFit {
  readonly params: BgNbdParams;
  readonly logLikelihood: number;
  readonly customers: number;
  /** Distinct (x, tx, T) triples the likelihood was evaluated on. */
  readonly groups: number;
  readonly iterations: number;
  readonly evaluations: number;
  /**
   * The gradient criterion was met. False means no interior maximum was found — typically too few
   * customers, or data the model cannot describe (no one drops out) — and the estimates should not
   * be used.
   */
  readonly converged: boolean;
}

// Parameters are kept within e^±20 (2e-9 … 5e8). Data without dropout or without heterogeneity have
// their supremum at the boundary (a → 0, or r, α → ∞ with r/α fixed) where the likelihood flattens
// out, so a small gradient there is no evidence of a maximum: estimates beyond e^±15 (3e-7 … 3e6,
// far outside what real purchase data give in days or weeks) are reported as not converged.
const LOG_BOUND = 20;
const LOG_INTERIOR = 15;

// Starting points as (r, a, b), with α set so that r/α matches the observed repeat-purchase rate.
const STARTS: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1],
  [0.25, 0.75, 2.5],
  [3, 2, 8],
  [0.1, 0.2, 0.5],
];

/**
 * Maximum-likelihood estimates of r, α, a, b. Optimises over log-parameters (so every point is
 * admissible) by BFGS with the analytic gradient, from several starts, then restarts from the best
 * with a fresh Hessian to confirm it is a stationary point and not a stalled search.
 * Throws RangeError when the data cannot identify the model (no customers or no repeat purchase).
 */
export function fitBgNbd(
  customers: CustomerGroups | Iterable<WeightedRecencyFrequency>,
  options: BgNbdFitOptions = {},
): BgNbdFit {
  const data = isCustomerGroups(customers) ? customers : compressCustomers(customers);
  let sumX = 0;
  for (let i = 0; i < data.xValues.length; i++)
    sumX += (data.xValues[i] as number) * (data.xCounts[i] as number);
  let sumT = 0;
  for (let g = 0; g < data.groups; g++)
    sumT += (data.tValues[data.groupT[g] as number] as number) * (data.groupCount[g] as number);
  if (data.customers === 0 || sumX === 0 || sumT === 0) {
    throw new RangeError('BG/NBD needs customers with repeat purchases and a positive observation time');
  }
  const rate = sumX / sumT;
  const n = data.customers;
  const scratch = new Float64Array(4);
  const objective = (theta: Float64Array, gradient: Float64Array) => {
    if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Number.NaN;
    const p = fromLog(theta);
    const ll = bgNbdLogLikelihoodAndGradient(p, data, scratch);
    gradient[0] = (-(scratch[0] as number) * p.r) / n;
    gradient[1] = (-(scratch[1] as number) * p.alpha) / n;
    gradient[2] = (-(scratch[2] as number) * p.a) / n;
    gradient[3] = (-(scratch[3] as number) * p.b) / n;
    return -ll / n;
  };
  const minimizeOptions = {
    gradientTolerance: options.gradientTolerance ?? 1e-9,
    maxIterations: options.maxIterations ?? 200,
  };

  const startCount = Math.min(Math.max(1, options.starts ?? 2), STARTS.length);
  let best: ReturnType<typeof minimizeBfgs> | undefined;
  let iterations = 0;
  let evaluations = 0;
  for (const [r, a, b] of STARTS.slice(0, startCount)) {
    const result = minimizeBfgs(objective, [r, r / rate, a, b].map(Math.log), minimizeOptions);
    iterations += result.iterations;
    evaluations += result.evaluations;
    if (best === undefined || result.value < best.value) best = result;
  }
  const polished = minimizeBfgs(objective, (best as ReturnType<typeof minimizeBfgs>).x, minimizeOptions);
  iterations += polished.iterations;
  evaluations += polished.evaluations;

  return {
    params: fromLog(polished.x),
    logLikelihood: -polished.value * n,
    customers: n,
    groups: data.groups,
    iterations,
    evaluations,
    converged: polished.converged && polished.x.every((v) => Math.abs(v) < LOG_INTERIOR),
  };
}

function fromLog(theta: Float64Array): BgNbdParams {
  return {
    r: Math.exp(theta[0] as number),
    alpha: Math.exp(theta[1] as number),
    a: Math.exp(theta[2] as number),
    b: Math.exp(theta[3] as number),
  };
}

/**
 * P(alive at T | x, tx, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x)) (FHL 2005; Fader, Hardie & Lee
 * 2008, "Computing P(alive) using the BG/NBD model").
 * Exactly 1 for a customer with no repeat purchase: in the BG/NBD, dropout happens only right after a
 * repeat purchase.
 */
export function probabilityAlive(params: BgNbdParams, c: RecencyFrequency): number {
  if (c.x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / (b + c.x - 1)) + (r + c.x) * (Math.log(alpha + c.T) - Math.log(alpha + c.tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected number of purchases in (T, T + t] for a customer with history (x, tx, T)
 * (FHL 2005):
 *
 *   E[Y(t)] = P(alive) · (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)],
 *   z = t / (α+T+t).
 *
 * When a < r+x+1 the series for that 2F1 has growing terms; Euler's transformation folds the power
 * in front into it: ((α+T)/(α+T+t))^(r+x) 2F1(…) = (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z),
 * whose terms decay (the fix of Fader & Hardie's note on the BG/NBD "#NUM!" error).
 * The formula has a removable singularity at a = 1; there the average of a = 1 ± 1e-5 is used.
 */
export function expectedPurchases(params: BgNbdParams, c: RecencyFrequency, t: number): number {
  if (!(t >= 0 && Number.isFinite(t))) throw new RangeError(`horizon must be a finite t ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const { a } = params;
  if (Math.abs(a - 1) < 1e-6) {
    const h = 1e-5;
    return (
      (expectedPurchases({ ...params, a: 1 - h }, c, t) + expectedPurchases({ ...params, a: 1 + h }, c, t)) /
      2
    );
  }
  return probabilityAlive(params, c) * expectedWhileAlive(params, c.x, c.T, t);
}

/** E[X(t)]: expected repeat purchases in the first t after a new customer's first purchase (FHL 2005). */
export function expectedPurchasesUnconditional(params: BgNbdParams, t: number): number {
  return expectedPurchases(params, { x: 0, tx: 0, T: 0 }, t);
}

function expectedWhileAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const logOneMinusZ = Math.log1p(-z);
  const discounted =
    a < r + x + 1
      ? Math.exp((a - 1) * logOneMinusZ) * hyp2f1Series(a + b - 1 - r, a - 1, c, z)
      : Math.exp((r + x) * logOneMinusZ) * hyp2f1Series(r + x, b + x, c, z);
  return (c / (a - 1)) * (1 - discounted);
}
