import { z } from 'zod';

/**
 * Canonical shapes of what enters Rekindle — through the API's create and batch endpoints, CSV
 * files and webhooks alike. Field names are camelCase here; CSV headers are their snake_case.
 */

const externalId = z.string().trim().min(1).max(200);
const shortText = z.string().trim().min(1).max(200);
const timestamp = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.date()]);

export const consentSchema = z.enum(['unknown', 'granted', 'denied']);
export const offeringKindSchema = z.enum(['service', 'product', 'course', 'module']);
export const activityKindSchema = z.enum(['visit', 'order', 'purchase', 'lesson', 'module_completion']);
export const activityStatusSchema = z.enum(['completed', 'cancelled', 'no_show']);
export const bookingStatusSchema = z.enum(['booked', 'confirmed', 'cancelled', 'completed', 'no_show']);

export const customerInputSchema = z.object({
  externalId,
  name: z.string().trim().max(200).nullish(),
  /** Any common format; stored in E.164 using the tenant's default country for national numbers. */
  phone: z.string().trim().max(40).nullish(),
  email: z.email().max(320).nullish(),
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'a BCP 47 tag such as pt-BR or ru')
    .nullish(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  vip: z.boolean().optional(),
  consent: consentSchema.optional(),
  optedOut: z.boolean().optional(),
  blacklisted: z.boolean().optional(),
});
export type CustomerInput = z.infer<typeof customerInputSchema>;

export const offeringInputSchema = z.object({
  externalId: externalId.nullish(),
  name: shortText,
  kind: offeringKindSchema.optional(),
  category: z.string().trim().max(200).nullish(),
  price: z.number().nonnegative().max(1e10).nullish(),
  /** Share of the price that is margin, 0..1. */
  margin: z.number().min(0).max(1).nullish(),
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .nullish(),
  /** Where the customer books, buys or enters it; reactivation messages about it carry this link. */
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
    .max(2048)
    .nullish(),
  parentExternalId: externalId.nullish(),
  active: z.boolean().optional(),
});
export type OfferingInput = z.infer<typeof offeringInputSchema>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const workingHoursSchema = z
  .object({
    mon: z.array(z.tuple([timeOfDay, timeOfDay])),
    tue: z.array(z.tuple([timeOfDay, timeOfDay])),
    wed: z.array(z.tuple([timeOfDay, timeOfDay])),
    thu: z.array(z.tuple([timeOfDay, timeOfDay])),
    fri: z.array(z.tuple([timeOfDay, timeOfDay])),
    sat: z.array(z.tuple([timeOfDay, timeOfDay])),
    sun: z.array(z.tuple([timeOfDay, timeOfDay])),
  })
  .partial();

export const staffInputSchema = z.object({
  externalId: externalId.nullish(),
  name: shortText,
  email: z.email().nullish(),
  phone: z.string().trim().max(40).nullish(),
  workingHours: workingHoursSchema.optional(),
  active: z.boolean().optional(),
});
export type StaffInput = z.infer<typeof staffInputSchema>;

export const activityInputSchema = z.object({
  externalId: externalId.nullish(),
  customerExternalId: externalId,
  occurredAt: timestamp,
  /** Offering by external id or, failing that, by name; an unknown name creates the offering. */
  offering: shortText.nullish(),
  /** Staff member by external id or name; an unknown name creates the staff member. */
  staff: shortText.nullish(),
  amount: z.number().min(-1e10).max(1e10).optional(),
  quantity: z.number().int().min(0).max(1e6).optional(),
  status: activityStatusSchema.optional(),
  kind: activityKindSchema.optional(),
});
export type ActivityInput = z.infer<typeof activityInputSchema>;

export const bookingInputSchema = z.object({
  externalId: externalId.nullish(),
  customerExternalId: externalId,
  startsAt: timestamp,
  endsAt: timestamp.nullish(),
  offering: shortText.nullish(),
  staff: shortText.nullish(),
  amount: z.number().nonnegative().max(1e10).nullish(),
  status: bookingStatusSchema.optional(),
});
export type BookingInput = z.infer<typeof bookingInputSchema>;

/** What every batch ingestion (API batch, CSV import) reports back. */
export const ingestSummarySchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(
    z.object({ index: z.number().int(), line: z.number().int().optional(), message: z.string() }),
  ),
});
export type IngestSummary = z.infer<typeof ingestSummarySchema>;
