import { z } from 'zod';
import { instantQuery, isoDateTime } from './common.ts';

/** The slot finder: times to offer a customer, ranked 60% favourite staff / 40% preferred time. */

export const slotsQuerySchema = z.object({
  offeringId: z
    .uuid()
    .optional()
    .describe("the service to book; default: the customer's most frequent service"),
  from: instantQuery
    .optional()
    .describe(
      'earliest start (a plain date is midnight in the tenant zone; never before now); default: two hours from now',
    ),
  days: z.coerce.number().int().min(1).max(31).default(7).describe('how many days from `from` to search'),
  count: z.coerce.number().int().min(1).max(5).default(3).describe('how many options'),
});
export type SlotsQuery = z.infer<typeof slotsQuerySchema>;

const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const suggestedSlotSchema = z.object({
  start: isoDateTime,
  end: isoDateTime,
  staffId: z.string(),
  staffName: z.string(),
  local: z.object({
    date: z.string().describe('YYYY-MM-DD in the tenant zone'),
    weekday: weekdaySchema,
    time: z.string().describe('HH:MM in the tenant zone'),
  }),
  score: z.number().min(0).max(1).describe('0.6 × staffScore + 0.4 × timeScore'),
  staffScore: z.number(),
  timeScore: z.number(),
  reasons: z.array(z.string()),
});

const confident = { confidence: z.number().min(0).max(1) };

export const preferenceSummarySchema = z.object({
  visitCount: z.number().int(),
  staff: z.object({ preferred: z.string().nullable(), name: z.string().nullable(), ...confident }),
  timeOfDay: z.object({ preferred: z.enum(['morning', 'afternoon', 'evening']).nullable(), ...confident }),
  weekdays: z.object({ preferred: z.array(weekdaySchema), ...confident }),
  offering: z.object({ preferred: z.string().nullable(), name: z.string().nullable(), ...confident }),
});

export const slotsResponseSchema = z.object({
  customerId: z.uuid(),
  slots: z.array(suggestedSlotSchema),
  preferences: preferenceSummarySchema,
  offering: z
    .object({
      id: z.uuid(),
      name: z.string(),
      durationMinutes: z.number().int(),
      durationSource: z.enum(['offering', 'default']),
      chosenAs: z.enum(['requested', 'favourite']),
    })
    .nullable()
    .describe('null: no service given and none in their history; slots are for one hour'),
  durationMinutes: z.number().int(),
  staff: z.object({
    ids: z.array(z.string()),
    source: z
      .enum(['history', 'all_active'])
      .describe('history: who performed the service in the last year; all_active: nobody did, so everyone'),
  }),
  considered: z.number().int().describe('free slots ranked'),
  window: z.object({ from: isoDateTime, to: isoDateTime }),
});
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;
