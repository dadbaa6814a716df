/**
 * Lifecycle: where each customer stands (NEW → ACTIVE → AT_RISK → STALLED → CHURNED), since when,
 * whether reactivation applies, and how risky they look.
 */
export { deriveLifecycle, type Lifecycle, type LifecycleInput } from './derive-lifecycle.ts';
export { classifyLifecycle, isReactivationCandidateState, type LifecycleCase } from './eligibility.ts';
export {
  type IntervalFor,
  type LifecycleTransition,
  lastEntered,
  type ReplayOptions,
  replayLifecycle,
  stateAt,
} from './replay-lifecycle.ts';
export { type RiskInput, riskScore } from './risk-score.ts';
export { LAPSED_STATES, type LapsedState, LIFECYCLE_STATES, type LifecycleState } from './states.ts';
export { type LapseThreshold, lapseThresholds } from './thresholds.ts';
