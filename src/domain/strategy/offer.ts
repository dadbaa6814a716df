import type { Strategy, Tone } from '../reactivation/attempt.ts';
import type { ReactivationSettings } from '../settings/reactivation.ts';
import { percent } from './format.ts';
import type { DecisionOffering } from './types.ts';

/**
 * The strategies whose lever is the discount itself. They start one rung up the offer ladder (an
 * INCENTIVE_DISCOUNT that offers nothing is no incentive), and only they may put an offer into a
 * gentle message, from the second attempt on.
 */
export const DISCOUNT_LED: readonly Strategy[] = ['INCENTIVE_DISCOUNT', 'SPECIAL_CONDITION'];

/** Tolerance for binary floating point when rounding down to a step: 100 · 0.29 is 28.999999999999996, meant as 29. */
const EPSILON = 1e-9;

/**
 * Computed percentages carry binary noise (0.29 · 100 − 15 is 13.999999999999996, meant as 14);
 * rounding to a millionth of a percent removes it without moving any real limit.
 */
function denoise(pct: number): number {
  return Math.round(pct * 1e6) / 1e6;
}

export type Ceiling = {
  /** The tenant's ceiling for the strategy (0 for WAIT). */
  readonly strategyPct: number;
  /** What the tightest known margin allows above the floor; null when no margin is known. */
  readonly marginAllowancePct: number | null;
  /** The offering whose margin sets the allowance. */
  readonly limitingOffering: DecisionOffering | null;
  readonly marginFloorPct: number;
  /** min(strategy, allowance), rounded down to a whole percent. */
  readonly maxDiscountPct: number;
};

/**
 * The most a strategy may offer on these offerings: the tenant's ceiling for it, and never more
 * than leaves `marginFloorPct` of the price as margin on any of them (a discount d on margin m
 * leaves m − d of the price). Offerings without a known margin are bound by the strategy ceiling
 * alone.
 */
export function discountCeiling(
  strategy: Strategy,
  offerings: readonly DecisionOffering[],
  settings: ReactivationSettings,
): Ceiling {
  const strategyPct = strategy === 'WAIT' ? 0 : settings.policy.discountCeilingPct[strategy];
  let limitingOffering: DecisionOffering | null = null;
  let marginAllowancePct: number | null = null;
  for (const offering of offerings) {
    if (offering.margin === null || !Number.isFinite(offering.margin)) continue;
    const allowance = Math.max(0, denoise(offering.margin * 100 - settings.policy.marginFloorPct));
    if (marginAllowancePct === null || allowance < marginAllowancePct) {
      marginAllowancePct = allowance;
      limitingOffering = offering;
    }
  }
  const bound = Math.min(strategyPct, marginAllowancePct ?? strategyPct);
  return {
    strategyPct,
    marginAllowancePct,
    limitingOffering,
    marginFloorPct: settings.policy.marginFloorPct,
    maxDiscountPct: Math.floor(bound),
  };
}

export type Offer = {
  readonly ceiling: Ceiling;
  /** The rung of the ladder used (0-based) and its share of the ceiling. */
  readonly rung: number;
  readonly ladderShare: number;
  /** Held back to nothing because the tone is gentle. */
  readonly heldForGentleTone: boolean;
  /** A multiple of `offerStepPct`, 0 ≤ offerPct ≤ ceiling.maxDiscountPct. */
  readonly offerPct: number;
};

/**
 * The discount this attempt offers: the ladder's share of the ceiling for the attempt's rung,
 * rounded down to the tenant's step. A gentle message (the customer is only just late) makes no
 * offer — a discount to someone who might have come anyway only costs margin — except from a
 * discount-led strategy that has already been ignored once.
 */
export function offerFor(
  strategy: Strategy,
  attemptNumber: number,
  tone: Tone,
  ceiling: Ceiling,
  settings: ReactivationSettings,
): Offer {
  const attempt = Number.isFinite(attemptNumber) ? Math.max(1, Math.floor(attemptNumber)) : 1;
  const ladder = settings.progressiveOffers;
  const discountLed = DISCOUNT_LED.includes(strategy);
  const rung = Math.min(attempt - 1 + (discountLed ? 1 : 0), ladder.length - 1);
  const ladderShare = ladder[rung] ?? 0;
  const heldForGentleTone = tone === 'gentle' && !(discountLed && attempt >= 2);
  const step = settings.policy.offerStepPct;
  const raw = heldForGentleTone ? 0 : ceiling.maxDiscountPct * ladderShare;
  const offerPct = Math.min(ceiling.maxDiscountPct, Math.floor(raw / step + EPSILON) * step);
  return { ceiling, rung, ladderShare, heldForGentleTone, offerPct };
}

/** Why the offer is what it is, most important first. */
export function explainOffer(
  strategy: Strategy,
  attemptNumber: number,
  offer: Offer,
  step: number,
): string[] {
  const { ceiling } = offer;
  const lines = [ceilingSentence(strategy, ceiling)];
  if (ceiling.maxDiscountPct === 0) return lines;
  if (offer.heldForGentleTone) {
    lines.unshift(
      DISCOUNT_LED.includes(strategy)
        ? 'No discount on a gentle first touch: the customer is only just late; the discount follows if this one is ignored.'
        : 'No discount in a gentle message: the customer is only just late, and a discount would mostly cost margin.',
    );
  } else if (offer.offerPct === 0) {
    lines.unshift(
      offer.ladderShare === 0
        ? `No discount on attempt ${attemptNumber}: the offer ladder gives this attempt none of the ${ceiling.maxDiscountPct}% ceiling.`
        : `No discount: ${percent(offer.ladderShare)} of the ${ceiling.maxDiscountPct}% ceiling is below one ${step}% step.`,
    );
  } else {
    lines.unshift(
      `Offers ${offer.offerPct}% on attempt ${attemptNumber}: ${percent(offer.ladderShare)} of the ${ceiling.maxDiscountPct}% ceiling, in ${step}% steps.`,
    );
  }
  return lines;
}

function ceilingSentence(strategy: Strategy, ceiling: Ceiling): string {
  const { limitingOffering, marginAllowancePct, strategyPct } = ceiling;
  const marginBinds = marginAllowancePct !== null && marginAllowancePct < strategyPct;
  if (!marginBinds || !limitingOffering || limitingOffering.margin === null) {
    return strategyPct === 0
      ? `No discount: ${strategy} allows none.`
      : `Discount ceiling ${ceiling.maxDiscountPct}%: the tenant's limit for ${strategy}.`;
  }
  const margin = percent(limitingOffering.margin);
  const floor = `${ceiling.marginFloorPct}% floor`;
  return ceiling.maxDiscountPct === 0
    ? `No discount: the ${margin} margin on ${limitingOffering.name} leaves nothing above the ${floor}.`
    : `Discount ceiling ${ceiling.maxDiscountPct}% (below the ${strategyPct}% for ${strategy}): the ${margin} margin on ${limitingOffering.name} must keep its ${floor}.`;
}
