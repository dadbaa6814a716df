import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listLinks } from '../../app/links/index.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import { linkListQuerySchema, trackedLinkPageSchema } from '../../contracts/links.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

/** The tenant's tracked links and their clicks (registered under /v1). */
export function linkRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/links',
      {
        schema: {
          tags: ['links'],
          summary:
            'Tracked short links put into messages, oldest first, with counted clicks (people) and preview ' +
            'fetches (bots); filtered by customer, attempt, message and whether clicked',
          querystring: linkListQuerySchema,
          response: { 200: trackedLinkPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const q = request.query;
        return asJson(
          await listLinks(
            db,
            request.tenantId,
            {
              ...(q.customerId ? { customerId: q.customerId } : {}),
              ...(q.attemptId ? { attemptId: q.attemptId } : {}),
              ...(q.messageId ? { messageId: q.messageId } : {}),
              ...(q.clicked !== undefined ? { clicked: q.clicked } : {}),
            },
            { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
          ),
        );
      },
    );
  };
}
