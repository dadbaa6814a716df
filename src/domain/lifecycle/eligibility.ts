import type { DetectionSettings } from '../settings/detection.ts';
import type { Lifecycle } from './derive-lifecycle.ts';
import type { LapsedState, LifecycleState } from './states.ts';

/**
 * Seed 000's critical rule: reactivation is only for customers who were ACTIVE once and have
 * lapsed since. Which lapsed states qualify is the tenant's choice (`eligibility.states`),
 * AT_RISK and STALLED by default; CHURNED only when the tenant opts in (see detection.ts for why).
 */
export function isReactivationCandidateState(
  state: LifecycleState,
  everActive: boolean,
  settings: DetectionSettings,
): boolean {
  return everActive && (settings.eligibility.states as readonly LifecycleState[]).includes(state);
}

export type LifecycleCase =
  | { readonly kind: 'reactivation'; readonly state: LapsedState; readonly reason: string }
  /**
   * Never became ACTIVE. `overdue` once they are as late as an ACTIVE customer would be when
   * flagged AT_RISK: those are the failed onboardings to report (seed 000: a different problem,
   * solved by requalifying or a new onboarding, not by a win-back offer).
   */
  | { readonly kind: 'onboarding'; readonly overdue: boolean; readonly reason: string }
  | { readonly kind: 'none'; readonly reason: string };

/** Sorts a derived lifecycle into the reactivation scan, the onboarding report, or neither. */
export function classifyLifecycle(lifecycle: Lifecycle, settings: DetectionSettings): LifecycleCase {
  const { state, everActive, overdueRatio } = lifecycle;
  if (!everActive) {
    const overdue = overdueRatio !== null && overdueRatio >= settings.lifecycle.atRiskAfter;
    const reason = overdue
      ? `never became ACTIVE and is ${overdueRatio.toFixed(2)}× the expected interval past their last visit`
      : 'never became ACTIVE yet';
    return { kind: 'onboarding', overdue, reason };
  }
  if (state === 'NEW' || state === 'ACTIVE') return { kind: 'none', reason: `${state}: not lapsed` };
  if (isReactivationCandidateState(state, everActive, settings)) {
    return { kind: 'reactivation', state, reason: `${state} after being ACTIVE` };
  }
  return { kind: 'none', reason: `${state} is not among this tenant's eligible states` };
}
