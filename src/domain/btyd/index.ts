/**
 * Customer-base analysis ("buy 'til you die"): who is still a customer, how much they will buy,
 * and what that is worth. Pure functions over recency–frequency–monetary summaries.
 */
export {
  type BgNbdFit,
  type BgNbdFitOptions,
  expectedPurchases,
  expectedPurchasesUnconditional,
  fitBgNbd,
  probabilityAlive,
} from './bg-nbd.ts';
export { type BgNbdParams, bgNbdCustomerLogLikelihood, bgNbdLogLikelihood } from './bg-nbd-likelihood.ts';
export {
  type CustomerGroups,
  compressCustomers,
  type RecencyFrequency,
  type WeightedRecencyFrequency,
} from './customer-groups.ts';
export { type CustomerValue, type CustomerValueOptions, expectedCustomerValue } from './customer-value.ts';
export {
  expectedSpend,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
  populationMeanSpend,
  type SpendHistory,
} from './gamma-gamma.ts';
export { currentPurchaseRate, quietChance } from './quiet-chance.ts';
export {
  type CustomerSummary,
  type DateInput,
  dayNumberToIso,
  type SummarizeOptions,
  summarize,
  type TimeUnit,
  type Transaction,
  utcDayNumber,
} from './summarize.ts';
