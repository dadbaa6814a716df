import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../adapters/db/kysely.ts';
import {
  ingestActivities,
  ingestBookings,
  ingestCustomers,
  ingestOfferings,
  ingestStaff,
} from '../../app/ingest/index.ts';
import { attributeReturns } from '../../app/listen/attribution.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import {
  activityInputSchema,
  bookingInputSchema,
  customerInputSchema,
  type IngestSummary,
  ingestSummarySchema,
  offeringInputSchema,
  staffInputSchema,
} from '../../contracts/ingest.ts';
import type { RouteDeps } from './deps.ts';

export const MAX_BATCH = 5000;

interface BatchRoute<T extends z.ZodType> {
  path: string;
  tag: string;
  item: T;
  ingest: (db: Db, tenantId: string, rows: readonly z.infer<T>[]) => Promise<IngestSummary>;
  what: string;
  /** Orders and bookings: what attempts wait for, credited after the write. */
  returns?: boolean;
}

/**
 * `POST /v1/<resource>/batch`: upsert by external id, in the canonical fields of the CSV files.
 * The whole body is validated first (a malformed item is a 400 and nothing is written); rows the
 * database then refuses, such as an unreadable phone, are reported by index and skipped.
 */
export function batchRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const register = <T extends z.ZodType>(route: BatchRoute<T>) => {
      app.post(
        route.path,
        {
          schema: {
            tags: [route.tag],
            summary: `Upsert up to ${MAX_BATCH} ${route.what} by externalId; the same batch twice changes nothing`,
            body: z.object({ items: z.array(route.item).min(1).max(MAX_BATCH) }),
            response: { 200: ingestSummarySchema, 400: errorResponseSchema, 413: errorResponseSchema },
          },
        },
        async (request) => {
          const summary = await route.ingest(
            db,
            request.tenantId,
            (request.body as { items: z.infer<T>[] }).items,
          );
          // orders and bookings may be the returns attempts wait for: credit them now, not at the hourly pass
          if (route.returns && summary.inserted + summary.updated > 0) {
            await attributeReturns(db, request.tenantId, { actor: 'api' });
          }
          return summary;
        },
      );
    };
    const created = '(unknown customers, offerings and staff are created)';
    register({
      path: '/customers/batch',
      tag: 'customers',
      item: customerInputSchema,
      ingest: ingestCustomers,
      what: 'customers',
    });
    register({
      path: '/offerings/batch',
      tag: 'offerings',
      item: offeringInputSchema,
      ingest: ingestOfferings,
      what: 'offerings',
    });
    register({
      path: '/staff/batch',
      tag: 'staff',
      item: staffInputSchema,
      ingest: ingestStaff,
      what: 'staff members',
    });
    register({
      path: '/activities/batch',
      tag: 'activities',
      item: activityInputSchema,
      ingest: ingestActivities,
      what: `activities ${created}`,
      returns: true,
    });
    register({
      path: '/bookings/batch',
      tag: 'bookings',
      item: bookingInputSchema,
      ingest: ingestBookings,
      what: `bookings ${created}`,
      returns: true,
    });
  };
}
