import type { LifecycleState } from '../lifecycle/states.ts';
import type { AttemptStatus, Outcome, Strategy, Tone } from '../reactivation/attempt.ts';
import type { BehaviourFeatures } from './features.ts';

/** One completed visit (order, purchase) of the customer. */
export interface DecisionVisit {
  at: Date;
  /** What the customer paid. */
  amount: number;
  /**
   * The offering's list price at the time of the visit, when known: paying noticeably less means
   * a discount. Not today's price: after a price rise every older visit would look discounted
   * (the demo salon raises prices 7% each January); null when the price then is unknown.
   */
  listPrice: number | null;
  offeringId: string | null;
  staffId: string | null;
}

export interface DecisionOffering {
  id: string;
  name: string;
  price: number | null;
  /** Share of the price left as margin, 0..1; null when the tenant has not said. */
  margin: number | null;
}

export interface PreviousAttempt {
  strategy: Strategy;
  status: AttemptStatus;
  outcome: Outcome | null;
  createdAt: Date;
  closedAt: Date | null;
  discountPct: number | null;
  /**
   * A held-out control attempt: nothing was sent, so its outcome says nothing about its
   * strategy or the customer's answer. Absent means false.
   */
  control?: boolean;
}

export interface DecisionInput {
  now: Date;
  customer: {
    id: string;
    vip: boolean;
    state: LifecycleState;
    daysInactive: number;
    visitCount: number;
    valueAtRisk: number;
    valueIfRetained: number;
    pAlive: number | null;
    nextBookingAt: Date | null;
    expectedIntervalDays: number;
  };
  /** Completed visits, any order, up to the last ~100. */
  visits: readonly DecisionVisit[];
  primaryOffering: DecisionOffering | null;
  /**
   * The tenant's active offerings the customer never bought. Popularity 0..1 is best measured among
   * customers like this one — the share of those who buy the customer's primary offering who also
   * bought this one — so a women's-cut customer is not offered a men's cut because it sells well.
   */
  otherOfferings: readonly (DecisionOffering & { popularity: number })[];
  /**
   * Names of the tenant's staff who still work there, by id. A favourite missing from it has
   * left, and is neither mentioned nor counted as a relationship to build on.
   */
  staffNames: ReadonlyMap<string, string>;
  /** This customer's attempts, all time. */
  previousAttempts: readonly PreviousAttempt[];
  /** 1-based number of this attempt within the current lapse. */
  attemptNumber: number;
  /** 0..1: share of today's candidates with lower value at risk (for topShare escalation). */
  valueAtRiskRank: number | null;
  /** The tenant's closed non-control attempts per strategy. */
  effectiveness: Partial<Record<Strategy, { attempts: number; won: number }>>;
  /**
   * When the current lapse began (the last completed visit): attempts created since then belong
   * to it. Defaults to the latest visit in `visits`.
   */
  lapseStartedAt?: Date | null;
  /**
   * The detection settings' attempt limits (`detection.scan`). The scan already excludes
   * customers over them; given here, the decision also refuses on its own (an attempt created
   * through the API skips the scan).
   */
  attemptLimits?: { maxAttemptsPerLapse: number; minDaysBetweenAttempts: number };
}

export interface Decision {
  action: 'attempt' | 'wait';
  /** 'WAIT' iff action === 'wait'. */
  strategy: Strategy;
  tone: Tone;
  /** The ceiling for this customer and offering, whole percent (0 when none allowed). */
  maxDiscountPct: number;
  /** The discount the message offers, 0 ≤ offerPct ≤ maxDiscountPct. */
  offerPct: number;
  /** Primary first for most strategies; the untried ones first for PRODUCT_MIX. */
  suggestedOfferingIds: string[];
  /** The staff member to mention or assign (the customer's favourite), if any. */
  staffId: string | null;
  /** Strategy parameters worth storing; JSON-serialisable. */
  params: Record<string, unknown>;
  /** The behaviour features computed from the visits; JSON-serialisable. */
  features: BehaviourFeatures;
  /** Human-readable English sentences, most important first: why try or wait, why this strategy, why this offer. */
  explanation: string[];
  /** For WAIT: when trying becomes worth it; null when no date is known (or not waiting). */
  waitUntil: Date | null;
}

/** The strategies that act (everything but WAIT). */
export type ActingStrategy = Exclude<Strategy, 'WAIT'>;
