import { z } from 'zod';
import { booleanQuery, isoDateTime, pageQuerySchema, patchOf, searchQuery } from './common.ts';
import { offeringInputSchema, offeringKindSchema } from './ingest.ts';

export const offeringSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  kind: offeringKindSchema,
  category: z.string().nullable(),
  price: z.number().nullable(),
  margin: z.number().nullable().describe('share of the price that is margin, 0..1'),
  durationMinutes: z.number().int().nullable(),
  url: z.string().nullable().describe('where the customer books, buys or enters it'),
  parentId: z.uuid().nullable().describe('the course a module belongs to, or the family of a product'),
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Offering = z.infer<typeof offeringSchema>;

/** Create: the ingest shape, with the parent referenced by id instead of external id. */
export const offeringCreateSchema = offeringInputSchema
  .omit({ parentExternalId: true })
  .extend({ parentId: z.uuid().nullish() });
export type OfferingCreate = z.infer<typeof offeringCreateSchema>;

export const offeringPatchSchema = patchOf(offeringCreateSchema);
export type OfferingPatch = z.infer<typeof offeringPatchSchema>;

export const offeringListQuerySchema = pageQuerySchema.extend({
  kind: offeringKindSchema.optional(),
  category: z.string().trim().min(1).max(200).optional().describe('exact category, any letter case'),
  active: booleanQuery,
  q: searchQuery('name or category (any part) or external id (exactly)'),
});
export type OfferingListQuery = z.infer<typeof offeringListQuerySchema>;
