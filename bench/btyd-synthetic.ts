/**
 * A synthetic customer base drawn from the BG/NBD + Gamma-Gamma processes with a seeded PRNG, shaped
 * like CDNOW: customers are born uniformly over the first 12 weeks and observed up to a calibration
 * end 39 weeks after the start. Two views of the same draw:
 *
 * - `customers`: the exact (x, tx, T, mean repeat spend) of the process, times rounded to the day —
 *   what a fit should recover the generating parameters from;
 * - `transactions`: the purchase log with calendar dates, as a business would record it. Purchases
 *   that fall on the same day are left in (summarize merges them, so its x is slightly lower).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { BgNbdParams, GammaGammaParams, Transaction } from '../src/domain/btyd/index.ts';
import { dayNumberToIso, utcDayNumber } from '../src/domain/btyd/index.ts';

export interface SyntheticOptions {
  readonly customers: number;
  readonly seed: number;
  readonly purchases: BgNbdParams; // rates per week
  readonly spend: GammaGammaParams;
  readonly start?: string; // first birth day, default '1997-01-01'
  readonly birthDays?: number; // default 84 (12 weeks)
  readonly calibrationDays?: number; // days from start to calibration end inclusive, default 273 (39 weeks)
}

export interface SyntheticCustomer {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly monetary: number;
}

export interface SyntheticBase {
  readonly customers: SyntheticCustomer[];
  readonly transactions: Transaction[];
  readonly calibrationEnd: string;
}

export function createRandom(seed: number) {
  const rng = xoroshiro128plus(seed);
  const uniform = () => uniformFloat64(rng);
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    // Box–Muller; 1 − u keeps the logarithm finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  /** Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1. */
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * (1 - uniform()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = 1 - uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return { uniform, normal, gamma };
}

export function generateSyntheticBase(options: SyntheticOptions): SyntheticBase {
  const { purchases, spend } = options;
  const random = createRandom(options.seed);
  const startDay = utcDayNumber(options.start ?? '1997-01-01');
  const birthDays = options.birthDays ?? 84;
  const lastDay = startDay + (options.calibrationDays ?? 273) - 1;
  const observedUntil = lastDay + 1; // the end of the calibration end day, in continuous days
  const isoCache = new Map<number, string>();
  const iso = (day: number) => {
    let s = isoCache.get(day);
    if (s === undefined) {
      s = dayNumberToIso(day);
      isoCache.set(day, s);
    }
    return s;
  };

  const customers: SyntheticCustomer[] = [];
  const transactions: Transaction[] = [];
  for (let i = 0; i < options.customers; i++) {
    const customerId = `c${i}`;
    const ratePerDay = random.gamma(purchases.r) / purchases.alpha / 7;
    const ga = random.gamma(purchases.a);
    const dropout = ga / (ga + random.gamma(purchases.b));
    const spendRate = random.gamma(spend.q) / spend.gamma;
    const value = () => Math.round((random.gamma(spend.p) / spendRate) * 100) / 100;

    const birth = startDay + random.uniform() * birthDays;
    transactions.push({ customerId, at: iso(Math.floor(birth)), amount: value() });
    let time = birth;
    let x = 0;
    let last = birth;
    let repeatValue = 0;
    for (;;) {
      time += -Math.log(1 - random.uniform()) / ratePerDay;
      if (time >= observedUntil) break;
      const amount = value();
      transactions.push({ customerId, at: iso(Math.floor(time)), amount });
      x++;
      last = time;
      repeatValue += amount;
      if (random.uniform() < dropout) break;
    }
    customers.push({
      x,
      tx: Math.round(last - birth) / 7,
      T: Math.round(observedUntil - birth) / 7,
      monetary: x > 0 ? repeatValue / x : 0,
    });
  }
  return { customers, transactions, calibrationEnd: iso(lastDay) };
}
