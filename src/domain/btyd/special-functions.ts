/**
 * The few special functions the customer-base models need, written here so the domain core has no
 * numeric dependency: log-gamma (Lanczos), digamma (for analytic gradients), a stable log-sum-exp,
 * and the Gaussian hypergeometric series 2F1.
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

// Lanczos approximation with g = 7 and nine coefficients (the set published by Paul Godfrey and
// quoted in Numerical Recipes' successors); relative error below 1e-15 for positive arguments.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln |Γ(x)|. Exact enough (≈1e-15 relative) for the shape parameters and counts used here. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx). Poles at the non-positive integers.
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Number.POSITIVE_INFINITY;
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0 || Number.isNaN(x)) return Number.NaN;
    // ψ(1 − x) − ψ(x) = π cot(πx)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let shift = 0;
  let v = x;
  while (v < 10) {
    shift -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  // ln v − 1/(2v) − Σ B₂ₖ / (2k v²ᵏ)
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + Math.log(v) - 0.5 * inv - series;
}

/** ln(eᵃ + eᵇ) without overflow or loss of the smaller term. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln Σ exp(vᵢ). */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}

export interface SeriesOptions {
  /** Stop once a term is below this fraction of the running sum. Default 1e-16. */
  readonly tolerance?: number;
  /** Hard cap on the number of terms. Default 1,000,000. */
  readonly maxTerms?: number;
}

/**
 * The Gauss series 2F1(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ for 0 ≤ z < 1, summed term by term
 * from the ratio of consecutive terms. It stops only once the terms have started to shrink
 * (|ratio| < 1) and the last term no longer changes the sum, so a series whose terms first grow
 * (a + b > c with z near 1) is not cut short. Terms decay like n^(a+b−c−1) zⁿ: callers with
 * a + b > c should prefer {@link hyp2f1}, which applies Euler's transformation first.
 */
export function hyp2f1Series(
  a: number,
  b: number,
  c: number,
  z: number,
  options: SeriesOptions = {},
): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1Series needs 0 ≤ z < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1Series: c = ${c} is a pole`);
  const tolerance = options.tolerance ?? 1e-16;
  const maxTerms = options.maxTerms ?? 1_000_000;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum; // a or b is a non-positive integer: the series terminates
    if (Math.abs(ratio) < 1 && Math.abs(term) <= tolerance * Math.abs(sum)) return sum;
  }
  return sum;
}

/**
 * 2F1(a, b; c; z) for z < 1. Negative z goes through Pfaff's transformation
 * 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)), which lands in [0, 1).
 * For 0 ≤ z < 1 with a + b > c, Euler's transformation
 * 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z) turns growing terms into decaying ones.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: SeriesOptions = {}): number {
  if (!(z < 1)) throw new RangeError(`hyp2f1 is implemented for z < 1, got ${z}`);
  if (z < 0) {
    const w = z / (z - 1);
    return (1 - z) ** -a * hyp2f1(a, c - b, c, w, options);
  }
  if (a + b > c) return (1 - z) ** (c - a - b) * hyp2f1Series(c - a, c - b, c, z, options);
  return hyp2f1Series(a, b, c, z, options);
}
