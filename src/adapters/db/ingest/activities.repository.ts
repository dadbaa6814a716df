import { sql } from 'kysely';
import { refreshCustomerStats } from '../customer-stats.repository.ts';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';

/** One chunk of activities, column by column; every row has an external id and an existing customer. */
export interface ActivityColumns {
  customerId: string[];
  externalId: string[];
  /** ISO 8601 instants. */
  occurredAt: string[];
  offeringId: (string | null)[];
  staffId: (string | null)[];
  amount: number[];
  quantity: number[];
  status: string[];
  kind: string[];
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/**
 * Upserts a chunk of activities by (tenant_id, external_id) and keeps the customers' activity
 * figures in step, in one statement:
 *
 * - `unnest` over one array literal per column turns the chunk into rows.
 * - `on conflict … do update … where (old) is distinct from (new)` touches only rows whose content
 *   changed; `returning` reports inserted (xmax = 0) and updated rows, so unchanged rows cost an
 *   index probe and nothing else. The scalar subquery in `returning` reads the statement's
 *   snapshot, i.e. the row before this update: that is the customer an updated activity left.
 * - New completed activities are added to their customers' figures (least/greatest/+), which
 *   commutes, so concurrent imports for one customer cannot lose each other's additions.
 *
 * When existing activities changed, their customers (old and new) are recounted in full by a
 * second statement, which sees the first one's writes.
 */
export async function upsertActivities(
  trx: Trx,
  tenantId: string,
  source: string,
  rows: ActivityColumns,
): Promise<UpsertCounts> {
  if (rows.externalId.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: number; updated: number; recount: string[] }>`
    with input as (
      select * from unnest(
        ${toPgArray(rows.customerId)}::text::uuid[],
        ${toPgArray(rows.externalId)}::text::text[],
        ${toPgArray(rows.occurredAt)}::text::timestamptz[],
        ${toPgArray(rows.offeringId)}::text::uuid[],
        ${toPgArray(rows.staffId)}::text::uuid[],
        ${toPgArray(rows.amount)}::text::numeric(14, 2)[],
        ${toPgArray(rows.quantity)}::text::int[],
        ${toPgArray(rows.status)}::text::text[],
        ${toPgArray(rows.kind)}::text::text[]
      ) as i(customer_id, external_id, occurred_at, offering_id, staff_id, amount, quantity, status, kind)
    ), upserted as (
      insert into activities as a
        (tenant_id, customer_id, external_id, kind, occurred_at, offering_id, staff_id, amount, quantity, status, source)
      select ${tenantId}::uuid, i.customer_id, i.external_id, i.kind, i.occurred_at, i.offering_id, i.staff_id,
        i.amount, i.quantity, i.status, ${source}
      from input i
      on conflict (tenant_id, external_id) do update set
        customer_id = excluded.customer_id, kind = excluded.kind, occurred_at = excluded.occurred_at,
        offering_id = excluded.offering_id, staff_id = excluded.staff_id, amount = excluded.amount,
        quantity = excluded.quantity, status = excluded.status, updated_at = now()
      where (a.customer_id, a.kind, a.occurred_at, a.offering_id, a.staff_id, a.amount, a.quantity, a.status)
        is distinct from (excluded.customer_id, excluded.kind, excluded.occurred_at, excluded.offering_id,
          excluded.staff_id, excluded.amount, excluded.quantity, excluded.status)
      returning (a.xmax = 0) as inserted, a.customer_id, a.occurred_at, a.amount, a.status,
        case when a.xmax <> 0 then (
          select before.customer_id from activities before
          where before.tenant_id = a.tenant_id and before.id = a.id
        ) end as previous_customer_id
    ), added as (
      select customer_id, min(occurred_at) as first_at, max(occurred_at) as last_at,
        count(*)::int as n, sum(amount) as total
      from upserted where inserted and status = 'completed'
      group by customer_id
    ), stats as (
      update customers c set
        first_activity_at = least(c.first_activity_at, d.first_at),
        last_activity_at = greatest(c.last_activity_at, d.last_at),
        activity_count = c.activity_count + d.n,
        total_spent = c.total_spent + d.total,
        updated_at = now()
      from added d
      where c.tenant_id = ${tenantId}::uuid and c.id = d.customer_id
      returning c.id
    )
    select
      (select count(*) from upserted where inserted)::int as inserted,
      (select count(*) from upserted where not inserted)::int as updated,
      array(
        select customer_id::text from upserted where not inserted
        union
        select previous_customer_id::text from upserted where not inserted and previous_customer_id is not null
      ) as recount,
      (select count(*) from stats)::int as stats`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error('activity upsert returned no summary row');
  await refreshCustomerStats(trx, tenantId, row.recount);
  return { inserted: row.inserted, updated: row.updated };
}
