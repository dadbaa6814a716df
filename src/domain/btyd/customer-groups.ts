/**
 * Recency–frequency data, compressed for likelihood evaluation. Customers with the same (x, tx, T)
 * contribute identical terms, and with times recorded to the day a large base has far fewer
 * distinct triples than customers (1,000,000 synthetic CDNOW-like customers → about 106,000 groups).
 * Distinct x, tx and T values are indexed separately so that per-value work (log-gamma terms,
 * logarithms of α + T) is done once per value, not once per group.
 */

/** Repeat purchases x, time of the last one tx and age T, all since the first purchase. */
export interface RecencyFrequency {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

/** Optionally, how many customers share this (x, tx, T). */
export interface WeightedRecencyFrequency extends RecencyFrequency {
  readonly count?: number;
}

export interface CustomerGroups {
  readonly customers: number;
  readonly groups: number;
  readonly xValues: Float64Array;
  /** Customers per distinct x (sums of counts). */
  readonly xCounts: Float64Array;
  readonly txValues: Float64Array;
  readonly tValues: Float64Array;
  /** Per group: index into xValues, txValues, tValues; and its number of customers. */
  readonly groupX: Int32Array;
  readonly groupTx: Int32Array;
  readonly groupT: Int32Array;
  readonly groupCount: Float64Array;
}

export function assertRecencyFrequency(c: RecencyFrequency): void {
  const ok =
    Number.isInteger(c.x) &&
    c.x >= 0 &&
    Number.isFinite(c.T) &&
    c.T >= 0 &&
    Number.isFinite(c.tx) &&
    c.tx >= 0 &&
    c.tx <= c.T &&
    (c.x > 0 || c.tx === 0);
  if (!ok) throw new RangeError(`invalid recency/frequency x=${c.x} tx=${c.tx} T=${c.T}`);
}

export function isCustomerGroups(
  v: CustomerGroups | Iterable<WeightedRecencyFrequency>,
): v is CustomerGroups {
  return (v as CustomerGroups).groupCount instanceof Float64Array;
}

// Keys below 2^30 stay small integers in V8, which a Map hashes several times faster than doubles:
// measured 1,000,000 inserts into a fresh Map at ~0.7–2.6 s with keys ≥ 2^31, ~35 ms below 2^30.
const SMALL_KEY = 2 ** 30;

export function compressCustomers(customers: Iterable<WeightedRecencyFrequency>): CustomerGroups {
  const xIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const tIndex = new Map<number, number>();
  const indexOf = (map: Map<number, number>, v: number) => {
    let i = map.get(v);
    if (i === undefined) {
      i = map.size;
      map.set(v, i);
    }
    return i;
  };

  // Pass 1: index the distinct values, so that the group key's range is known.
  const cx: number[] = [];
  const ctx: number[] = [];
  const cT: number[] = [];
  const cCount: number[] = [];
  const xCounts: number[] = [];
  let total = 0;
  for (const c of customers) {
    assertRecencyFrequency(c);
    const count = c.count ?? 1;
    if (!(count >= 0 && Number.isFinite(count))) throw new RangeError(`invalid count ${count}`);
    if (count === 0) continue;
    const xi = indexOf(xIndex, c.x);
    cx.push(xi);
    ctx.push(indexOf(txIndex, c.tx));
    cT.push(indexOf(tIndex, c.T));
    cCount.push(count);
    xCounts[xi] = (xCounts[xi] ?? 0) + count;
    total += count;
  }

  // Pass 2: one integer key per (x, tx, T). When the product of the ranges is too large for a small
  // key, go through (x, tx) pairs first — the number of distinct pairs is at most the customers.
  const nTx = txIndex.size;
  const nT = tIndex.size;
  const direct = xIndex.size * nTx * nT < SMALL_KEY;
  const pairIndex = new Map<number, number>();
  const groupIndex = new Map<number, number>();
  const gx: number[] = [];
  const gtx: number[] = [];
  const gt: number[] = [];
  const gcount: number[] = [];
  for (let i = 0; i < cx.length; i++) {
    const xi = cx[i] as number;
    const ti = ctx[i] as number;
    const Ti = cT[i] as number;
    const key = direct ? (xi * nTx + ti) * nT + Ti : indexOf(pairIndex, xi * nTx + ti) * nT + Ti;
    const g = groupIndex.get(key);
    if (g === undefined) {
      groupIndex.set(key, gx.length);
      gx.push(xi);
      gtx.push(ti);
      gt.push(Ti);
      gcount.push(cCount[i] as number);
    } else {
      gcount[g] = (gcount[g] as number) + (cCount[i] as number);
    }
  }

  return {
    customers: total,
    groups: gx.length,
    xValues: Float64Array.from(xIndex.keys()),
    xCounts: Float64Array.from(xCounts),
    txValues: Float64Array.from(txIndex.keys()),
    tValues: Float64Array.from(tIndex.keys()),
    groupX: Int32Array.from(gx),
    groupTx: Int32Array.from(gtx),
    groupT: Int32Array.from(gt),
    groupCount: Float64Array.from(gcount),
  };
}
