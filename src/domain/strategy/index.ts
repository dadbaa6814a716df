/**
 * Strategy: whether to try to win a lapsed customer back, how (seed 000's five strategies), with
 * which offer within which limits, in which tone, and who is held out as control.
 */
export {
  chooseStrategy,
  MAX_NEW_OFFERINGS,
  MIN_POPULARITY,
  type StrategyChoice,
  type StrategyRule,
} from './choose-strategy.ts';
export { controlKey, isControl, uniformFromKey } from './control.ts';
export { type DecideOptions, decide } from './decide.ts';
export { bestMeasured, type Measured, measured } from './effectiveness.ts';
export { escalationReason } from './escalation.ts';
export { type BehaviourFeatures, behaviourFeatures } from './features.ts';
export { failedInLapse, lapseStart } from './lapse.ts';
export { type Ceiling, DISCOUNT_LED, discountCeiling, type Offer, offerFor } from './offer.ts';
export {
  DISCOUNT_TOLERANCE,
  MIN_DISCOUNTED_VISITS,
  PRICE_SENSITIVE_SHARE,
  type PriceSensitivity,
  priceSensitivity,
} from './price-sensitivity.ts';
export {
  MAX_SEASON_MONTHS,
  MIN_SEASONAL_VISITS,
  MIN_SEASONS,
  SEASON_LEAD_DAYS,
  SEASON_SHARE,
  type Seasonality,
  seasonality,
} from './seasonality.ts';
export {
  MENTION_STAFF_SHARE,
  MIN_VISITS_TO_MENTION,
  MIN_VISITS_WITH_FAVOURITE,
  STRONG_STAFF_SHARE,
  type StaffLoyalty,
  staffLoyalty,
} from './staff-loyalty.ts';
export { toneFor } from './tone.ts';
export type {
  ActingStrategy,
  Decision,
  DecisionInput,
  DecisionOffering,
  DecisionVisit,
  PreviousAttempt,
} from './types.ts';
export {
  FIRST_TRY_SHARE,
  MIN_VARIETY_VISITS,
  RECENT_VISITS,
  type VarietySeeking,
  varietySeeking,
} from './variety-seeking.ts';
export {
  AFTER_BOOKING_DAYS,
  combineWaits,
  type WaitReason,
  type WaitRule,
  waitReasons,
} from './wait-rules.ts';
