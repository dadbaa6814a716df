import type { VisitDay } from '../intervals/gaps.ts';
import type { DetectionSettings } from '../settings/detection.ts';
import type { LapsedState } from './states.ts';

export const MS_PER_DAY = 86_400_000;

export type LapseThreshold = {
  readonly state: LapsedState;
  /** The instant the customer enters this state if they do not come back first. */
  readonly at: Date;
  /** What put it there: a multiple of the interval, or the absolute `churnAfterDays` cap. */
  readonly rule: string;
};

/**
 * When a customer who was ACTIVE at `lastVisit` becomes AT_RISK, STALLED and CHURNED if they stay
 * away. A state boundary belongs to the later state: at exactly lastVisit + 1.5 × interval the
 * customer is AT_RISK. The absolute cap can bring CHURNED forward, and then any state that would
 * have started at or after it is skipped.
 */
export function lapseThresholds(
  lastVisit: Date,
  intervalDays: number,
  lifecycle: DetectionSettings['lifecycle'],
): LapseThreshold[] {
  if (!(Number.isFinite(intervalDays) && intervalDays > 0)) {
    throw new RangeError(`expected interval must be a positive number of days, got ${intervalDays}`);
  }
  const from = lastVisit.getTime();
  const after = (multiple: number) => new Date(from + multiple * intervalDays * MS_PER_DAY);
  const byMultiple = (multiple: number) => `${multiple}× the ${formatDays(intervalDays)}-day interval`;
  let churned: LapseThreshold = {
    state: 'CHURNED',
    at: after(lifecycle.churnedAfter),
    rule: byMultiple(lifecycle.churnedAfter),
  };
  const cap = lifecycle.churnAfterDays;
  if (cap !== undefined && from + cap * MS_PER_DAY < churned.at.getTime()) {
    churned = { state: 'CHURNED', at: new Date(from + cap * MS_PER_DAY), rule: `the ${cap}-day limit` };
  }
  const earlier: LapseThreshold[] = [
    { state: 'AT_RISK', at: after(lifecycle.atRiskAfter), rule: byMultiple(lifecycle.atRiskAfter) },
    { state: 'STALLED', at: after(lifecycle.stalledAfter), rule: byMultiple(lifecycle.stalledAfter) },
  ];
  return [...earlier.filter((t) => t.at.getTime() < churned.at.getTime()), churned];
}

/**
 * Walks visit days and reports, for each, whether the customer counts as ACTIVE from it on: once
 * `minVisits` visits in a row each came within `maxGapMultiple` × the interval expected after the
 * previous one (a longer gap restarts the count), and for ever after. `intervalAfter(i)` is the
 * interval expected after visit i.
 */
export function activationFlags(
  days: readonly VisitDay[],
  intervalAfter: (index: number) => number,
  activation: DetectionSettings['activation'],
  everActive: boolean,
): boolean[] {
  let active = everActive;
  let streak = 0;
  return days.map((visit, i) => {
    const previous = days[i - 1];
    const withinWindow =
      previous !== undefined && visit.day - previous.day <= activation.maxGapMultiple * intervalAfter(i - 1);
    streak = withinWindow ? streak + 1 : 1;
    if (streak >= activation.minVisits) active = true;
    return active;
  });
}

export function formatDays(days: number): string {
  return Number.isInteger(days) ? String(days) : days.toFixed(1);
}
