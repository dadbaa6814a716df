import { z } from 'zod';

export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const isoDateTime = z.string().describe('ISO 8601 date-time');

/** A query-string flag: `true` or `false`, anything else is a 400. */
export const booleanQuery = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

/**
 * A point in time in a query string: an ISO date-time with offset, or a plain date, which means
 * midnight in the tenant's time zone.
 */
export const instantQuery = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** PATCH bodies: every field of the create shape optional, and at least one present. */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  return schema
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');
}

/** The `q` filter of a list: free text, matched as the description says. */
export function searchQuery(matches: string) {
  return z.string().trim().min(1).max(200).optional().describe(`matches ${matches}`);
}

/** How activities and bookings point at their customer, offering and staff member: by id. */
export const historyReferences = {
  customerId: z.uuid(),
  offeringId: z.uuid().nullish(),
  staffId: z.uuid().nullish(),
};

/** A comma-separated list of allowed values in a query string: `status=SUGGESTED,APPROVED`. */
export function listQuery<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1))
    .optional();
}
