import { visitDays } from '../intervals/gaps.ts';
import type { DetectionSettings } from '../settings/detection.ts';
import type { LifecycleState } from './states.ts';
import { activationFlags, lapseThresholds } from './thresholds.ts';

export type LifecycleTransition = {
  readonly from: LifecycleState | null;
  readonly to: LifecycleState;
  readonly at: Date;
  readonly reason: string;
};

/**
 * The interval expected after the latest of `visitsSoFar` (one per visit day, chronological):
 * lets the replay use the rhythm as it was known then — the waterfall over the history so far —
 * or simply a constant.
 */
export type IntervalFor = (visitsSoFar: readonly Date[]) => number;

export type ReplayOptions = {
  /** The customer was ACTIVE before the first of these visits (history imported partially). */
  readonly everActive?: boolean;
  /** The tenant's zone, for deciding which visits fall on the same day; UTC when absent. */
  readonly timeZone?: string;
};

/**
 * Walks a customer's completed visits up to `until` and lists every lifecycle state change with
 * the instant it happened: NEW at the first visit, ACTIVE at the visit that proved the habit,
 * AT_RISK at lastVisit + 1.5 × interval, and so on; a return after a lapse is a change back to
 * ACTIVE at that visit. Agrees with `deriveLifecycle` at `until` when the interval is constant.
 */
export function replayLifecycle(
  visits: readonly Date[],
  intervalFor: IntervalFor,
  settings: DetectionSettings,
  until: Date,
  options: ReplayOptions = {},
): LifecycleTransition[] {
  const days = visitDays(
    visits.filter((at) => at.getTime() <= until.getTime()),
    options.timeZone,
  );
  const intervals = days.map((_, i) => intervalFor(days.slice(0, i + 1).map((d) => d.at)));
  const active = activationFlags(
    days,
    (i) => intervals[i]!,
    settings.activation,
    options.everActive ?? false,
  );

  const transitions: LifecycleTransition[] = [];
  let state: LifecycleState | null = null;
  const move = (to: LifecycleState, at: Date, reason: string) => {
    if (to === state) return;
    transitions.push({ from: state, to, at, reason });
    state = to;
  };

  days.forEach((visit, i) => {
    const next = days[i + 1];
    if (active[i]) {
      const reason =
        state === null
          ? 'ACTIVE before the visits replayed'
          : state === 'NEW'
            ? `visit ${i + 1} completed the NEW → ACTIVE rule`
            : `came back after ${visit.day - days[i - 1]!.day} days`;
      move('ACTIVE', visit.at, reason);
    } else {
      move('NEW', visit.at, 'first visit');
    }
    // A customer who never became ACTIVE does not lapse: they stay NEW until they come back.
    if (!active[i]) return;
    const interval = intervals[i]!;
    const end = next ? next.at.getTime() : until.getTime() + 1;
    for (const threshold of lapseThresholds(visit.at, interval, settings.lifecycle)) {
      if (threshold.at.getTime() >= end) break;
      move(threshold.state, threshold.at, `no visit for ${threshold.rule}`);
    }
  });
  return transitions;
}

/** The state a replay says the customer was in at `at`; null before their first visit. */
export function stateAt(transitions: readonly LifecycleTransition[], at: Date): LifecycleState | null {
  let state: LifecycleState | null = null;
  for (const transition of transitions) {
    if (transition.at.getTime() > at.getTime()) break;
    state = transition.to;
  }
  return state;
}

/** When the customer last entered `state` ("since when AT_RISK?"); null if never. */
export function lastEntered(transitions: readonly LifecycleTransition[], state: LifecycleState): Date | null {
  for (let i = transitions.length - 1; i >= 0; i--) {
    if (transitions[i]!.to === state) return transitions[i]!.at;
  }
  return null;
}
