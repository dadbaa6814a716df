import type { Db } from '../../src/adapters/db/kysely.ts';
import type { AttemptStatus } from '../../src/adapters/db/schema.ts';

/** Small tenants for detection tests, written straight into the tables. */

export const DAY = 86_400_000;

export async function createTenant(
  db: Db,
  values: { name?: string; timezone?: string; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const row = await db
    .insertInto('tenants')
    .values({
      name: values.name ?? 'Detection salon',
      timezone: values.timezone ?? 'UTC',
      settings: JSON.stringify(values.settings ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addOffering(
  db: Db,
  tenantId: string,
  name: string,
  category: string | null = null,
): Promise<string> {
  const row = await db
    .insertInto('offerings')
    .values({ tenant_id: tenantId, name, category })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CustomerSpec {
  externalId: string;
  vip?: boolean;
  blacklisted?: boolean;
  optedOutAt?: Date;
  consent?: 'unknown' | 'granted' | 'denied';
  /** Completed visits. */
  visits?: readonly Date[];
  offeringId?: string | null;
  amount?: number;
}

export async function addCustomer(db: Db, tenantId: string, spec: CustomerSpec): Promise<string> {
  const row = await db
    .insertInto('customers')
    .values({
      tenant_id: tenantId,
      external_id: spec.externalId,
      vip: spec.vip ?? false,
      blacklisted: spec.blacklisted ?? false,
      opted_out_at: spec.optedOutAt ?? null,
      consent: spec.consent ?? 'unknown',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addVisits(db, tenantId, row.id, spec.visits ?? [], spec.offeringId ?? null, spec.amount ?? 100);
  return row.id;
}

export async function addVisits(
  db: Db,
  tenantId: string,
  customerId: string,
  visits: readonly Date[],
  offeringId: string | null,
  amount = 100,
  status: 'completed' | 'cancelled' | 'no_show' = 'completed',
): Promise<void> {
  if (visits.length === 0) return;
  await db
    .insertInto('activities')
    .values(
      visits.map((at) => ({
        tenant_id: tenantId,
        customer_id: customerId,
        occurred_at: at,
        offering_id: offeringId,
        amount,
        status,
      })),
    )
    .execute();
}

export async function addAttempt(
  db: Db,
  tenantId: string,
  customerId: string,
  values: {
    status: AttemptStatus;
    createdAt: Date;
    lastContactedAt?: Date;
    contactCount?: number;
    closedAt?: Date;
  },
): Promise<void> {
  const closed = ['WON', 'LOST', 'CANCELLED'].includes(values.status);
  await db
    .insertInto('attempts')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      status: values.status,
      created_at: values.createdAt,
      last_contacted_at: values.lastContactedAt ?? null,
      contact_count: values.contactCount ?? (values.lastContactedAt ? 1 : 0),
      closed_at: closed ? (values.closedAt ?? new Date(values.createdAt.getTime() + DAY)) : null,
    })
    .execute();
}

export async function addBooking(
  db: Db,
  tenantId: string,
  customerId: string,
  startsAt: Date,
  status: 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show' = 'booked',
): Promise<void> {
  await db
    .insertInto('bookings')
    .values({ tenant_id: tenantId, customer_id: customerId, starts_at: startsAt, status })
    .execute();
}

/** `n` visits `every` days apart, the last one `lastDaysAgo` days before `asOf`. */
export function rhythm(asOf: Date, n: number, every: number, lastDaysAgo: number): Date[] {
  const last = asOf.getTime() - lastDaysAgo * DAY;
  return Array.from({ length: n }, (_, i) => new Date(last - (n - 1 - i) * every * DAY));
}
