/**
 * The vocabulary of a reactivation attempt (seed 000, DESIGN "attempt"): one try to win a lapsed
 * customer back, its strategy, where it stands and how it ended.
 */

/** Seed 000's five strategies. WAIT is a decision too: doing nothing now, recorded and explained. */
export const STRATEGIES = [
  'INCENTIVE_DISCOUNT',
  'PRODUCT_MIX',
  'PERSONAL_CONTACT',
  'SPECIAL_CONDITION',
  'WAIT',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const ATTEMPT_STATUSES = [
  'PLANNED',
  'SUGGESTED',
  'APPROVED',
  'IN_PROGRESS',
  'WON',
  'LOST',
  'CANCELLED',
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** Statuses that hold the customer's one active attempt (DESIGN non-negotiable 3). */
export const OPEN_STATUSES = ['PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS'] as const;
export const CLOSED_STATUSES = ['WON', 'LOST', 'CANCELLED'] as const;

export const OUTCOMES = ['REACTIVATED', 'PARTIAL', 'NO_RESPONSE', 'DECLINED', 'CHURNED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Message tone by days away (seed 003): a gentle reminder first, then an offer, then a win-back.
 * The day thresholds live in the reactivation settings.
 */
export const TONES = ['gentle', 'offer', 'win_back'] as const;
export type Tone = (typeof TONES)[number];

/**
 * Which status may follow which. PLANNED is the decision before a text exists; SUGGESTED waits
 * for a person (SUGGEST_ONLY); APPROVED is cleared to send; IN_PROGRESS has reached the customer
 * (or an operator is working it). A suggestion can be approved and started in one step by
 * AUTO_SEND, but never skipped past approval otherwise.
 */
const NEXT: Record<AttemptStatus, readonly AttemptStatus[]> = {
  PLANNED: ['SUGGESTED', 'APPROVED', 'CANCELLED'],
  SUGGESTED: ['APPROVED', 'CANCELLED'],
  APPROVED: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['WON', 'LOST', 'CANCELLED'],
  WON: [],
  LOST: [],
  CANCELLED: [],
};

export function canTransition(from: AttemptStatus, to: AttemptStatus): boolean {
  return NEXT[from].includes(to);
}

export function allowedNext(from: AttemptStatus): readonly AttemptStatus[] {
  return NEXT[from];
}

export function isOpen(status: AttemptStatus): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * The status an outcome closes an attempt with: a customer who came back (fully or in part) is
 * WON; silence, a refusal or a customer who is gone for good is LOST.
 */
export function statusForOutcome(outcome: Outcome): 'WON' | 'LOST' {
  return outcome === 'REACTIVATED' || outcome === 'PARTIAL' ? 'WON' : 'LOST';
}
