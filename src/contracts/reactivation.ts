import { z } from 'zod';
import { LIFECYCLE_STATES } from '../domain/lifecycle/states.ts';
import { ATTEMPT_STATUSES, OUTCOMES, STRATEGIES, TONES } from '../domain/reactivation/attempt.ts';
import { instantQuery, isoDateTime, listQuery, pageQuerySchema, pageSchema } from './common.ts';

const lifecycleStateSchema = z.enum(LIFECYCLE_STATES);
export const strategySchema = z.enum(STRATEGIES);
export const attemptStatusSchema = z.enum(ATTEMPT_STATUSES);
export const outcomeSchema = z.enum(OUTCOMES);

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

const slotSchema = z.object({
  start: isoDateTime,
  end: isoDateTime,
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
});

const eventSchema = z.object({
  at: isoDateTime,
  actor: z.string(),
  from: attemptStatusSchema.nullable(),
  to: attemptStatusSchema,
  note: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()),
});

export const attemptSchema = z.object({
  id: z.uuid(),
  customer: z.object({ id: z.uuid(), externalId: z.string(), name: z.string().nullable() }),
  status: attemptStatusSchema,
  control: z.boolean().describe('held out: recorded, never sent — the baseline for lift'),
  attemptNumber: z.number().int(),
  origin: z.enum(['daily_run', 'plan', 'api']),
  trigger: z.object({
    state: lifecycleStateSchema.nullable(),
    reason: z.string().nullable(),
    daysInactive: z.number().int().nullable(),
  }),
  valueAtRisk: z.number().nullable(),
  strategy: strategySchema.nullable(),
  strategyParams: z.record(z.string(), z.unknown()),
  tone: z.enum(TONES).nullable(),
  explanation: z.array(z.string()).describe('why this customer, why now, why this strategy and offer'),
  maxDiscountPct: z.number().nullable(),
  offerPct: z.number().nullable(),
  offering: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  suggestedOfferings: z.array(z.object({ id: z.string(), name: z.string() })),
  staff: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  suggestedSlot: slotSchema.nullable(),
  slotOptions: z.array(slotSchema),
  message: z
    .object({
      text: z.string(),
      source: z.string().describe("'model', 'operator' (edited) or the template id"),
      locale: z.string().nullable(),
      meta: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  waitUntil: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  assignedTo: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: isoDateTime.nullable(),
  cancelReason: z.string().nullable(),
  channel: z.string().nullable(),
  contactCount: z.number().int(),
  lastContactedAt: isoDateTime.nullable(),
  startedAt: isoDateTime.nullable(),
  outcome: outcomeSchema.nullable(),
  outcomeNotes: z.string().nullable(),
  nextOrderAt: isoDateTime.nullable(),
  nextOrderValue: z.number().nullable(),
  discountGivenPct: z.number().nullable(),
  cost: z.number(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  history: z.array(eventSchema).optional().describe('every status change: who, when, from, to'),
});

export const attemptPageSchema = pageSchema(attemptSchema);

/** Filters shared by the attempt list, the inbox and batch decisions. */
const filterShape = {
  strategy: listQuery(STRATEGIES).describe('comma-separated strategies'),
  triggerState: listQuery(LIFECYCLE_STATES).describe(
    'the lifecycle state that triggered the attempt, comma-separated',
  ),
  offeringId: z.uuid().optional().describe("the customer's primary offering when the attempt was made"),
  minValue: z.coerce.number().min(0).optional().describe('value at risk at least'),
  maxValue: z.coerce.number().min(0).optional().describe('value at risk at most'),
  olderThanHours: z.coerce.number().min(0).optional().describe('created at least this many hours ago'),
  newerThanHours: z.coerce.number().min(0).optional().describe('created at most this many hours ago'),
};

export const attemptListQuerySchema = pageQuerySchema.extend({
  ...filterShape,
  status: listQuery(ATTEMPT_STATUSES).describe('comma-separated statuses'),
  control: booleanFlag,
  customerId: z.uuid().optional(),
});

export const inboxQuerySchema = pageQuerySchema.extend(filterShape);

/** A batch filter in a JSON body (same fields as the inbox query, typed). */
export const batchFilterSchema = z
  .strictObject({
    strategy: z.array(strategySchema).min(1).optional(),
    triggerState: z.array(lifecycleStateSchema).min(1).optional(),
    offeringId: z.uuid().optional(),
    minValue: z.number().min(0).optional(),
    maxValue: z.number().min(0).optional(),
    olderThanHours: z.number().min(0).optional(),
    newerThanHours: z.number().min(0).optional(),
    ids: z.array(z.uuid()).min(1).max(1000).optional(),
  })
  .describe('which suggestions: every field narrows; {} means the whole inbox');

const actorField = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe("who acts; default: the API key's name");

export const approveBodySchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(4000)
      .optional()
      .describe('the message as edited; checked before it is accepted'),
    note: z.string().max(500).optional(),
    actor: actorField,
  })
  .nullish();

export const rejectBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
  actor: actorField,
});

export const batchApproveBodySchema = z.strictObject({ filter: batchFilterSchema, actor: actorField });
export const batchRejectBodySchema = z.strictObject({
  filter: batchFilterSchema,
  reason: z.string().trim().min(1).max(500),
  actor: actorField,
});

export const batchResultSchema = z.object({
  matched: z.number().int(),
  done: z.array(z.uuid()),
  failed: z.array(z.object({ id: z.uuid(), error: z.string() })),
});

export const startBodySchema = z
  .strictObject({
    channel: z.string().trim().min(1).max(40).optional(),
    assignedTo: z.string().trim().min(1).max(100).optional(),
    actor: actorField,
  })
  .nullish();

export const cancelBodySchema = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional(), actor: actorField })
  .nullish();

export const outcomeBodySchema = z.strictObject({
  outcome: outcomeSchema,
  notes: z.string().max(2000).optional(),
  nextOrderAt: z.iso.datetime({ offset: true }).optional(),
  nextOrderValue: z.number().min(0).optional(),
  discountGivenPct: z.number().min(0).max(100).optional(),
  cost: z.number().min(0).optional(),
  actor: actorField,
});

export const createAttemptBodySchema = z.strictObject({
  customerId: z.uuid(),
  strategy: strategySchema
    .optional()
    .describe('override the selected strategy (explained as an operator choice)'),
  asOf: instantQuery.optional(),
  actor: actorField,
});

export const planBodySchema = z
  .strictObject({
    asOf: instantQuery.optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .nullish();

export const planResultSchema = z.object({
  asOf: isoDateTime,
  mode: z.enum(['SUGGEST_ONLY', 'AUTO_SEND']),
  candidates: z.number().int(),
  considered: z.number().int(),
  created: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  byStrategy: z.record(z.string(), z.number().int()),
  control: z.number().int(),
  expired: z.object({ suggestions: z.number().int(), waits: z.number().int() }),
  skipped: z.array(z.object({ customerId: z.string(), externalId: z.string(), reason: z.string() })),
  attempts: z.array(attemptSchema),
  seconds: z.number(),
});

export const metricsQuerySchema = z.object({ from: instantQuery.optional(), to: instantQuery.optional() });

const groupSchema = z.object({
  attempts: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  cancelled: z.number().int(),
  winRate: z.number().nullable(),
  outcomes: z.record(z.string(), z.number().int()),
  revenue: z.number(),
  cost: z.number(),
  averageDiscountPct: z.number().nullable(),
  averageDaysToOrder: z.number().nullable(),
});

export const strategyFiguresSchema = z.object({
  strategy: strategySchema,
  treated: groupSchema,
  control: groupSchema,
  liftPoints: z.number().nullable(),
  revenuePerAttempt: z.number().nullable(),
  costPerWin: z.number().nullable(),
});

export const metricsSchema = z.object({
  from: isoDateTime.nullable(),
  to: isoDateTime.nullable(),
  treated: groupSchema,
  control: groupSchema,
  liftPoints: z.number().nullable().describe('treated win rate − control win rate, percentage points'),
  costPerAttempt: z.number().nullable(),
  costPerWin: z.number().nullable(),
  byStrategy: z.array(strategyFiguresSchema),
});

export const customerParamsSchema = z.object({ customerId: z.uuid() });
