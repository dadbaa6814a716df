import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTenant } from '../../adapters/db/kysely.ts';
import {
  countFirstAccesses,
  listFirstAccesses,
  type OriginCount,
} from '../../adapters/db/listen/first-accesses.repository.ts';
import { toInstantRange } from '../../app/instants.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import {
  FIRST_ACCESS_ORIGINS,
  type FirstAccessOrigin,
  type FirstAccessSummary,
  firstAccessPageSchema,
  firstAccessQuerySchema,
  firstAccessSummaryQuerySchema,
  firstAccessSummarySchema,
} from '../../contracts/first-accesses.ts';
import type { RouteDeps } from './deps.ts';

type Counters = FirstAccessSummary['total'];

const isOrigin = (value: string | null): value is FirstAccessOrigin =>
  (FIRST_ACCESS_ORIGINS as readonly (string | null)[]).includes(value);

/** Shares as the reactivation metrics give rates: 4 decimals. */
const share = (part: number, whole: number) => (whole > 0 ? Number((part / whole).toFixed(4)) : null);

function emptyCounters(): Counters {
  const byOrigin = Object.fromEntries(FIRST_ACCESS_ORIGINS.map((o) => [o, 0])) as Counters['byOrigin'];
  return { total: 0, viaLinks: 0, viaLinksShare: null, byOrigin, attempts: 0 };
}

/** The grouped counts as the report reads: a line per course, most accesses first, and the whole. */
function toSummary(rows: OriginCount[], range: { from?: Date; to?: Date }): FirstAccessSummary {
  const courses = new Map<string, FirstAccessSummary['offerings'][number]>();
  const total = emptyCounters();
  const courseOf = (row: OriginCount) => {
    const key = `${row.offeringKey}\u0000${row.offeringId ?? ''}`;
    let course = courses.get(key);
    if (!course) {
      course = {
        offeringId: row.offeringId,
        offeringKey: row.offeringKey ?? '',
        offeringName: row.offeringName,
        ...emptyCounters(),
      };
      courses.set(key, course);
    }
    return course;
  };
  for (const row of rows) {
    if (row.level === 'total') total.attempts = row.attempts;
    else if (row.level === 'offering') courseOf(row).attempts = row.attempts;
    else {
      const course = courseOf(row);
      for (const counters of [course, total]) {
        counters.total += row.count;
        if (row.origin?.startsWith('link_')) counters.viaLinks += row.count;
        if (isOrigin(row.origin)) counters.byOrigin[row.origin] += row.count;
      }
    }
  }
  const offerings = [...courses.values()].sort(
    (a, b) =>
      b.total - a.total || (a.offeringKey < b.offeringKey ? -1 : a.offeringKey > b.offeringKey ? 1 : 0),
  );
  for (const counters of [...offerings, total])
    counters.viaLinksShare = share(counters.viaLinks, counters.total);
  return {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    offerings,
    total,
  };
}

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
        return withTenant(db, request.tenantId, async (trx) => {
          const { from, to } = await toInstantRange(trx, request.tenantId, { from: q.from, to: q.to });
          const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
          const rows = await countFirstAccesses(trx, request.tenantId, {
            ...(q.offeringId ? { offeringId: q.offeringId } : {}),
            ...range,
          });
          return toSummary(rows, range);
        });
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
