/**
 * Detection use cases: who is slipping away, why, and how much is at risk.
 * scan → candidates; customerInsights → one customer explained; fitModel and
 * recomputeTenantMedians → what the scan stands on.
 */
export type {
  CustomerEvaluation,
  Exclusion,
  ExclusionCode,
  PriorityTier,
  SkippedCustomer,
} from './evaluation.ts';
export { type CustomerInsights, customerInsights } from './insights.ts';
export { type RecomputedMedians, recomputeTenantMedians } from './medians.ts';
export { fitModel, type ModelFitResult } from './model.ts';
export {
  type PreparedScan,
  prepareScan,
  type ScanFilters,
  type ScanOptions,
  type ScanResult,
  type ScanSummary,
  scan,
  scanChunks,
} from './scan.ts';
