/**
 * Expected intervals: how often a customer should come back for an offering, and why we think so.
 */
export {
  type ExpectedInterval,
  type ExpectedIntervalInput,
  expectedInterval,
  type IntervalSource,
  type IntervalStep,
} from './expected-interval.ts';
export {
  coefficientOfVariation,
  gapsInDays,
  median,
  robustVariation,
  type VariationMeasure,
  type VisitDay,
  variation,
  visitDays,
} from './gaps.ts';
export { INDUSTRY_STANDARDS } from './industry-standards.ts';
export { type IndustryMatch, matchIndustryStandard } from './match-industry-standard.ts';
export { normalizeText, tokenize } from './normalize-text.ts';
export { type PersonalRhythm, personalRhythm } from './personal-rhythm.ts';
export {
  type IndustryStandard,
  type KeywordLanguage,
  SERVICE_TYPE_ALIASES,
  SERVICE_TYPES,
  type ServiceType,
} from './standard-types.ts';
