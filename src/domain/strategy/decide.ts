import type { Strategy, Tone } from '../reactivation/attempt.ts';
import type { ReactivationSettings } from '../settings/reactivation.ts';
import { chooseStrategy, type StrategyChoice } from './choose-strategy.ts';
import { type BehaviourFeatures, behaviourFeatures } from './features.ts';
import { amount } from './format.ts';
import { discountCeiling, explainOffer, type Offer, offerFor } from './offer.ts';
import { toneFor } from './tone.ts';
import type { ActingStrategy, Decision, DecisionInput, DecisionOffering } from './types.ts';
import { combineWaits, type WaitReason, waitReasons } from './wait-rules.ts';

export type DecideOptions = {
  /**
   * The strategy an operator picked by hand (seed 000's create-attempt with a strategy). It
   * overrules the rules' choice and their judgement that waiting is better (a booking ahead, the
   * off-season), never a policy (an open attempt, the attempt limits, a refusal's cool-down); the
   * offer is still bounded by the strategy's ceiling, the margin and the ladder. 'WAIT' waits.
   */
  readonly strategy?: Strategy;
};

/**
 * Whether to try to win this customer back now, with which strategy and which offer (seed 000's
 * should_attempt, select_strategy and calculate_max_discount in one). Pure: the clock and every
 * fact come in `input`; the same input always gives the same decision, explained.
 */
export function decide(
  input: DecisionInput,
  settings: ReactivationSettings,
  options: DecideOptions = {},
): Decision {
  const features = behaviourFeatures(input.visits, input.staffNames, input.now);
  const tone = toneFor(input.customer.daysInactive, settings);
  const staffId = features.staffLoyalty.mention ? features.staffLoyalty.favouriteStaffId : null;
  const forced = options.strategy;
  const allWaits = waitReasons(input, features, settings);
  const waits = forced ? allWaits.filter((reason) => reason.kind === 'policy') : allWaits;
  if (forced === 'WAIT') waits.push(OPERATOR_WAIT);
  if (waits.length > 0) return waitDecision(input, features, tone, staffId, waits);

  const suggested = chooseStrategy(input, features, settings);
  const overruled = allWaits.filter((reason) => reason.kind === 'judgement');
  const chosen = forced && forced !== 'WAIT' ? operatorChoice(forced, suggested, overruled) : suggested;
  const offerings = suggestedOfferings(chosen, input);
  const ceiling = discountCeiling(chosen.strategy, offerings, settings);
  const offer = offerFor(chosen.strategy, input.attemptNumber, tone, ceiling, settings);
  return {
    action: 'attempt',
    strategy: chosen.strategy,
    tone,
    maxDiscountPct: ceiling.maxDiscountPct,
    offerPct: offer.offerPct,
    suggestedOfferingIds: offerings.map((offering) => offering.id),
    staffId,
    params: attemptParams(input, chosen, offer, settings),
    features,
    explanation: [
      whyTry(input),
      ...chosen.explanation,
      ...explainOffer(chosen.strategy, input.attemptNumber, offer, settings.policy.offerStepPct),
      `Tone ${tone}: ${Math.round(input.customer.daysInactive)} days since the last visit.`,
    ],
    waitUntil: null,
  };
}

const OPERATOR_WAIT: WaitReason = {
  rule: 'operator',
  kind: 'policy',
  until: null,
  sentence: 'The operator chose to wait.',
};

/** The operator's strategy, with what the rules would have done and the judgement overruled. */
function operatorChoice(
  strategy: ActingStrategy,
  suggested: StrategyChoice,
  overruled: readonly WaitReason[],
): StrategyChoice {
  const rules =
    suggested.strategy === strategy
      ? 'The rules agree.'
      : `The rules would pick ${suggested.strategy}: ${suggested.explanation[0] ?? ''}`;
  return {
    ...suggested,
    strategy,
    rule: 'operator',
    explanation: [
      `Strategy chosen by the operator: ${strategy}.`,
      rules,
      ...overruled.map((reason) => `Tried anyway: ${reason.sentence}`),
    ],
    params: { ...suggested.params, rule: 'operator', suggestedStrategy: suggested.strategy },
  };
}

function waitDecision(
  input: DecisionInput,
  features: BehaviourFeatures,
  tone: Tone,
  staffId: string | null,
  reasons: readonly WaitReason[],
): Decision {
  const { until, ordered } = combineWaits(reasons);
  return {
    action: 'wait',
    strategy: 'WAIT',
    tone,
    maxDiscountPct: 0,
    offerPct: 0,
    suggestedOfferingIds: input.primaryOffering ? [input.primaryOffering.id] : [],
    staffId,
    params: { waitRules: ordered.map((reason) => reason.rule), attemptNumber: input.attemptNumber },
    features,
    explanation: ordered.map((reason) => reason.sentence),
    waitUntil: until,
  };
}

/** PRODUCT_MIX suggests what the customer has not tried; the others the customer's usual offering. */
function suggestedOfferings(chosen: StrategyChoice, input: DecisionInput): DecisionOffering[] {
  if (chosen.strategy === 'PRODUCT_MIX' && chosen.newOfferings.length > 0) return chosen.newOfferings;
  return input.primaryOffering ? [input.primaryOffering] : [];
}

function whyTry(input: DecisionInput): string {
  const { customer } = input;
  const alive = customer.pAlive === null ? '' : ` (P(alive) ${customer.pAlive.toFixed(2)})`;
  return (
    `${customer.state}: ${Math.round(customer.daysInactive)} days since the last visit against an expected ` +
    `${Math.round(customer.expectedIntervalDays)}; ${amount(customer.valueAtRisk)} at risk${alive}; ` +
    `attempt ${input.attemptNumber} of this lapse.`
  );
}

function attemptParams(
  input: DecisionInput,
  chosen: StrategyChoice,
  offer: Offer,
  settings: ReactivationSettings,
): Record<string, unknown> {
  const { ceiling } = offer;
  return {
    ...chosen.params,
    attemptNumber: input.attemptNumber,
    ...(chosen.strategy === 'PRODUCT_MIX' && input.primaryOffering
      ? { usualOfferingId: input.primaryOffering.id }
      : {}),
    offer: {
      strategyCeilingPct: ceiling.strategyPct,
      marginAllowancePct: ceiling.marginAllowancePct,
      marginFloorPct: ceiling.marginFloorPct,
      limitingOfferingId: ceiling.limitingOffering?.id ?? null,
      ladderRung: offer.rung,
      ladderShare: offer.ladderShare,
      heldForGentleTone: offer.heldForGentleTone,
      stepPct: settings.policy.offerStepPct,
    },
  };
}
