import type { Db } from '../../adapters/db/kysely.ts';
import { withTenant } from '../../adapters/db/kysely.ts';
import { countFirstAccesses, type OriginCount } from '../../adapters/db/listen/first-accesses.repository.ts';
import {
  FIRST_ACCESS_ORIGINS,
  type FirstAccessOrigin,
  type FirstAccessSummary,
} from '../../contracts/first-accesses.ts';
import { rateOf } from '../../domain/analytics/rates.ts';
import { toInstantRange } from '../instants.ts';

type Counters = FirstAccessSummary['total'];

const isOrigin = (value: string | null): value is FirstAccessOrigin =>
  (FIRST_ACCESS_ORIGINS as readonly (string | null)[]).includes(value);

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
    counters.viaLinksShare = rateOf(counters.viaLinks, counters.total);
  return {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    offerings,
    total,
  };
}

/**
 * Seed 002's proof of value ("we brought 45% of the accesses of class 10"): students' first
 * accesses per course and over everything in [from, to), and how many came after a click on one
 * of our tracked links. A plain date in `from`/`to` is midnight in the tenant's zone.
 */
export async function firstAccessReport(
  db: Db,
  tenantId: string,
  query: { offeringId?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<FirstAccessSummary> {
  return withTenant(db, tenantId, async (trx) => {
    const { from, to } = await toInstantRange(trx, tenantId, { from: query.from, to: query.to });
    const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const rows = await countFirstAccesses(trx, tenantId, {
      ...(query.offeringId ? { offeringId: query.offeringId } : {}),
      ...range,
    });
    return toSummary(rows, range);
  });
}
