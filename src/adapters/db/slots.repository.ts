import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import type { OfferingKind, WorkingHours } from './schema.ts';

/** What the slot finder reads: staff hours, the time bookings take, who performs what, visits. */

export interface SlotStaffRow {
  id: string;
  name: string;
  working_hours: WorkingHours;
  active: boolean;
}

/** Every staff member, active or not (a customer's favourite may have left; the name still explains). */
export async function loadStaffForSlots(db: DbOrTrx, tenantId: string): Promise<SlotStaffRow[]> {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'working_hours', 'active'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export interface BusyRow {
  staff_id: string;
  starts_at: Date;
  ends_at: Date;
}

/**
 * The longest a booking is assumed to run: one that began this long before the window has ended
 * by then, so the index on (tenant_id, starts_at) bounds the scan instead of reading every past
 * booking. A day is eight times the demo salon's longest service (highlights, 180 minutes).
 */
const LONGEST_BOOKING = '1 day';

/**
 * The time taken by booked or confirmed appointments of a staff member that overlap [from, to).
 * Cancelled, completed and no-show bookings free their time. A booking without an end lasts its
 * offering's duration, or `defaultMinutes` when that is unknown too. Bookings without a staff
 * member block no one: they cannot be placed on anyone's day.
 */
export async function loadBusyIntervals(
  db: DbOrTrx,
  tenantId: string,
  window: { from: Date; to: Date; defaultMinutes: number },
): Promise<BusyRow[]> {
  const end = sql<Date>`coalesce(b.ends_at, b.starts_at + make_interval(mins => coalesce(o.duration_minutes, ${window.defaultMinutes}::int)))`;
  return db
    .selectFrom('bookings as b')
    .leftJoin('offerings as o', (join) =>
      join.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.offering_id'),
    )
    .select((eb) => [eb.ref('b.staff_id').$notNull().as('staff_id'), 'b.starts_at', end.as('ends_at')])
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', 'in', ['booked', 'confirmed'])
    .where('b.staff_id', 'is not', null)
    .where('b.starts_at', '<', window.to)
    .where('b.starts_at', '>', sql<Date>`${window.from}::timestamptz - ${LONGEST_BOOKING}::interval`)
    .where(end, '>', window.from)
    .orderBy('b.starts_at')
    .execute();
}

export interface SlotOfferingRow {
  id: string;
  name: string;
  kind: OfferingKind;
  duration_minutes: number | null;
}

export async function loadOfferingsForSlots(db: DbOrTrx, tenantId: string): Promise<SlotOfferingRow[]> {
  return db
    .selectFrom('offerings')
    .select(['id', 'name', 'kind', 'duration_minutes'])
    .where('tenant_id', '=', tenantId)
    .execute();
}

/** Which staff member completed which offering since `since`: who can do what. */
export async function loadOfferingStaff(
  db: DbOrTrx,
  tenantId: string,
  since: Date,
): Promise<{ offering_id: string; staff_id: string }[]> {
  return db
    .selectFrom('activities')
    .select((eb) => [
      eb.ref('offering_id').$notNull().as('offering_id'),
      eb.ref('staff_id').$notNull().as('staff_id'),
    ])
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'completed')
    .where('occurred_at', '>=', since)
    .where('offering_id', 'is not', null)
    .where('staff_id', 'is not', null)
    .execute();
}

export async function loadTenantTimeZone(db: DbOrTrx, tenantId: string): Promise<string | undefined> {
  const row = await db.selectFrom('tenants').select('timezone').where('id', '=', tenantId).executeTakeFirst();
  return row?.timezone;
}

/** The ids among `customerIds` that are the tenant's customers. */
export async function existingCustomerIds(
  db: DbOrTrx,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(customerIds)])
    .execute();
  return new Set(rows.map((row) => row.id));
}

export interface CompletedVisitRow {
  customer_id: string;
  occurred_at: Date;
  staff_id: string | null;
  offering_id: string | null;
}

/** Completed visits of some customers up to `until`, oldest first: what their preferences come from. */
export async function loadCompletedVisits(
  db: DbOrTrx,
  tenantId: string,
  customerIds: readonly string[],
  until: Date,
): Promise<CompletedVisitRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom('activities')
    .select(['customer_id', 'occurred_at', 'staff_id', 'offering_id'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', [...new Set(customerIds)])
    .where('status', '=', 'completed')
    .where('occurred_at', '<=', until)
    .orderBy('customer_id')
    .orderBy('occurred_at')
    .execute();
}
