import { z } from 'zod';
import { booleanQuery, isoDateTime, pageQuerySchema, patchOf, searchQuery } from './common.ts';
import { consentSchema, customerInputSchema } from './ingest.ts';

export const lifecycleStateSchema = z.enum(['NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED']);

export const customerSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable().describe('E.164'),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  vip: z.boolean(),
  consent: consentSchema,
  optedOut: z.boolean(),
  optedOutAt: isoDateTime.nullable(),
  blacklisted: z.boolean(),
  firstActivityAt: isoDateTime.nullable(),
  lastActivityAt: isoDateTime.nullable(),
  activityCount: z.number().int(),
  totalSpent: z.number(),
  lifecycleState: lifecycleStateSchema,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Customer = z.infer<typeof customerSchema>;

/** Create: like a batch row, but the external id may be left out (one is generated). */
export const customerCreateSchema = customerInputSchema.extend({
  externalId: customerInputSchema.shape.externalId.optional(),
});
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

export const customerPatchSchema = patchOf(
  customerInputSchema.extend({ optedOutReason: z.string().max(500).nullish() }),
);
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

export const customerListQuerySchema = pageQuerySchema.extend({
  q: searchQuery('name, e-mail, phone or external id'),
  state: lifecycleStateSchema.optional(),
  tag: z.string().max(100).optional(),
  vip: booleanQuery,
  externalId: z.string().max(200).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;
