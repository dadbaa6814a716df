import type { DetectionSettings } from '../settings/detection.ts';
import { median, variation } from './gaps.ts';

export type PersonalRhythm =
  | {
      readonly kind: 'rhythm';
      readonly intervalDays: number;
      readonly gapsUsed: number;
      readonly variation: number;
      readonly confidence: number;
    }
  | { readonly kind: 'too_few_visits'; readonly visits: number; readonly needed: number }
  | {
      readonly kind: 'irregular';
      readonly gapsUsed: number;
      readonly variation: number;
      readonly max: number;
    };

// Personal confidence runs from 0.6 (the fewest gaps allowed, as irregular as allowed) to 0.95
// (a full window of identical gaps): always above the tenant median's floor, because a customer's
// own regular habit predicts their next visit better than other people's, and never 1, which is
// reserved for a rule the tenant wrote.
const PERSONAL_FLOOR = 0.6;
const PERSONAL_SPAN = 0.35;

/**
 * A customer's own rhythm for an offering, from the days between their completed visits
 * (chronological, as `gapsInDays` gives them): the median of the most recent gaps, when there are
 * enough of them and they vary little enough to be a habit.
 */
export function personalRhythm(
  gaps: readonly number[],
  settings: DetectionSettings['personalRhythm'],
): PersonalRhythm {
  const usable = gaps.filter((gap) => Number.isFinite(gap) && gap > 0);
  const needed = settings.minVisits;
  if (usable.length + 1 < needed) return { kind: 'too_few_visits', visits: usable.length + 1, needed };

  const recent = usable.slice(-settings.recentGaps);
  const spread = variation(recent, settings.variationMeasure) ?? Number.POSITIVE_INFINITY;
  if (spread > settings.maxVariation) {
    return { kind: 'irregular', gapsUsed: recent.length, variation: spread, max: settings.maxVariation };
  }
  const sampleFactor = Math.min(1, recent.length / settings.recentGaps);
  const regularityFactor = 1 - spread / settings.maxVariation;
  return {
    kind: 'rhythm',
    intervalDays: Math.max(1, Math.round(median(recent)!)),
    gapsUsed: recent.length,
    variation: spread,
    confidence: PERSONAL_FLOOR + PERSONAL_SPAN * (0.5 * sampleFactor + 0.5 * regularityFactor),
  };
}
