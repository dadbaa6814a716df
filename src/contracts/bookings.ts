import { z } from 'zod';
import {
  booleanQuery,
  historyReferences,
  instantQuery,
  isoDateTime,
  pageQuerySchema,
  patchOf,
} from './common.ts';
import { bookingInputSchema, bookingStatusSchema } from './ingest.ts';

export const bookingSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  externalId: z.string().nullable(),
  startsAt: isoDateTime,
  endsAt: isoDateTime.nullable(),
  offeringId: z.uuid().nullable(),
  staffId: z.uuid().nullable(),
  amount: z.number().nullable(),
  status: bookingStatusSchema,
  source: z.string().describe('where the row came from: api, csv, yclients…'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Booking = z.infer<typeof bookingSchema>;

/** The ingest shape, but the customer, offering and staff member are referenced by id. */
export const bookingCreateSchema = bookingInputSchema
  .omit({ customerExternalId: true, offering: true, staff: true })
  .extend(historyReferences);
export type BookingCreate = z.infer<typeof bookingCreateSchema>;

export const bookingPatchSchema = patchOf(bookingCreateSchema);
export type BookingPatch = z.infer<typeof bookingPatchSchema>;

export const bookingListQuerySchema = pageQuerySchema.extend({
  customerId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  status: bookingStatusSchema.optional(),
  from: instantQuery.optional().describe('starts at or after; a plain date is midnight in the tenant zone'),
  to: instantQuery
    .optional()
    .describe('starts before (exclusive); a plain date is midnight in the tenant zone'),
  upcoming: booleanQuery.describe(
    'true: only booked or confirmed bookings that start from now on; false: every other booking',
  ),
});
export type BookingListQuery = z.infer<typeof bookingListQuerySchema>;
