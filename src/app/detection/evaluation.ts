import type { IntervalSource } from '../../domain/intervals/index.ts';
import type { LifecycleState } from '../../domain/lifecycle/index.ts';

/** Why an otherwise eligible customer is left out of today's candidates. */
export const EXCLUSION_CODES = [
  'blacklisted',
  'opted_out',
  'snoozed',
  'upcoming_booking',
  'contacted_today',
  'active_attempt',
  'max_attempts',
  'min_gap',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export interface Exclusion {
  readonly code: ExclusionCode;
  readonly detail: string;
}

/** Seed 004's order: VIP → regular → new. */
export const PRIORITY_TIERS = ['vip', 'regular', 'new'] as const;
export type PriorityTier = (typeof PRIORITY_TIERS)[number];

/** reactivation: once ACTIVE and lapsed; onboarding: never became ACTIVE; none: neither. */
export type CaseKind = 'reactivation' | 'onboarding' | 'none';

export interface ExpectedIntervalSummary {
  readonly days: number;
  readonly source: IntervalSource;
  readonly confidence: number;
  readonly explanation: string;
  /** The offering the interval is for: the customer's primary one; null for visits without one. */
  readonly offeringId: string | null;
  readonly offeringName: string | null;
}

/** Everything the scan concluded about one customer, and why. */
export interface CustomerEvaluation {
  readonly id: string;
  readonly externalId: string;
  readonly name: string | null;
  readonly vip: boolean;
  readonly state: LifecycleState;
  /** The state stored on the customer before this scan. */
  readonly storedState: LifecycleState;
  readonly everActive: boolean;
  readonly case: CaseKind;
  /** For onboarding cases: as late as an ACTIVE customer would be when flagged AT_RISK. */
  readonly onboardingOverdue: boolean;
  readonly candidate: boolean;
  /** Human-readable, most important first: the state, the case, the interval, the model, exclusions. */
  readonly reasons: readonly string[];
  readonly exclusions: readonly Exclusion[];
  readonly visitCount: number;
  readonly lastVisitAt: Date | null;
  readonly daysSinceLast: number | null;
  /** daysSinceLast / expected interval. */
  readonly overdueRatio: number | null;
  /** The next state if they do not come back, and when. */
  readonly next: { readonly state: LifecycleState; readonly at: Date } | null;
  readonly interval: ExpectedIntervalSummary;
  /** In [0, 1]; see risk.ts. */
  readonly riskScore: number;
  readonly pAlive: number | null;
  /** P(no visit within one more expected interval), from the model. */
  readonly pNoReturn: number | null;
  /** Expected visits and value over the next year, from the model. */
  readonly expectedPurchases: number | null;
  readonly expectedValue: number | null;
  /** What a year of this customer is worth if they stay. */
  readonly valueIfRetained: number;
  /** riskScore × valueIfRetained: the value expected to be lost if nothing is done. */
  readonly valueAtRisk: number;
  readonly tier: PriorityTier;
  readonly nextBookingAt: Date | null;
}

/** A customer the scan could not evaluate; the scan goes on without them. */
export interface SkippedCustomer {
  readonly id: string;
  readonly externalId: string;
  readonly error: string;
}
