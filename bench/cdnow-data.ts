/**
 * CDNOW purchases for benchmarks: the master file or the sample, parsed, and loaded into a tenant
 * straight through INSERT … SELECT FROM unnest (one statement per 20,000 rows).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/kysely.ts';
import { toPgArray } from '../src/adapters/db/pg-array.ts';

export const CDNOW_FILES = {
  master: '/work/shared/data/cdnow/CDNOW_master.txt',
  sample: '/work/shared/data/cdnow/CDNOW_sample.txt',
} as const;
export type CdnowFile = keyof typeof CDNOW_FILES;

export interface Purchase {
  customer: string;
  /** YYYY-MM-DD */
  date: string;
  dollars: number;
}

/** master: `customer_id YYYYMMDD cds dollars` (header); sample: `master_id sample_id YYYYMMDD cds dollars`. */
export function readCdnow(file: CdnowFile): Purchase[] {
  const purchases: Purchase[] = [];
  for (const line of readFileSync(CDNOW_FILES[file], 'utf8').split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    const shaped = file === 'master' ? fields.length === 4 && /^\d+$/.test(fields[0]!) : fields.length === 5;
    if (!shaped) continue;
    const [id, ymd, , dollars] = file === 'master' ? fields : fields.slice(1);
    purchases.push({
      customer: String(Number(id)),
      date: `${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6, 8)}`,
      dollars: Number(dollars),
    });
  }
  return purchases;
}

/** A UTC tenant holding these purchases as completed activities; returns its id. */
export async function loadCdnow(
  db: Db,
  purchases: readonly Purchase[],
  name = 'CDNOW',
  settings: Record<string, unknown> = {},
): Promise<string> {
  const tenant = await db
    .insertInto('tenants')
    .values({ name, timezone: 'UTC', settings: JSON.stringify(settings) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids = new Map<string, string>();
  for (const p of purchases) if (!ids.has(p.customer)) ids.set(p.customer, randomUUID());
  const customers = [...ids.entries()];
  for (let i = 0; i < customers.length; i += 20_000) {
    const chunk = customers.slice(i, i + 20_000);
    await sql`insert into customers (tenant_id, id, external_id)
      select ${tenant.id}::uuid, * from unnest(${toPgArray(chunk.map(([, id]) => id))}::text::uuid[],
        ${toPgArray(chunk.map(([external]) => external))}::text::text[])`.execute(db);
  }
  for (let i = 0; i < purchases.length; i += 20_000) {
    const chunk = purchases.slice(i, i + 20_000);
    await sql`insert into activities (tenant_id, customer_id, occurred_at, amount, kind)
      select ${tenant.id}::uuid, c, d, a, 'purchase' from unnest(
        ${toPgArray(chunk.map((p) => ids.get(p.customer)!))}::text::uuid[],
        ${toPgArray(chunk.map((p) => `${p.date}T00:00:00Z`))}::text::timestamptz[],
        ${toPgArray(chunk.map((p) => p.dollars))}::text::numeric[]) as t(c, d, a)`.execute(db);
  }
  return tenant.id;
}
