import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activities } from '../../app/activities.ts';
import { bookings } from '../../app/bookings.ts';
import { attributeReturns } from '../../app/listen/attribution.ts';
import type { RecordUseCases } from '../../app/records.ts';
import { customerTimeline } from '../../app/timeline.ts';
import * as activity from '../../contracts/activities.ts';
import * as booking from '../../contracts/bookings.ts';
import { errorResponseSchema, idParamsSchema, pageSchema } from '../../contracts/common.ts';
import { timelineItemSchema, timelineQuerySchema } from '../../contracts/timeline.ts';
import { registerCrudRoutes } from './crud.ts';
import type { RouteDeps } from './deps.ts';

/** What customers did (activities), will do (bookings), and both merged per customer. */
export function historyRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    registerCrudRoutes(app, db, {
      path: '/activities',
      tag: 'activities',
      noun: 'an activity (visit, order, lesson…)',
      summaries: {
        list: 'List activities in the order they happened, with filters and cursor paging',
        delete: "Delete an activity, refreshing the customer's activity figures",
      },
      schemas: {
        item: activity.activitySchema,
        create: activity.activityCreateSchema,
        patch: activity.activityPatchSchema,
        query: activity.activityListQuerySchema,
      },
      useCases: creditingReturns(activities),
    });

    registerCrudRoutes(app, db, {
      path: '/bookings',
      tag: 'bookings',
      noun: 'a booking',
      summaries: { list: 'List bookings in the order they start, with filters and cursor paging' },
      schemas: {
        item: booking.bookingSchema,
        create: booking.bookingCreateSchema,
        patch: booking.bookingPatchSchema,
        query: booking.bookingListQuerySchema,
      },
      useCases: creditingReturns(bookings),
    });

    app.get(
      '/customers/:id/timeline',
      {
        schema: {
          tags: ['customers'],
          summary: "A customer's activities and bookings merged, newest first, with cursor paging",
          params: idParamsSchema,
          querystring: timelineQuerySchema,
          response: {
            200: pageSchema(timelineItemSchema),
            400: errorResponseSchema,
            404: errorResponseSchema,
          },
        },
      },
      async (request) => customerTimeline(db, request.tenantId, request.params.id, request.query),
    );
  };
}

/**
 * An order or booking written through the API may be the return an attempt was waiting for:
 * credit it (and cancel the customer's unsent suggestion) at once rather than at the hourly pass.
 */
function creditingReturns<Item extends { customerId: string }, Create, Patch, Query>(
  useCases: RecordUseCases<Item, Create, Patch, Query>,
): RecordUseCases<Item, Create, Patch, Query> {
  const credit = async (db: Parameters<typeof attributeReturns>[0], tenantId: string, item: Item) => {
    await attributeReturns(db, tenantId, { customerIds: [item.customerId], actor: 'api' });
    return item;
  };
  return {
    ...useCases,
    create: async (db, tenantId, input) => credit(db, tenantId, await useCases.create(db, tenantId, input)),
    update: async (db, tenantId, id, patch) =>
      credit(db, tenantId, await useCases.update(db, tenantId, id, patch)),
  };
}
