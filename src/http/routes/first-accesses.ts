import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTenant } from '../../adapters/db/kysely.ts';
import { listFirstAccesses } from '../../adapters/db/listen/first-accesses.repository.ts';
import { toInstantRange } from '../../app/instants.ts';
import { firstAccessReport } from '../../app/listen/first-accesses.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import {
  type FirstAccessOrigin,
  firstAccessPageSchema,
  firstAccessQuerySchema,
  firstAccessSummaryQuerySchema,
  firstAccessSummarySchema,
} from '../../contracts/first-accesses.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Where students' first accesses to courses came from (seed 002 §4.1, "we brought 45% of the
 * accesses of class 10"): the report per course, and the accesses themselves (registered under /v1).
 */
export function firstAccessRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/first-accesses/summary',
      {
        schema: {
          tags: ['links'],
          summary:
            "Students' first accesses to each course (Hotmart club) and how many came after a click on one of " +
            'our tracked links, by origin, in [from, to)',
          querystring: firstAccessSummaryQuerySchema,
          response: { 200: firstAccessSummarySchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const q = request.query;
        return firstAccessReport(db, request.tenantId, q);
      },
    );

    app.get(
      '/first-accesses',
      {
        schema: {
          tags: ['links'],
          summary:
            "Students' first accesses to courses, oldest first, with the origin each was credited to; filtered by " +
            'course, origin, customer and time',
          querystring: firstAccessQuerySchema,
          response: { 200: firstAccessPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await withTenant(db, request.tenantId, async (trx) => {
          const { from, to } = await toInstantRange(trx, request.tenantId, { from: q.from, to: q.to });
          return listFirstAccesses(
            trx,
            request.tenantId,
            {
              ...(q.offeringId ? { offeringId: q.offeringId } : {}),
              ...(q.origin ? { origin: q.origin } : {}),
              ...(q.customerId ? { customerId: q.customerId } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            },
            { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
          );
        });
        return {
          items: page.rows.map((r) => ({
            customerId: r.customer_id,
            offeringId: r.offering_id,
            offeringKey: r.offering_key,
            at: new Date(r.at).toISOString(),
            origin: r.origin as FirstAccessOrigin,
            linkCode: r.link_code,
            attemptId: r.attempt_id,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
