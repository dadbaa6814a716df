import { z } from 'zod';
import { LAPSED_STATES } from '../lifecycle/states.ts';
import { deepFreeze, type ParsedSettings, parseSettings } from './parse-settings.ts';

/**
 * How a tenant decides who is slipping away: stored as `tenants.settings.detection`, every field
 * optional, missing ones filled from the defaults below. Unknown keys are rejected rather than
 * dropped, so a typo (`atRiskAftr`) is reported instead of silently having no effect.
 */

const multiple = z.number().finite().positive();
const days = z.number().finite().positive();
const count = (min: number) => z.number().int().min(min);
const weight = z.number().finite().min(0);

const lifecycleSchema = z
  .strictObject({
    /**
     * Lifecycle thresholds as multiples of the customer's expected interval, measured from the
     * last completed visit. 1.5× leaves room for ordinary lateness (a 4-week haircut done in
     * week 5 is normal) while still flagging someone a week or two late; 2× means a whole visit
     * was skipped; 4× means three were — seed 003's 30/60/90-day waves and seed 000's "AT_RISK,
     * inactive 45 days" on a ~30-day reorder cycle both sit on this scale.
     */
    atRiskAfter: multiple.default(1.5),
    stalledAfter: multiple.default(2),
    churnedAfter: multiple.default(4),
    /**
     * Optional absolute cap: CHURNED once this many days have passed, whatever the interval.
     * Unset by default — the relative thresholds already adapt to annual services (a dental
     * check-up every 180 days churns after two years, not one); set it when the business
     * considers anybody gone after, say, 365 days.
     */
    churnAfterDays: days.optional(),
  })
  .prefault({})
  .check((ctx) => {
    const { atRiskAfter, stalledAfter, churnedAfter } = ctx.value;
    if (stalledAfter <= atRiskAfter) {
      ctx.issues.push({
        code: 'custom',
        input: stalledAfter,
        path: ['stalledAfter'],
        message: `must be greater than atRiskAfter (${atRiskAfter})`,
      });
    }
    if (churnedAfter <= stalledAfter) {
      ctx.issues.push({
        code: 'custom',
        input: churnedAfter,
        path: ['churnedAfter'],
        message: `must be greater than stalledAfter (${stalledAfter})`,
      });
    }
  });

const activationSchema = z
  .strictObject({
    /**
     * NEW → ACTIVE: this many completed visits (on distinct days) in a row, each within
     * `maxGapMultiple` × the expected interval of the one before. Two visits is the smallest
     * evidence of a habit; a single visit proves nothing (seed 000: reactivation is for accounts
     * that proved value, a failed onboarding is a different problem).
     */
    minVisits: count(2).default(2),
    /**
     * A second visit counts as "coming back" when it falls before the customer would have been
     * STALLED (2×): a return after a longer absence is closer to a fresh first visit, so the
     * customer stays NEW and the count restarts from it.
     */
    maxGapMultiple: multiple.default(2),
  })
  .prefault({});

const personalRhythmSchema = z
  .strictObject({
    /** Visits for one offering before their gaps can be the customer's own rhythm: 4 visits = 3 gaps. */
    minVisits: count(3).default(4),
    /**
     * How much the gaps may vary and still be a rhythm. `robust` = 1.4826 × MAD / median (the
     * median absolute deviation, scaled to equal the coefficient of variation for normally
     * distributed gaps); `cv` = sample standard deviation / mean. Robust is the default for the
     * reason seed 003 prefers the median: gaps [25, 26, 28, 27, 180] — one holiday — have a CV of
     * 1.2 (not a rhythm) but a robust variation of 0.05 (clearly a 27-day rhythm).
     */
    variationMeasure: z.enum(['robust', 'cv']).default('robust'),
    /** 0.5: a gap typically within ±50% of the usual one; beyond that the median says little. */
    maxVariation: z.number().finite().positive().default(0.5),
    /** Only the most recent gaps count, so a customer whose habits changed is judged by the new ones. */
    recentGaps: count(3).default(8),
  })
  .prefault({});

const tenantMedianSchema = z
  .strictObject({
    /** Seed 003: the tenant's median interval for an offering is trusted from 10 samples. */
    minSamples: count(1).default(10),
  })
  .prefault({});

const eligibilitySchema = z
  .strictObject({
    /**
     * The lapsed states a once-ACTIVE customer can be won back from. Seed 000 targets STALLED and
     * AT_RISK only: by CHURNED (4× the interval) the odds of winning someone back are low and an
     * unexpected message is more likely to be reported as spam, which hurts the sender's health.
     * A tenant running a deliberate win-back campaign adds 'CHURNED'.
     */
    states: z
      .array(z.enum(LAPSED_STATES))
      .min(1)
      .default(['AT_RISK', 'STALLED'])
      .transform((states) => [...new Set(states)]),
  })
  .prefault({});

const scanSchema = z
  .strictObject({
    /** Seed 000's card reads "attempt 1 of 3": at most 3 attempts per lapse (a return resets it). */
    maxAttemptsPerLapse: count(1).default(3),
    /** Seed 003 sent its waves 30 days apart (30/60/90 days inactive): one attempt per 30 days. */
    minDaysBetweenAttempts: z.number().finite().min(0).default(30),
    /** Seed 003: a customer with an upcoming booking is not slipping away. */
    skipWithUpcomingBooking: z.boolean().default(true),
  })
  .prefault({});

const riskSchema = z
  .strictObject({
    /**
     * Steepness k of the logistic curve on the overdue ratio, centred on `atRiskAfter`:
     * k = 4.4 ≈ 2·ln 9 puts the score at 0.1 half an interval before the AT_RISK threshold and
     * at 0.9 half an interval after it.
     */
    steepness: z.number().finite().positive().default(4.4),
    /**
     * Weight of the model's term when a model is fitted; the overdue curve gets the rest. 0.8
     * ranked best on the two histories measured (ROC AUC for "does not come back", bench/cdnow-auc.ts
     * and a 90-day holdout of the demo salon): on the salon, 0.915 against 0.902 for the model
     * alone and 0.848 for the overdue curve alone — the curve adds the customer's rhythm, which
     * the model does not see; on CDNOW, whose purchases have no rhythm, 0.773 and 0.764 against
     * 0.772 and 0.763 for the best baseline.
     */
    modelWeight: z.number().min(0).max(1).default(0.8),
  })
  .prefault({});

const prioritySchema = z
  .strictObject({
    /**
     * Seed 004 orders candidates VIP → regular → new. The VIP boost is added to a score whose
     * weighted parts are each in 0..1, so a boost ≥ the sum of the weights puts every VIP first.
     */
    vipBoost: weight.default(1),
    weights: z
      .strictObject({
        /** The risk score (riskScore). */
        risk: weight.default(0.4),
        /** Value at risk, scaled 0..1 across the tenant's candidates. */
        value: weight.default(0.4),
        /** How established the customer is (visit count, scaled): regulars before newcomers. */
        loyalty: weight.default(0.2),
      })
      .prefault({}),
  })
  .prefault({});

export const detectionSettingsSchema = z
  .strictObject({
    lifecycle: lifecycleSchema,
    activation: activationSchema,
    personalRhythm: personalRhythmSchema,
    tenantMedian: tenantMedianSchema,
    /** The last level of the interval waterfall: a month suits most repeat businesses. */
    defaultIntervalDays: days.default(30),
    eligibility: eligibilitySchema,
    scan: scanSchema,
    risk: riskSchema,
    priority: prioritySchema,
  })
  .prefault({});

export type DetectionSettings = z.output<typeof detectionSettingsSchema>;
export type DetectionSettingsInput = z.input<typeof detectionSettingsSchema>;

export type ParsedDetectionSettings = ParsedSettings<DetectionSettings>;

/** Parses stored or submitted detection settings, filling defaults; every bad field reported with its path. */
export function parseDetectionSettings(input: unknown): ParsedDetectionSettings {
  return parseSettings(detectionSettingsSchema, input);
}

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = deepFreeze(
  detectionSettingsSchema.parse(undefined),
);
export type { SettingsIssue } from './parse-settings.ts';
