/**
 * Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
 * value"; Colombo & Jiang 1999). Each purchase value is Gamma(p, ν) distributed, ν ~ Gamma(q, γ)
 * across customers, independent of the purchase process. The observed datum per customer is the mean
 * value z̄ of their x repeat purchases (the first purchase is excluded, as in the CDNOW summaries),
 * whose density, ν integrated out, is
 *
 *   f(z̄ | p, q, γ; x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q z̄^(px−1) x^(px) / (γ + x z̄)^(px+q).
 *
 * Only customers with x > 0 and z̄ > 0 carry information; the others are skipped when fitting.
 */
import { minimizeBfgs } from './minimize.ts';
import { digamma, logGamma } from './special-functions.ts';

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** x repeat purchases with mean value `monetary` (the {@link summarize} fields). */
export interface SpendHistory {
  readonly x: number;
  readonly monetary: number;
}

export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  readonly logLikelihood: number;
  /** Customers used: those with x > 0 and monetary > 0. */
  readonly customers: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

interface SpendData {
  readonly n: number;
  readonly xValues: Float64Array;
  readonly xCounts: Float64Array;
  readonly x: Float64Array;
  readonly z: Float64Array;
  /** Per distinct x: Σ ln z̄ over its customers. */
  readonly sumLogZ: Float64Array;
  /** Per distinct x: Σ x (ln z̄ + ln x), the data part of ∂/∂p. */
  readonly sumXLogXZ: Float64Array;
}

/** Customers with x > 0 and a positive mean spend, spend divided by `scale`. */
function prepare(customers: Iterable<SpendHistory>, scale: number): SpendData {
  const xIds = new Map<number, number>();
  const xi: number[] = [];
  const xs: number[] = [];
  const zs: number[] = [];
  for (const c of customers) {
    if (!(Number.isInteger(c.x) && c.x >= 0 && Number.isFinite(c.monetary))) {
      throw new RangeError(`invalid spend history x=${c.x} monetary=${c.monetary}`);
    }
    if (c.x === 0 || c.monetary <= 0) continue;
    let id = xIds.get(c.x);
    if (id === undefined) {
      id = xIds.size;
      xIds.set(c.x, id);
    }
    xi.push(id);
    xs.push(c.x);
    zs.push(c.monetary / scale);
  }
  const xValues = Float64Array.from(xIds.keys());
  const xCounts = new Float64Array(xValues.length);
  const sumXLogXZ = new Float64Array(xValues.length);
  const sumLogZ = new Float64Array(xValues.length);
  for (let i = 0; i < xs.length; i++) {
    const id = xi[i] as number;
    const x = xs[i] as number;
    const logZ = Math.log(zs[i] as number);
    xCounts[id] = (xCounts[id] as number) + 1;
    sumXLogXZ[id] = (sumXLogXZ[id] as number) + x * (logZ + Math.log(x));
    sumLogZ[id] = (sumLogZ[id] as number) + logZ;
  }
  return {
    n: xs.length,
    xValues,
    xCounts,
    x: Float64Array.from(xs),
    z: Float64Array.from(zs),
    sumXLogXZ,
    sumLogZ,
  };
}

const BLOCK = 512;

/**
 * Total log-likelihood; when `gradient` is given, writes ∂LL/∂(p, q, γ) into it:
 *   ∂/∂p = x (ψ(px+q) − ψ(px) + ln z̄ + ln x − ln(γ + x z̄))
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ + x z̄)
 *   ∂/∂γ = q/γ − (px+q)/(γ + x z̄)
 */
function logLikelihoodAndGradient(
  params: GammaGammaParams,
  data: SpendData,
  gradient: Float64Array | undefined,
): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0)) return Number.NEGATIVE_INFINITY;
  const logGammaScale = Math.log(gamma);
  const lgQ = logGamma(q);
  let ll = 0;
  let dp = 0;
  let dq = 0;
  let dg = 0;
  const psiQ = gradient ? digamma(q) : 0;
  for (let i = 0; i < data.xValues.length; i++) {
    const x = data.xValues[i] as number;
    const n = data.xCounts[i] as number;
    const px = p * x;
    // (px − 1) Σ ln z̄ + px Σ ln x, written with the per-x sums
    const sumLogZ = data.sumLogZ[i] as number;
    ll +=
      n * (logGamma(px + q) - logGamma(px) - lgQ + q * logGammaScale + px * Math.log(x)) + (px - 1) * sumLogZ;
    if (gradient) {
      const psiPxQ = digamma(px + q);
      dp += n * x * (psiPxQ - digamma(px)) + (data.sumXLogXZ[i] as number);
      dq += n * (psiPxQ - psiQ + logGammaScale);
      dg += (n * q) / gamma;
    }
  }
  // Summed in blocks: one running sum over hundreds of thousands of terms of size ~10² loses enough
  // digits to stall the optimiser near the optimum (measured: mean-LL noise 5e-13 at 400k customers).
  for (let start = 0; start < data.n; start += BLOCK) {
    const end = Math.min(start + BLOCK, data.n);
    let bll = 0;
    let bdp = 0;
    let bdq = 0;
    let bdg = 0;
    for (let j = start; j < end; j++) {
      const x = data.x[j] as number;
      const shape = p * x + q;
      const scale = gamma + x * (data.z[j] as number);
      const logScale = Math.log(scale);
      bll += shape * logScale;
      if (gradient) {
        bdp += x * logScale;
        bdq += logScale;
        bdg += shape / scale;
      }
    }
    ll -= bll;
    dp -= bdp;
    dq -= bdq;
    dg -= bdg;
  }
  if (gradient) {
    gradient[0] = dp;
    gradient[1] = dq;
    gradient[2] = dg;
  }
  return ll;
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: Iterable<SpendHistory>): number {
  return logLikelihoodAndGradient(params, prepare(customers, 1), undefined);
}

// As for the BG/NBD fit: search within e^±20, and a maximum beyond e^±15 (q → ∞ when spend does not
// vary between customers) is reported as not converged. γ is in units of the mean spend here.
const LOG_BOUND = 20;
const LOG_INTERIOR = 15;

const STARTS: ReadonlyArray<readonly [number, number]> = [
  [1, 2],
  [5, 4],
  [0.5, 1.5],
];

export interface GammaGammaFitOptions {
  /** How many of the built-in starting points to try before polishing the best. Default 2, max 3. */
  readonly starts?: number;
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
}

/**
 * Maximum-likelihood p, q, γ over log-parameters by BFGS with the analytic gradient, from several
 * starts (γ set so the implied mean spend pγ/(q−1) matches the sample mean), then polished.
 * `converged: false` means no interior maximum was found (too few customers, typically).
 * Throws RangeError with fewer than 2 usable customers.
 */
export function fitGammaGamma(
  customers: Iterable<SpendHistory>,
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  // Spend is fitted in units of its sample mean, so γ is of order 1 whatever the currency: only γ
  // scales (γ = scale · γ'), and the log-likelihood shifts by −n ln(scale).
  const raw = prepare(customers, 1);
  if (raw.n < 2) throw new RangeError('Gamma-Gamma needs at least two customers with repeat purchases');
  let scale = 0;
  for (let j = 0; j < raw.n; j++) scale += (raw.z[j] as number) / raw.n;
  const data = prepare(customers, scale);
  const n = data.n;
  const scratch = new Float64Array(3);
  const objective = (theta: Float64Array, gradient: Float64Array) => {
    if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Number.NaN;
    const params = fromLog(theta);
    const ll = logLikelihoodAndGradient(params, data, scratch);
    gradient[0] = (-(scratch[0] as number) * params.p) / n;
    gradient[1] = (-(scratch[1] as number) * params.q) / n;
    gradient[2] = (-(scratch[2] as number) * params.gamma) / n;
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
  for (const [p, q] of STARTS.slice(0, startCount)) {
    // γ' such that the implied mean spend p γ' / (q − 1) is the sample mean, 1 in scaled units
    const result = minimizeBfgs(objective, [p, q, (q - 1) / p].map(Math.log), minimizeOptions);
    iterations += result.iterations;
    evaluations += result.evaluations;
    if (best === undefined || result.value < best.value) best = result;
  }
  const polished = minimizeBfgs(objective, (best as ReturnType<typeof minimizeBfgs>).x, minimizeOptions);
  const scaled = fromLog(polished.x);
  return {
    params: { ...scaled, gamma: scaled.gamma * scale },
    logLikelihood: -polished.value * n - n * Math.log(scale),
    customers: n,
    iterations: iterations + polished.iterations,
    evaluations: evaluations + polished.evaluations,
    converged: polished.converged && polished.x.every((v) => Math.abs(v) < LOG_INTERIOR),
  };
}

function fromLog(theta: Float64Array): GammaGammaParams {
  return {
    p: Math.exp(theta[0] as number),
    q: Math.exp(theta[1] as number),
    gamma: Math.exp(theta[2] as number),
  };
}

/** Mean spend per purchase across the population, E(Z) = pγ/(q−1); infinite when q ≤ 1. */
export function populationMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Number.POSITIVE_INFINITY;
}

/**
 * Expected spend per future purchase of a customer with x repeat purchases of mean value z̄:
 *   E(Z | x, z̄) = p (γ + x z̄) / (px + q − 1),
 * a weighted average of the population mean pγ/(q−1) (weight (q−1)/(px+q−1)) and the customer's own
 * mean z̄ (weight px/(px+q−1)). With x = 0 it is the population mean. Needs q > 1.
 */
export function expectedSpend(params: GammaGammaParams, c: SpendHistory): number {
  const { p, q, gamma } = params;
  if (!(q > 1)) throw new RangeError(`expected spend needs q > 1, got q = ${q}`);
  const x = c.x > 0 && c.monetary > 0 ? c.x : 0;
  return (p * (gamma + x * (x > 0 ? c.monetary : 0))) / (p * x + q - 1);
}
