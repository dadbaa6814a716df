/**
 * Loads the demo salon (src/app/demo) into a database fast, for benchmarks: customers are
 * generated one at a time and written 5,000 at a time with one INSERT … SELECT FROM unnest(…) per
 * table, ids made here so no row comes back. It skips the validation and upserts of the ingest
 * path (that path has its own benchmark in bench/import.ts): the point is a realistic history of
 * 10k–1M customers in minutes.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/kysely.ts';
import { toPgArray } from '../src/adapters/db/pg-array.ts';
import { demoCatalog, streamDemoCustomers } from '../src/app/demo/index.ts';

export interface LoadOptions {
  customers: number;
  seed?: number;
  now: Date;
  /** Years of history; 1.4 gives about 10 completed activities per customer. */
  years?: number;
  batch?: number;
  onProgress?: (customers: number) => void;
}

export interface LoadedTenant {
  tenantId: string;
  customers: number;
  activities: number;
  bookings: number;
}

export async function loadDemo(db: Db, options: LoadOptions): Promise<LoadedTenant> {
  const catalog = demoCatalog();
  const tenant = await db
    .insertInto('tenants')
    .values({ name: `${catalog.tenant.name} ×${options.customers}`, timezone: catalog.tenant.timezone })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tenantId = tenant.id;
  const offerings = new Map<string, string>();
  for (const o of catalog.offerings) {
    const row = await db
      .insertInto('offerings')
      .values({
        tenant_id: tenantId,
        external_id: o.externalId ?? null,
        name: o.name,
        category: o.category ?? null,
        price: o.price ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    offerings.set(o.externalId ?? o.name, row.id);
  }
  const staff = new Map<string, string>();
  for (const s of catalog.staff) {
    const row = await db
      .insertInto('staff')
      .values({ tenant_id: tenantId, external_id: s.externalId ?? null, name: s.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    staff.set(s.name, row.id);
  }

  const batch = options.batch ?? 5000;
  const totals = { customers: 0, activities: 0, bookings: 0 };
  let customers: string[][] = [];
  let activities: (string | number | null)[][] = [];
  let bookings: (string | number | null)[][] = [];
  const flush = async () => {
    if (customers.length === 0) return;
    const col = (rows: (string | number | boolean | null)[][], i: number) =>
      toPgArray(rows.map((r) => r[i] ?? null));
    await sql`insert into customers (tenant_id, id, external_id, name, vip, consent)
      select ${tenantId}::uuid, * from unnest(${col(customers, 0)}::text::uuid[], ${col(customers, 1)}::text::text[],
        ${col(customers, 2)}::text::text[], ${col(customers, 3)}::text::boolean[], ${col(customers, 4)}::text::text[])`.execute(
      db,
    );
    await sql`insert into activities (tenant_id, customer_id, external_id, occurred_at, offering_id, staff_id, amount, status)
      select ${tenantId}::uuid, * from unnest(${col(activities, 0)}::text::uuid[], ${col(activities, 1)}::text::text[],
        ${col(activities, 2)}::text::timestamptz[], ${col(activities, 3)}::text::uuid[], ${col(activities, 4)}::text::uuid[],
        ${col(activities, 5)}::text::numeric[], ${col(activities, 6)}::text::text[])`.execute(db);
    if (bookings.length > 0) {
      await sql`insert into bookings (tenant_id, customer_id, external_id, starts_at, offering_id, status)
        select ${tenantId}::uuid, * from unnest(${col(bookings, 0)}::text::uuid[], ${col(bookings, 1)}::text::text[],
          ${col(bookings, 2)}::text::timestamptz[], ${col(bookings, 3)}::text::uuid[], ${col(bookings, 4)}::text::text[])`.execute(
        db,
      );
    }
    totals.customers += customers.length;
    totals.activities += activities.length;
    totals.bookings += bookings.length;
    customers = [];
    activities = [];
    bookings = [];
    options.onProgress?.(totals.customers);
  };
  const stream = streamDemoCustomers({
    customers: options.customers,
    seed: options.seed ?? 42,
    now: options.now,
    years: options.years ?? 1.4,
  });
  for (const record of stream) {
    const id = randomUUID();
    const c = record.customer;
    customers.push([
      id,
      c.externalId,
      c.name ?? null,
      c.vip ? 'true' : 'false',
      c.consent ?? 'unknown',
    ] as string[]);
    for (const a of record.activities) {
      activities.push([
        id,
        a.externalId ?? null,
        iso(a.occurredAt),
        a.offering ? (offerings.get(a.offering) ?? null) : null,
        a.staff ? (staff.get(a.staff) ?? null) : null,
        a.amount ?? 0,
        a.status ?? 'completed',
      ]);
    }
    for (const b of record.bookings) {
      bookings.push([
        id,
        b.externalId ?? null,
        iso(b.startsAt),
        b.offering ? (offerings.get(b.offering) ?? null) : null,
        b.status ?? 'booked',
      ]);
    }
    if (customers.length >= batch) await flush();
  }
  await flush();
  return { tenantId, ...totals };
}

function iso(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}
