import { zoneOffsetAt } from '../time/zone-offset.ts';

/**
 * Gaps between visits, and the statistics the interval waterfall and the preference analyser
 * judge them by. Days are calendar days in the tenant's time zone (UTC when none is given), so two
 * services on the same afternoon are one visit, and a visit at 23:30 and one at 00:30 the next
 * night are one day apart.
 */

const MS_PER_DAY = 86_400_000;

export type VisitDay = {
  /** Days since 1970-01-01 in the chosen time zone. */
  readonly day: number;
  /** The latest visit on that day. */
  readonly at: Date;
};

/** The distinct calendar days with a visit, chronological, each with its latest visit. */
export function visitDays(visits: readonly Date[], timeZone?: string): VisitDay[] {
  const byDay = new Map<number, Date>();
  for (const at of visits) {
    const ms = at.getTime();
    if (Number.isNaN(ms)) continue;
    const offset = timeZone ? zoneOffsetAt(ms, timeZone) : 0;
    const day = Math.floor((ms + offset) / MS_PER_DAY);
    const seen = byDay.get(day);
    if (!seen || seen.getTime() < ms) byDay.set(day, at);
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, at]) => ({ day, at }));
}

/**
 * Whole days between consecutive visit days, chronological: [Mar 1, Mar 1, Mar 29, Apr 26] → [28, 28].
 * The visits need not be sorted.
 */
export function gapsInDays(visits: readonly Date[], timeZone?: string): number[] {
  const days = visitDays(visits, timeZone);
  return days.slice(1).map((visit, i) => visit.day - days[i]!.day);
}

/** The middle value (mean of the two middle ones for an even count); null when there are none. */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Sample standard deviation over mean; null for fewer than two values or a mean of 0. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (mean <= 0) return null;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(variance) / mean;
}

/**
 * 1.4826 × median absolute deviation / median: the coefficient of variation's outlier-proof twin
 * (for normally distributed values the two agree). One long holiday among regular gaps moves the
 * CV a lot and this hardly at all. Null for fewer than two values or a median of 0.
 */
export function robustVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const centre = median(values);
  if (centre === null || centre <= 0) return null;
  const mad = median(values.map((v) => Math.abs(v - centre)));
  return mad === null ? null : (1.4826 * mad) / centre;
}

export type VariationMeasure = 'robust' | 'cv';

export function variation(values: readonly number[], measure: VariationMeasure): number | null {
  return measure === 'robust' ? robustVariation(values) : coefficientOfVariation(values);
}
