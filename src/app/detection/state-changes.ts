import type { NewTransition, StateChange } from '../../adapters/db/detection/lifecycle.repository.ts';
import type { ScanRow } from '../../adapters/db/detection/scan.repository.ts';
import { type LifecycleState, lapseThresholds, replayLifecycle } from '../../domain/lifecycle/index.ts';
import type { DetectionSettings } from '../../domain/settings/detection.ts';
import type { ZoneClock } from './context.ts';
import type { Evaluated } from './evaluate.ts';

/**
 * What to store when a scan of "now" finds a customer in a different state than stored: the new
 * state with the instant it began, and the transitions that led there since the stored state
 * began. The transitions come from replaying the customer's visits with their current interval,
 * so a customer who slid ACTIVE → AT_RISK → STALLED between two scans gets both steps, each at
 * the moment its threshold was crossed (or the visit that brought them back). When the replay
 * cannot explain the change (the stored flags came from history no longer on record), one
 * transition is stored, at the moment the derived state began. Null when nothing changed.
 */
export function stateChangeFor(
  row: ScanRow,
  evaluated: Evaluated,
  settings: DetectionSettings,
  clock: ZoneClock,
  asOfLocalMs: number,
): { change: StateChange; transitions: NewTransition[] } | null {
  const fromLocal = (localMs: number) => new Date(clock.fromLocal(localMs));
  const { lifecycle, visits, evaluation } = evaluated;
  const stored = row.lifecycle_state;
  if (stored === lifecycle.state && row.ever_active === lifecycle.everActive) return null;
  const customerId = row.id;
  if (stored === lifecycle.state) {
    const changedAt = row.lifecycle_changed_at ?? fromLocal(asOfLocalMs);
    return {
      change: { customerId, state: stored, changedAt, everActive: lifecycle.everActive },
      transitions: [],
    };
  }

  const replay = replayLifecycle(visits, () => evaluation.interval.days, settings, new Date(asOfLocalMs));
  const since = row.lifecycle_changed_at?.getTime() ?? Number.NEGATIVE_INFINITY;
  const transitions: NewTransition[] = [];
  let previous: LifecycleState = stored;
  if (replay.at(-1)?.to === lifecycle.state) {
    for (const step of replay) {
      const at = fromLocal(step.at.getTime());
      if (at.getTime() <= since || step.to === previous) continue;
      transitions.push({ customerId, from: previous, to: step.to, at, reason: step.reason });
      previous = step.to;
    }
  }
  if (previous !== lifecycle.state) {
    transitions.length = 0;
    transitions.push({
      customerId,
      from: stored,
      to: lifecycle.state,
      at: fromLocal(enteredAt(evaluated, settings, asOfLocalMs)),
      reason: lifecycle.reason,
    });
  }
  const last = transitions[transitions.length - 1]!;
  return {
    change: { customerId, state: lifecycle.state, changedAt: last.at, everActive: lifecycle.everActive },
    transitions,
  };
}

/** When (local ms) the customer entered their derived state: the threshold crossed, or their last visit. */
function enteredAt(evaluated: Evaluated, settings: DetectionSettings, asOfLocalMs: number): number {
  const { lifecycle, evaluation } = evaluated;
  const last = lifecycle.lastVisitAt;
  if (!last) return asOfLocalMs;
  if (lifecycle.state === 'ACTIVE' || lifecycle.state === 'NEW') return last.getTime();
  const threshold = lapseThresholds(last, evaluation.interval.days, settings.lifecycle).find(
    (t) => t.state === lifecycle.state,
  );
  return threshold?.at.getTime() ?? asOfLocalMs;
}
