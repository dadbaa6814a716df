import { visitDays } from '../intervals/gaps.ts';
import type { DetectionSettings } from '../settings/detection.ts';
import type { LifecycleState } from './states.ts';
import { activationFlags, formatDays, lapseThresholds, MS_PER_DAY } from './thresholds.ts';

export type LifecycleInput = {
  /** Completed visits (cancelled and no-show ones left out); later than `now` are ignored. */
  readonly completedVisits: readonly Date[];
  readonly expectedIntervalDays: number;
  /** Whether the customer had been ACTIVE before this evaluation (stored on the customer). */
  readonly everActive: boolean;
  readonly now: Date;
  /** The tenant's zone, for deciding which visits fall on the same day; UTC when absent. */
  readonly timeZone?: string;
};

export type Lifecycle = {
  readonly state: LifecycleState;
  readonly lastVisitAt: Date | null;
  /** Fractional days from the last visit to `now`; null without visits. */
  readonly daysSinceLast: number | null;
  /** daysSinceLast / expected interval; null without visits. */
  readonly overdueRatio: number | null;
  /** After this evaluation: store it back on the customer. */
  readonly everActive: boolean;
  /** The next state change if the customer does not come back, for scheduling; null when none. */
  readonly next: { readonly state: LifecycleState; readonly at: Date } | null;
  readonly reason: string;
};

/**
 * A customer's lifecycle state at `now`, from their completed visits and expected interval.
 * NEW until they come back on rhythm (settings.activation), ACTIVE while a return is not overdue,
 * then AT_RISK / STALLED / CHURNED as the absence grows past the multiples in settings.lifecycle.
 * A customer who was ever ACTIVE is ACTIVE again from their next visit; one who never was stays
 * NEW however long they are away — an onboarding case, not a lapse.
 */
export function deriveLifecycle(input: LifecycleInput, settings: DetectionSettings): Lifecycle {
  const { expectedIntervalDays: interval, now } = input;
  if (!(Number.isFinite(interval) && interval > 0)) {
    throw new RangeError(`expected interval must be a positive number of days, got ${interval}`);
  }
  const past = input.completedVisits.filter((at) => at.getTime() <= now.getTime());
  const days = visitDays(past, input.timeZone);
  const last = days.at(-1);
  if (!last) {
    return {
      state: 'NEW',
      lastVisitAt: null,
      daysSinceLast: null,
      overdueRatio: null,
      everActive: input.everActive,
      next: null,
      reason: input.everActive
        ? 'No completed visits on record, though once ACTIVE'
        : 'No completed visits yet',
    };
  }

  const everActive = activationFlags(days, () => interval, settings.activation, input.everActive).at(-1)!;
  const daysSinceLast = (now.getTime() - last.at.getTime()) / MS_PER_DAY;
  const overdueRatio = daysSinceLast / interval;
  const since = `last visit ${Math.floor(daysSinceLast)} days ago, ${overdueRatio.toFixed(2)}× the expected ${formatDays(interval)}-day interval`;
  const base = { lastVisitAt: last.at, daysSinceLast, overdueRatio, everActive };

  if (!everActive) {
    const window = settings.activation.maxGapMultiple * interval;
    const visits = `${days.length} visit day(s)`;
    const rule = `ACTIVE after ${settings.activation.minVisits} visits each within ${formatDays(window)} days of the previous`;
    const reason =
      daysSinceLast > window
        ? `NEW: ${visits}, ${since}; not back within ${formatDays(window)} days — an onboarding case (${rule})`
        : `NEW: ${visits}, ${since} (${rule})`;
    return { ...base, state: 'NEW', next: null, reason };
  }

  const thresholds = lapseThresholds(last.at, interval, settings.lifecycle);
  const reached = thresholds.filter((t) => t.at.getTime() <= now.getTime()).at(-1);
  const upcoming = thresholds.find((t) => t.at.getTime() > now.getTime());
  const next = upcoming ? { state: upcoming.state, at: upcoming.at } : null;
  if (!reached) {
    const until = upcoming ? `; ${upcoming.state} from ${upcoming.rule}` : '';
    return { ...base, state: 'ACTIVE', next, reason: `ACTIVE: ${since}${until}` };
  }
  return { ...base, state: reached.state, next, reason: `${reached.state}: ${since}; past ${reached.rule}` };
}
