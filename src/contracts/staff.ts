import { z } from 'zod';
import { booleanQuery, isoDateTime, pageQuerySchema, patchOf, searchQuery } from './common.ts';
import { staffInputSchema, workingHoursSchema } from './ingest.ts';

export const staffMemberSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe('E.164'),
  workingHours: workingHoursSchema,
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const staffCreateSchema = staffInputSchema;
export type StaffCreate = z.infer<typeof staffCreateSchema>;

export const staffPatchSchema = patchOf(staffCreateSchema);
export type StaffPatch = z.infer<typeof staffPatchSchema>;

export const staffListQuerySchema = pageQuerySchema.extend({
  active: booleanQuery,
  q: searchQuery('name, e-mail or phone (any part) or external id (exactly)'),
});
export type StaffListQuery = z.infer<typeof staffListQuerySchema>;
