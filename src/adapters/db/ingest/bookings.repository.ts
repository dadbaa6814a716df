import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type { UpsertCounts } from './activities.repository.ts';

/** One chunk of bookings, column by column; every row has an external id and an existing customer. */
export interface BookingColumns {
  customerId: string[];
  externalId: string[];
  startsAt: string[];
  endsAt: (string | null)[];
  offeringId: (string | null)[];
  staffId: (string | null)[];
  amount: (number | null)[];
  status: string[];
}

/** Upserts bookings by (tenant_id, external_id); same shape as `upsertActivities`, without customer figures. */
export async function upsertBookings(
  trx: Trx,
  tenantId: string,
  source: string,
  rows: BookingColumns,
): Promise<UpsertCounts> {
  if (rows.externalId.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: number; updated: number }>`
    with input as (
      select * from unnest(
        ${toPgArray(rows.customerId)}::text::uuid[],
        ${toPgArray(rows.externalId)}::text::text[],
        ${toPgArray(rows.startsAt)}::text::timestamptz[],
        ${toPgArray(rows.endsAt)}::text::timestamptz[],
        ${toPgArray(rows.offeringId)}::text::uuid[],
        ${toPgArray(rows.staffId)}::text::uuid[],
        ${toPgArray(rows.amount)}::text::numeric[],
        ${toPgArray(rows.status)}::text::text[]
      ) as i(customer_id, external_id, starts_at, ends_at, offering_id, staff_id, amount, status)
    ), upserted as (
      insert into bookings as b
        (tenant_id, customer_id, external_id, starts_at, ends_at, offering_id, staff_id, amount, status, source)
      select ${tenantId}::uuid, i.customer_id, i.external_id, i.starts_at, i.ends_at, i.offering_id, i.staff_id,
        i.amount, i.status, ${source}
      from input i
      on conflict (tenant_id, external_id) do update set
        customer_id = excluded.customer_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
        offering_id = excluded.offering_id, staff_id = excluded.staff_id, amount = excluded.amount,
        status = excluded.status, updated_at = now()
      where (b.customer_id, b.starts_at, b.ends_at, b.offering_id, b.staff_id, b.amount, b.status)
        is distinct from (excluded.customer_id, excluded.starts_at, excluded.ends_at, excluded.offering_id,
          excluded.staff_id, excluded.amount, excluded.status)
      returning (b.xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from upserted`.execute(trx);
  const row = result.rows[0];
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}
