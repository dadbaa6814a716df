import { z } from 'zod';
import { booleanQuery, instantQuery, isoDateTime, pageQuerySchema } from './common.ts';
import { lifecycleStateSchema } from './customers.ts';

/** Detection: candidates, a customer's insights, model fits and tenant medians. */

const asOfQuery = instantQuery
  .optional()
  .describe('evaluate as of this instant (a plain date is midnight in the tenant zone); default now');

export const exclusionCodeSchema = z.enum([
  'blacklisted',
  'opted_out',
  'snoozed',
  'upcoming_booking',
  'contacted_today',
  'active_attempt',
  'max_attempts',
  'min_gap',
]);
export const intervalSourceSchema = z.enum(['manual', 'personal', 'tenant_median', 'industry', 'default']);
const tierSchema = z.enum(['vip', 'regular', 'new']);
const caseSchema = z.enum(['reactivation', 'onboarding', 'none']);

export const candidatesQuerySchema = pageQuerySchema.extend({
  asOf: asOfQuery,
  state: z
    .string()
    .max(100)
    .transform((value, ctx) => {
      const states = value.split(',').map((s) => s.trim());
      const parsed = z.array(lifecycleStateSchema).safeParse(states);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'states among NEW, ACTIVE, AT_RISK, STALLED, CHURNED' });
        return z.NEVER;
      }
      return parsed.data;
    })
    .optional()
    .describe('one state or several, comma-separated: AT_RISK,STALLED'),
  minRisk: z.coerce.number().min(0).max(1).optional(),
  vip: booleanQuery,
  offeringId: z.uuid().optional().describe('customers whose primary offering this is'),
  all: booleanQuery.describe('every customer, candidate or not (candidates first)'),
});
export type CandidatesQuery = z.infer<typeof candidatesQuerySchema>;

const exclusionSchema = z.object({ code: exclusionCodeSchema, detail: z.string() });

const intervalSchema = z.object({
  days: z.number(),
  source: intervalSourceSchema,
  confidence: z.number(),
  explanation: z.string(),
  offeringId: z.uuid().nullable(),
  offeringName: z.string().nullable(),
});

export const candidateSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  name: z.string().nullable(),
  vip: z.boolean(),
  state: lifecycleStateSchema,
  storedState: lifecycleStateSchema,
  everActive: z.boolean(),
  case: caseSchema,
  onboardingOverdue: z.boolean(),
  candidate: z.boolean(),
  reasons: z.array(z.string()),
  exclusions: z.array(exclusionSchema),
  visitCount: z.number().int(),
  lastVisitAt: isoDateTime.nullable(),
  daysSinceLast: z.number().nullable(),
  overdueRatio: z.number().nullable(),
  next: z.object({ state: lifecycleStateSchema, at: isoDateTime }).nullable(),
  interval: intervalSchema,
  riskScore: z.number().min(0).max(1),
  pAlive: z.number().nullable(),
  pNoReturn: z.number().nullable().describe('P(no visit within one more expected interval), from the model'),
  expectedPurchases: z.number().nullable().describe('expected visits over the next year'),
  expectedValue: z.number().nullable(),
  valueIfRetained: z.number(),
  valueAtRisk: z.number().describe('riskScore × valueIfRetained'),
  tier: tierSchema,
  nextBookingAt: isoDateTime.nullable(),
});
export type CandidateJson = z.infer<typeof candidateSchema>;

const summarySchema = z.object({
  customers: z.number().int(),
  candidates: z.number().int(),
  byState: z.record(lifecycleStateSchema, z.number().int()),
  eligible: z.number().int(),
  excluded: z.record(exclusionCodeSchema, z.number().int()),
  onboarding: z.object({ total: z.number().int(), overdue: z.number().int() }),
  stateChanges: z.number().int(),
  skipped: z.number().int(),
});

export const candidatesResponseSchema = z.object({
  asOf: isoDateTime,
  persisted: z.boolean().describe('scanned the present, so lifecycle state changes were stored'),
  items: z.array(candidateSchema),
  nextCursor: z.string().nullable(),
  matched: z.number().int(),
  summary: summarySchema,
  skipped: z.array(z.object({ id: z.uuid(), externalId: z.string(), error: z.string() })),
  model: z.object({ fitId: z.uuid(), asOf: isoDateTime, fittedNow: z.boolean() }).nullable(),
  modelNote: z.string(),
  medians: z.object({ asOf: isoDateTime, recomputed: z.boolean() }),
  timings: z.object({ prepareMs: z.number(), evaluateMs: z.number(), totalMs: z.number() }),
});

export const insightsQuerySchema = z.object({ asOf: asOfQuery });

const transitionSchema = z.object({
  from: lifecycleStateSchema.nullable(),
  to: lifecycleStateSchema,
  at: isoDateTime,
  reason: z.string(),
});

const shareSchema = z.object({ key: z.string(), count: z.number().int(), share: z.number() });
const preferenceSchema = z.object({
  preferred: z.string().nullable(),
  shares: z.array(shareSchema),
  confidence: z.number(),
});

export const insightsSchema = z.object({
  customer: z.object({ id: z.uuid(), externalId: z.string(), name: z.string().nullable(), vip: z.boolean() }),
  asOf: isoDateTime,
  state: z.object({
    current: lifecycleStateSchema,
    stored: lifecycleStateSchema,
    everActive: z.boolean(),
    since: isoDateTime.nullable().describe('when the customer entered the current state'),
    reason: z.string(),
    next: z.object({ state: lifecycleStateSchema, at: isoDateTime }).nullable(),
    daysSinceLast: z.number().nullable(),
    overdueRatio: z.number().nullable(),
  }),
  history: z.object({
    stored: z.array(transitionSchema).describe('transitions stored by scans of the present'),
    replayed: z.array(transitionSchema).describe("the customer's visits up to asOf replayed"),
  }),
  intervals: z.array(
    z.object({
      offeringId: z.uuid().nullable(),
      offeringName: z.string().nullable(),
      primary: z.boolean(),
      visits: z.number().int(),
      intervalDays: z.number(),
      source: intervalSourceSchema,
      confidence: z.number(),
      explanation: z.string(),
      steps: z.array(z.object({ source: intervalSourceSchema, used: z.boolean(), reason: z.string() })),
    }),
  ),
  model: z
    .object({
      fitId: z.uuid(),
      fitAsOf: isoDateTime,
      x: z.number().int(),
      tx: z.number(),
      T: z.number(),
      monetary: z.number(),
      pAlive: z.number(),
      pNoReturn: z.number(),
      expectedPurchases: z.number(),
      expectedValue: z.number(),
    })
    .nullable(),
  modelNote: z.string(),
  risk: z.object({
    riskScore: z.number(),
    valueIfRetained: z.number(),
    valueAtRisk: z.number(),
    tier: tierSchema,
  }),
  preferences: z.object({
    visitCount: z.number().int(),
    timeOfDay: preferenceSchema,
    weekdays: z.object({
      preferred: z.array(z.string()),
      shares: z.array(shareSchema),
      confidence: z.number(),
    }),
    staff: preferenceSchema,
    offerings: preferenceSchema,
    regularity: z.object({
      kind: z.enum(['regular', 'irregular', 'unknown']),
      variation: z.number().nullable(),
      medianGapDays: z.number().nullable(),
      confidence: z.number(),
    }),
  }),
  candidate: z.object({
    candidate: z.boolean(),
    case: caseSchema,
    onboardingOverdue: z.boolean(),
    reasons: z.array(z.string()),
    exclusions: z.array(exclusionSchema),
    nextBookingAt: isoDateTime.nullable(),
  }),
});
export type Insights = z.infer<typeof insightsSchema>;

/** POST bodies that only carry an optional asOf; no body at all means now. */
export const asOfBodySchema = z.object({ asOf: instantQuery.optional() }).nullish();

export const modelFitResponseSchema = z.object({
  asOf: isoDateTime,
  customers: z.number().int(),
  repeatCustomers: z.number().int(),
  timeUnit: z.literal('week'),
  bgnbd: z.object({
    id: z.uuid(),
    params: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
    logLikelihood: z.number(),
    converged: z.boolean(),
    groups: z.number().int(),
    durationMs: z.number(),
  }),
  gammaGamma: z.union([
    z.object({
      id: z.uuid(),
      params: z.object({ p: z.number(), q: z.number(), gamma: z.number() }),
      logLikelihood: z.number(),
      converged: z.boolean(),
      customers: z.number().int(),
      durationMs: z.number(),
    }),
    z.object({ id: z.null(), error: z.string() }),
  ]),
  timings: z.object({ summaryMs: z.number(), fitMs: z.number(), totalMs: z.number() }),
});

export const mediansResponseSchema = z.object({
  asOf: isoDateTime,
  computedAt: isoDateTime,
  durationMs: z.number(),
  minSamples: z.number().int(),
  medians: z.array(
    z.object({
      offeringId: z.uuid().nullable().describe('null: over all visits, whatever the offering'),
      offeringName: z.string().nullable(),
      medianDays: z.number().nullable(),
      samples: z.number().int(),
      trusted: z.boolean().describe('enough samples for the waterfall to use it'),
    }),
  ),
});
