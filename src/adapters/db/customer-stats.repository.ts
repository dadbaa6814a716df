import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import { toPgArray } from './pg-array.ts';

/**
 * Recomputes the denormalised activity figures of these customers — first and last activity,
 * count and total spent, all over completed activities only — from the activities table, in one
 * statement whatever the number of customers. Call it in the transaction that changed their
 * activities: the single-record API does after every write, ingestion when existing activities
 * change or move between customers (it adds new ones to the figures incrementally). Rows whose
 * figures are already right are not written, so re-running it is cheap and leaves updated_at
 * alone. Returns how many customers changed.
 */
export async function refreshCustomerStats(
  db: DbOrTrx,
  tenantId: string,
  customerIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return 0;
  const result = await sql`
    update customers c set
      first_activity_at = s.first_at,
      last_activity_at = s.last_at,
      activity_count = s.n,
      total_spent = s.total,
      updated_at = now()
    from (
      select x.id, a.first_at, a.last_at, a.n, a.total
      from unnest(${toPgArray(ids)}::text::uuid[]) as x(id)
      cross join lateral (
        -- per customer, over the (tenant_id, customer_id, occurred_at) index
        select min(occurred_at) as first_at, max(occurred_at) as last_at, count(*)::int as n,
          coalesce(sum(amount), 0) as total
        from activities
        where tenant_id = ${tenantId}::uuid and customer_id = x.id and status = 'completed'
      ) as a
    ) s
    where c.tenant_id = ${tenantId}::uuid and c.id = s.id
      and (c.first_activity_at, c.last_activity_at, c.activity_count, c.total_spent)
        is distinct from (s.first_at, s.last_at, s.n, s.total)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
