import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import { decodeCursor, toPage } from '../pagination.ts';

export interface FirstAccessFilters {
  offeringId?: string;
  origin?: readonly string[];
  customerId?: string;
  from?: Date;
  to?: Date;
}

/**
 * A first access is one per (customer, course): that pair is its id in the page cursor. A uuid is
 * 36 characters, so `customer_id/offering_key` splits back unambiguously and orders as the pair.
 */
const rowKey = sql<string>`fa.customer_id::text || '/' || fa.offering_key`;

/** First accesses in [from, to), oldest first, one page at a time. */
export async function listFirstAccesses(
  db: DbOrTrx,
  tenantId: string,
  filters: FirstAccessFilters,
  page: { limit: number; cursor?: string },
) {
  let q = db
    .selectFrom('first_accesses as fa')
    .select([
      rowKey.as('id'),
      'fa.customer_id',
      'fa.offering_id',
      'fa.offering_key',
      'fa.at',
      // toPage's row shape; the page is cut on `at`
      'fa.at as created_at',
      'fa.origin',
      'fa.link_code',
      'fa.attempt_id',
    ])
    .where('fa.tenant_id', '=', tenantId);
  if (filters.offeringId) q = q.where('fa.offering_id', '=', filters.offeringId);
  if (filters.origin && filters.origin.length > 0) q = q.where('fa.origin', 'in', [...filters.origin]);
  if (filters.customerId) q = q.where('fa.customer_id', '=', filters.customerId);
  if (filters.from) q = q.where('fa.at', '>=', filters.from);
  if (filters.to) q = q.where('fa.at', '<', filters.to);
  if (page.cursor) {
    const { at, id } = decodeCursor(page.cursor);
    q = q.where((eb) =>
      eb.or([eb('fa.at', '>', new Date(at)), eb.and([eb('fa.at', '=', new Date(at)), eb(rowKey, '>', id)])]),
    );
  }
  const rows = await q
    .orderBy('fa.at')
    .orderBy(rowKey)
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, 'at');
}

export interface OriginCount {
  /** null on the grand-total rows. */
  offeringKey: string | null;
  offeringId: string | null;
  offeringName: string | null;
  /** null on the per-course and grand-total rows. */
  origin: string | null;
  count: number;
  attempts: number;
  level: 'origin' | 'offering' | 'total';
}

/**
 * First accesses in [from, to) counted per course and origin, per course, and over everything,
 * with the distinct attempts credited at each level — one statement: the distinct count of a
 * course or of the whole cannot be added up from its origins (one click can precede the first
 * access to two courses). Grouping sets give all three levels in one pass; `grouping()` says
 * which level a row is (0: course and origin, 1: course, 15: everything).
 */
export async function countFirstAccesses(
  db: DbOrTrx,
  tenantId: string,
  filters: Pick<FirstAccessFilters, 'offeringId' | 'from' | 'to'>,
): Promise<OriginCount[]> {
  const offeringId = filters.offeringId ?? null;
  const from = filters.from ?? null;
  const to = filters.to ?? null;
  const result = await sql<{
    offering_key: string | null;
    offering_id: string | null;
    offering_name: string | null;
    origin: string | null;
    level: number;
    n: number;
    attempts: number;
  }>`
    select fa.offering_key, fa.offering_id, o.name as offering_name, fa.origin,
           grouping(fa.offering_key, fa.offering_id, o.name, fa.origin)::int as level,
           count(*)::int as n, count(distinct fa.attempt_id)::int as attempts
    from first_accesses fa
    left join offerings o on o.tenant_id = fa.tenant_id and o.id = fa.offering_id
    where fa.tenant_id = ${tenantId}::uuid
      and (${offeringId}::uuid is null or fa.offering_id = ${offeringId}::uuid)
      and (${from}::timestamptz is null or fa.at >= ${from}::timestamptz)
      and (${to}::timestamptz is null or fa.at < ${to}::timestamptz)
    group by grouping sets (
      (fa.offering_key, fa.offering_id, o.name, fa.origin),
      (fa.offering_key, fa.offering_id, o.name),
      ()
    )`.execute(db);
  return result.rows.map((r) => ({
    offeringKey: r.offering_key,
    offeringId: r.offering_id,
    offeringName: r.offering_name,
    origin: r.origin,
    count: r.n,
    attempts: r.attempts,
    level: r.level === 0 ? 'origin' : r.level === 1 ? 'offering' : 'total',
  }));
}
