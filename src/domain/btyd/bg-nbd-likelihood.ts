/**
 * BG/NBD likelihood (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 *
 *   L(r, α, a, b | x, tx, T) = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x))
 *                            + δ(x>0) B(a+1, b+x−1)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+tx)^(r+x))
 *
 * Factoring out the first term's Beta ratio (B(a+1, b+x−1) / B(a, b+x) = a / (b+x−1)) gives
 *
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(b+x) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x)
 *        + ln[ (α+T)^−(r+x) + δ(x>0) a/(b+x−1) (α+tx)^−(r+x) ],
 *
 * the last line by log-sum-exp, so large x or T never overflow (the "#NUM!" errors of spreadsheet
 * implementations). The Gamma terms depend only on x, and the logarithms only on the distinct values
 * of tx and T, so customers are compressed into groups of identical (x, tx, T) with counts and the
 * per-value work is done once per evaluation: a million CDNOW-like customers cost one pass over
 * about 108,000 groups (see customer-groups.ts).
 */
import {
  type CustomerGroups,
  compressCustomers,
  isCustomerGroups,
  type RecencyFrequency,
  type WeightedRecencyFrequency,
} from './customer-groups.ts';
import { digamma, logAddExp, logGamma } from './special-functions.ts';

const BLOCK = 512;

export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Log-likelihood of one customer. */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, c: RecencyFrequency): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = c;
  const common =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    logGamma(b + x) -
    logGamma(b) +
    logGamma(a + b) -
    logGamma(a + b + x);
  const stillAlive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + stillAlive;
  const droppedOut = Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + tx);
  return common + logAddExp(stillAlive, droppedOut);
}

/** Total log-likelihood of a customer base (compressed or not). */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  customers: CustomerGroups | Iterable<WeightedRecencyFrequency>,
): number {
  const groups = isCustomerGroups(customers) ? customers : compressCustomers(customers);
  return bgNbdLogLikelihoodAndGradient(params, groups, undefined);
}

/**
 * Total log-likelihood; when `gradient` is given, also writes ∂LL/∂(r, α, a, b) into it. With
 * w₂ the share of the dropped-out term in the bracket and w₁ = 1 − w₂:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₁ ln(α+T) − w₂ ln(α+tx)
 *   ∂/∂α = r/α − (r+x) (w₁/(α+T) + w₂/(α+tx))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w₂/a
 *   ∂/∂b = ψ(b+x) − ψ(b) + ψ(a+b) − ψ(a+b+x) − w₂/(b+x−1)
 */
export function bgNbdLogLikelihoodAndGradient(
  params: BgNbdParams,
  data: CustomerGroups,
  gradient: Float64Array | undefined,
): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  const nx = data.xValues.length;
  const logA = Math.log(a);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const logAlpha = Math.log(alpha);
  const withGradient = gradient !== undefined;
  const psiR = withGradient ? digamma(r) : 0;
  const psiB = withGradient ? digamma(b) : 0;
  const psiAB = withGradient ? digamma(a + b) : 0;

  // Per distinct x: the exponent r+x, the log weight of the dropped-out term, and the x-only terms.
  const k = new Float64Array(nx);
  const logDrop = new Float64Array(nx);
  const w2ByX = new Float64Array(nx); // Σ count · w₂ over the groups with this x
  let ll = 0;
  let dr = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < nx; i++) {
    const x = data.xValues[i] as number;
    const n = data.xCounts[i] as number;
    k[i] = r + x;
    logDrop[i] = x > 0 ? logA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
    ll += n * (logGamma(r + x) - lgR + r * logAlpha + logGamma(b + x) - lgB + lgAB - logGamma(a + b + x));
    if (withGradient) {
      const psiABX = digamma(a + b + x);
      dr += n * (digamma(r + x) - psiR + logAlpha);
      da += n * (psiAB - psiABX);
      db += n * (digamma(b + x) - psiB + psiAB - psiABX);
    }
  }

  const logAT = data.tValues.map((T) => Math.log(alpha + T));
  const logATx = data.txValues.map((tx) => Math.log(alpha + tx));
  const invAT = withGradient ? data.tValues.map((T) => 1 / (alpha + T)) : logAT;
  const invATx = withGradient ? data.txValues.map((tx) => 1 / (alpha + tx)) : logATx;
  const { groupX, groupTx, groupT, groupCount } = data;
  let dAlphaSum = 0; // Σ count (r+x) (w₁/(α+T) + w₂/(α+tx))
  // Summed in blocks of groups, so that rounding does not grow with the number of groups (it would
  // otherwise become the noise floor of the optimiser on a million customers).
  for (let block = 0; block < data.groups; block += BLOCK) {
    const blockEnd = Math.min(block + BLOCK, data.groups);
    let bll = 0;
    let bdr = 0;
    let bdAlpha = 0;
    for (let g = block; g < blockEnd; g++) {
      const xi = groupX[g] as number;
      const n = groupCount[g] as number;
      const kx = k[xi] as number;
      const ti = groupT[g] as number;
      const lT = logAT[ti] as number;
      const alive = -kx * lT;
      const drop = logDrop[xi] as number;
      if (drop === Number.NEGATIVE_INFINITY) {
        bll += n * alive;
        if (withGradient) {
          bdr -= n * lT;
          bdAlpha += n * kx * (invAT[ti] as number);
        }
        continue;
      }
      const txi = groupTx[g] as number;
      const lTx = logATx[txi] as number;
      const dropped = drop - kx * lTx;
      // ln(e^alive + e^dropped) and the weight w₂ = e^dropped / (e^alive + e^dropped)
      let w2: number;
      if (alive >= dropped) {
        const e = Math.exp(dropped - alive);
        bll += n * (alive + Math.log1p(e));
        w2 = e / (1 + e);
      } else {
        const e = Math.exp(alive - dropped);
        bll += n * (dropped + Math.log1p(e));
        w2 = 1 / (1 + e);
      }
      if (withGradient) {
        const w1 = 1 - w2;
        bdr -= n * (w1 * lT + w2 * lTx);
        bdAlpha += n * kx * (w1 * (invAT[ti] as number) + w2 * (invATx[txi] as number));
        w2ByX[xi] = (w2ByX[xi] as number) + n * w2;
      }
    }
    ll += bll;
    dr += bdr;
    dAlphaSum += bdAlpha;
  }

  if (gradient !== undefined) {
    for (let i = 0; i < nx; i++) {
      const w2 = w2ByX[i] as number;
      if (w2 === 0) continue;
      da += w2 / a;
      db -= w2 / (b + (data.xValues[i] as number) - 1);
    }
    gradient[0] = dr;
    gradient[1] = (data.customers * r) / alpha - dAlphaSum;
    gradient[2] = da;
    gradient[3] = db;
  }
  return ll;
}
