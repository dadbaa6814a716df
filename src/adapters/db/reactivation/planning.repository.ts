import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';

/** What the planner needs to know about a customer beyond the scan: how to reach them, in which language. */
export interface PlanningCustomerRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
}

export async function planningCustomers(
  db: DbOrTrx,
  tenantId: string,
  ids: readonly string[],
): Promise<PlanningCustomerRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'phone', 'email', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}

export interface PlanningVisitRow {
  customer_id: string;
  occurred_at: Date;
  amount: number;
  offering_id: string | null;
  staff_id: string | null;
  list_price: number | null;
}

/**
 * The latest `perCustomer` completed activities of each customer up to asOf, each with the price
 * the offering went for at the time: one statement for the whole batch.
 *
 * The reference is the 75th percentile of what all customers paid for that offering in that
 * calendar month, not today's list price: prices change (a salon raises them each January), and
 * against today's price every older visit would look discounted. The upper quartile is the full
 * price as long as fewer than three in four customers got a discount that month; the list price
 * stands in when the month had no other sale.
 */
export async function planningVisits(
  db: DbOrTrx,
  tenantId: string,
  ids: readonly string[],
  asOf: Date,
  perCustomer = 100,
): Promise<PlanningVisitRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<PlanningVisitRow>`
    with v as (
      select x.customer_id, x.occurred_at, x.amount, x.offering_id, x.staff_id
      from unnest(${toPgArray(ids)}::text::uuid[]) as c(id)
      cross join lateral (
        select a.customer_id, a.occurred_at, a.amount, a.offering_id, a.staff_id
        from activities a
        where a.tenant_id = ${tenantId}::uuid and a.customer_id = c.id
          and a.status = 'completed' and a.occurred_at <= ${asOf}
        order by a.occurred_at desc
        limit ${perCustomer}
      ) x
    ), months as (
      select distinct offering_id, date_trunc('month', occurred_at) as month from v where offering_id is not null
    ), going as (
      select m.offering_id, m.month,
        percentile_cont(0.75) within group (order by a.amount) as price
      from months m
      join activities a on a.tenant_id = ${tenantId}::uuid and a.offering_id = m.offering_id
        and a.status = 'completed' and a.amount > 0
        and a.occurred_at >= m.month and a.occurred_at < m.month + interval '1 month'
      group by m.offering_id, m.month
    )
    select v.customer_id, v.occurred_at, v.amount::float8 as amount, v.offering_id, v.staff_id,
      coalesce(g.price, o.price)::float8 as list_price
    from v
    left join going g on g.offering_id = v.offering_id and g.month = date_trunc('month', v.occurred_at)
    left join offerings o on o.tenant_id = ${tenantId}::uuid and o.id = v.offering_id`.execute(db);
  return result.rows;
}

export interface PlanningOfferingRow {
  id: string;
  name: string;
  price: number | null;
  margin: number | null;
  active: boolean;
  duration_minutes: number | null;
  /** Share of the customers active in the year before asOf who bought it in that year. */
  popularity: number;
}

export async function planningOfferings(
  db: DbOrTrx,
  tenantId: string,
  asOf: Date,
): Promise<PlanningOfferingRow[]> {
  const result = await sql<PlanningOfferingRow>`
    with recent as (
      select a.customer_id, a.offering_id
      from activities a
      where a.tenant_id = ${tenantId}::uuid and a.status = 'completed'
        and a.occurred_at > ${asOf}::timestamptz - interval '365 days' and a.occurred_at <= ${asOf}
    ), buyers as (
      select offering_id, count(distinct customer_id)::float8 as n from recent
      where offering_id is not null group by offering_id
    ), everyone as (
      select greatest(count(distinct customer_id), 1)::float8 as n from recent
    )
    select o.id, o.name, o.price::float8 as price, o.margin::float8 as margin, o.active, o.duration_minutes,
      coalesce(b.n / e.n, 0)::float8 as popularity
    from offerings o
    cross join everyone e
    left join buyers b on b.offering_id = o.id
    where o.tenant_id = ${tenantId}::uuid
    order by o.name`.execute(db);
  return result.rows;
}

/**
 * Among the customers who bought offering P in the year before asOf, the share who also bought
 * O: "customers like this one also take…", for suggesting something new (PRODUCT_MIX).
 */
export async function planningCoPurchase(
  db: DbOrTrx,
  tenantId: string,
  asOf: Date,
): Promise<{ primary_id: string; other_id: string; share: number }[]> {
  const result = await sql<{ primary_id: string; other_id: string; share: number }>`
    with pairs as (
      select distinct a.customer_id, a.offering_id
      from activities a
      where a.tenant_id = ${tenantId}::uuid and a.status = 'completed' and a.offering_id is not null
        and a.occurred_at > ${asOf}::timestamptz - interval '365 days' and a.occurred_at <= ${asOf}
    ), buyers as (
      select offering_id, count(*)::float8 as n from pairs group by offering_id
    )
    select p1.offering_id as primary_id, p2.offering_id as other_id, (count(*) / b.n)::float8 as share
    from pairs p1
    join pairs p2 on p2.customer_id = p1.customer_id and p2.offering_id <> p1.offering_id
    join buyers b on b.offering_id = p1.offering_id
    group by p1.offering_id, p2.offering_id, b.n`.execute(db);
  return result.rows;
}

export async function planningStaff(
  db: DbOrTrx,
  tenantId: string,
): Promise<{ id: string; name: string; active: boolean }[]> {
  return db.selectFrom('staff').select(['id', 'name', 'active']).where('tenant_id', '=', tenantId).execute();
}

export interface PlanningTenantRow {
  name: string;
  timezone: string;
  locale: string;
  currency: string;
  settings: Record<string, unknown>;
}

export async function planningTenant(db: DbOrTrx, tenantId: string): Promise<PlanningTenantRow | undefined> {
  return db
    .selectFrom('tenants')
    .select(['name', 'timezone', 'locale', 'currency', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}

/** The offering's own page, or its course's when a module has none; null when neither has one. */
export async function offeringUrl(db: DbOrTrx, tenantId: string, offeringId: string): Promise<string | null> {
  const row = await db
    .selectFrom('offerings as o')
    .leftJoin('offerings as p', (join) =>
      join.onRef('p.tenant_id', '=', 'o.tenant_id').onRef('p.id', '=', 'o.parent_id'),
    )
    .select(['o.url', 'p.url as parent_url'])
    .where('o.tenant_id', '=', tenantId)
    .where('o.id', '=', offeringId)
    .executeTakeFirst();
  return row?.url ?? row?.parent_url ?? null;
}
