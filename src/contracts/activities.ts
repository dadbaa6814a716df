import { z } from 'zod';
import { historyReferences, instantQuery, isoDateTime, pageQuerySchema, patchOf } from './common.ts';
import { activityInputSchema, activityKindSchema, activityStatusSchema } from './ingest.ts';

export const activitySchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  externalId: z.string().nullable(),
  kind: activityKindSchema,
  occurredAt: isoDateTime,
  offeringId: z.uuid().nullable(),
  staffId: z.uuid().nullable(),
  amount: z.number(),
  quantity: z.number().int(),
  status: activityStatusSchema,
  source: z.string().describe('where the row came from: api, csv, hotmart…'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Activity = z.infer<typeof activitySchema>;

/** The ingest shape, but the customer, offering and staff member are referenced by id. */
export const activityCreateSchema = activityInputSchema
  .omit({ customerExternalId: true, offering: true, staff: true })
  .extend(historyReferences);
export type ActivityCreate = z.infer<typeof activityCreateSchema>;

export const activityPatchSchema = patchOf(activityCreateSchema);
export type ActivityPatch = z.infer<typeof activityPatchSchema>;

export const activityListQuerySchema = pageQuerySchema.extend({
  customerId: z.uuid().optional(),
  offeringId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  status: activityStatusSchema.optional(),
  kind: activityKindSchema.optional(),
  from: instantQuery.optional().describe('occurred at or after; a plain date is midnight in the tenant zone'),
  to: instantQuery
    .optional()
    .describe('occurred before (exclusive); a plain date is midnight in the tenant zone'),
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;
