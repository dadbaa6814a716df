import { z } from 'zod';
import { CHANNELS } from '../domain/outreach/channel.ts';
import { instantQuery, isoDateTime, listQuery, pageQuerySchema, pageSchema } from './common.ts';

/**
 * Where a student's first access to a course came from (seed 002 §4.1), as the Hotmart club
 * webhook records it: `link_<channel>` when they clicked one of our tracked links in the
 * attribution window before it (`link_unknown` for a link sent on no known channel), else `organic`.
 */
export const FIRST_ACCESS_ORIGINS = [
  'organic',
  ...CHANNELS.map((channel) => `link_${channel}` as const),
  'link_unknown',
] as const;
export type FirstAccessOrigin = (typeof FIRST_ACCESS_ORIGINS)[number];

const range = {
  from: instantQuery
    .optional()
    .describe('first accesses at or after; a plain date is midnight in the tenant zone'),
  to: instantQuery
    .optional()
    .describe('first accesses before (exclusive); a plain date is midnight in the tenant zone'),
};

export const firstAccessSchema = z.object({
  customerId: z.uuid(),
  offeringId: z.uuid().nullable().describe('the course in offerings, when it was known at the time'),
  offeringKey: z.string().describe("the course's external id (hotmart:<product id>)"),
  at: isoDateTime,
  origin: z.enum(FIRST_ACCESS_ORIGINS),
  linkCode: z.string().nullable().describe('the tracked link clicked before it'),
  attemptId: z.uuid().nullable().describe('the attempt that link belonged to, credited with the access'),
});

export const firstAccessQuerySchema = pageQuerySchema.extend({
  offeringId: z.uuid().optional(),
  origin: listQuery(FIRST_ACCESS_ORIGINS),
  customerId: z.uuid().optional(),
  ...range,
});
export const firstAccessPageSchema = pageSchema(firstAccessSchema);

const count = z.number().int().nonnegative();
const counters = {
  total: count,
  viaLinks: count.describe('after a click on one of our tracked links (every link_* origin)'),
  viaLinksShare: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('viaLinks / total, rounded to 4 decimals (0.4500 = "we brought 45%"); null when total is 0'),
  byOrigin: z.record(z.enum(FIRST_ACCESS_ORIGINS), count).describe('every origin, 0 when none'),
  attempts: count.describe('distinct attempts credited with at least one of these accesses'),
};

export const firstAccessSummaryQuerySchema = z.object({ offeringId: z.uuid().optional(), ...range });

export const firstAccessSummarySchema = z.object({
  from: isoDateTime.nullable().describe('the instant `from` resolved to, null when not given'),
  to: isoDateTime.nullable().describe('the instant `to` resolved to, null when not given'),
  offerings: z
    .array(
      z.object({
        offeringId: z.uuid().nullable(),
        offeringKey: z.string(),
        offeringName: z.string().nullable(),
        ...counters,
      }),
    )
    .describe('one line per course, most first accesses first'),
  total: z
    .object(counters)
    .describe('every course together (an attempt credited in two courses counts once)'),
});

export type FirstAccessSummary = z.infer<typeof firstAccessSummarySchema>;
