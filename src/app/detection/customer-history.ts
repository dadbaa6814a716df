import { MS_PER_DAY } from './context.ts';

/** A year back from asOf: the window the primary offering is chosen in. */
const PRIMARY_WINDOW_DAYS = 365;

/** A customer's completed activities folded into what the detection domain takes. */
export interface CustomerHistory {
  /** Distinct local visit days (days since 1970-01-01), ascending. */
  readonly days: number[];
  /** Per visit day: the latest visit, as local wall-clock ms. */
  readonly dayLocalMs: number[];
  /** Per visit day: what was spent. */
  readonly dayAmounts: number[];
  /** The primary offering as its 1-based ordinal; 0 when their visits name none. */
  readonly primaryOrd: number;
  /** The days with a visit for the primary offering, ascending. */
  readonly primaryDays: number[];
}

interface OfferingTally {
  lastDay: number;
  days: number[];
  recent: number;
  lastMs: number;
}

/**
 * Folds activities (seconds since the epoch in any order, offering ordinals and amounts) into
 * visit days in the tenant's zone (`toLocal` turns an instant into local wall-clock ms) — several services on one local day are one visit — and picks the primary offering:
 * the one with the most visit days over the year before asOf, then over all time, then the most
 * recent (then the first in the tenant's list); an offering always beats visits that name none.
 */
export function customerHistory(
  epochSeconds: readonly number[],
  ords: readonly number[],
  amounts: readonly number[],
  toLocal: (instant: number) => number,
  asOfDay: number,
): CustomerHistory {
  const order = chronological(epochSeconds);
  const days: number[] = [];
  const dayLocalMs: number[] = [];
  const dayAmounts: number[] = [];
  const tallies = new Map<number, OfferingTally>();
  const recentFrom = asOfDay - PRIMARY_WINDOW_DAYS;
  for (const i of order) {
    const ms = toLocal(epochSeconds[i]! * 1000);
    const day = Math.floor(ms / MS_PER_DAY);
    const amount = amounts[i] ?? 0;
    const last = days.length - 1;
    if (last >= 0 && days[last] === day) {
      dayLocalMs[last] = ms;
      dayAmounts[last] = dayAmounts[last]! + amount;
    } else {
      days.push(day);
      dayLocalMs.push(ms);
      dayAmounts.push(amount);
    }
    const ord = ords[i] ?? 0;
    let tally = tallies.get(ord);
    if (!tally) {
      tally = { lastDay: Number.NaN, days: [], recent: 0, lastMs: ms };
      tallies.set(ord, tally);
    }
    if (tally.lastDay !== day) {
      tally.days.push(day);
      if (day > recentFrom) tally.recent++;
      tally.lastDay = day;
    }
    tally.lastMs = ms;
  }
  let primaryOrd = 0;
  let primary: OfferingTally | undefined;
  for (const [ord, tally] of tallies) {
    if (!primary || better(ord, tally, primaryOrd, primary)) {
      primaryOrd = ord;
      primary = tally;
    }
  }
  return { days, dayLocalMs, dayAmounts, primaryOrd, primaryDays: primary?.days ?? [] };
}

function better(ord: number, a: OfferingTally, bestOrd: number, b: OfferingTally): boolean {
  if ((ord === 0) !== (bestOrd === 0)) return bestOrd === 0;
  if (a.recent !== b.recent) return a.recent > b.recent;
  if (a.days.length !== b.days.length) return a.days.length > b.days.length;
  if (a.lastMs !== b.lastMs) return a.lastMs > b.lastMs;
  // Two services at the same instant: the database hands them over in no defined order, so the
  // choice must not depend on it.
  return ord < bestOrd;
}

/** Indexes of the instants in time order (the database hands them over in no defined order). */
function chronological(epochSeconds: readonly number[]): number[] {
  const order = epochSeconds.map((_, i) => i);
  for (let i = 1; i < epochSeconds.length; i++) {
    if (epochSeconds[i]! < epochSeconds[i - 1]!) {
      return order.sort((a, b) => epochSeconds[a]! - epochSeconds[b]!);
    }
  }
  return order;
}
