import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDNOW_MASTER, convertCdnow } from '../../bench/cdnow-to-csv.ts';
import { importCsv } from '../../src/app/import-csv.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countRows, createTenant } from './helpers.ts';

/**
 * The CDNOW master file (23,570 customers, 69,659 purchases, 1997–1998) imported end to end:
 * converted to the canonical activities CSV, imported, and imported again.
 */
const master = process.env.CDNOW_MASTER ?? CDNOW_MASTER;
const dir = mkdtempSync(join(tmpdir(), 'rekindle-cdnow-'));
const file = join(dir, 'cdnow-activities.csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Total revenue in cents, summed straight from the master file's dollar column. */
function expectedRevenueCents(): number {
  let cents = 0;
  for (const line of readFileSync(master, 'utf8').split('\n').slice(1)) {
    const dollars = line.trim().split(/\s+/)[3];
    if (!dollars) continue;
    const [whole, fraction = ''] = dollars.split('.');
    cents += Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }
  return cents;
}

beforeAll(async () => {
  await convertCdnow(master, file);
});

describe.each(backends)('CDNOW master file on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = await createTenant(database.db, { name: 'CDNOW' });
  });
  afterAll(() => database.dispose());

  it('imports every customer, purchase and cent', { timeout: 300_000 }, async () => {
    const summary = await importCsv({ db: database.db, tenantId, entity: 'activities', file });
    expect(summary).toMatchObject({ rows: 69_659, inserted: 69_659, updated: 0, unchanged: 0, rejected: 0 });
    expect(await countRows(database.db, 'customers', tenantId)).toBe(23_570);
    expect(await countRows(database.db, 'activities', tenantId)).toBe(69_659);

    const cents = expectedRevenueCents();
    const totals = await sql<{ activities: number; customers: number; counted: number }>`
      select
        (select (sum(amount) * 100)::bigint from activities where tenant_id = ${tenantId}) as activities,
        (select (sum(total_spent) * 100)::bigint from customers where tenant_id = ${tenantId}) as customers,
        (select sum(activity_count)::bigint from customers where tenant_id = ${tenantId}) as counted`.execute(
      database.db,
    );
    expect(totals.rows[0]).toEqual({ activities: cents, customers: cents, counted: 69_659 });
  });

  it('changes nothing when the same file is imported again', { timeout: 300_000 }, async () => {
    const summary = await importCsv({ db: database.db, tenantId, entity: 'activities', file });
    expect(summary).toMatchObject({ rows: 69_659, inserted: 0, updated: 0, unchanged: 69_659, rejected: 0 });
    expect(await countRows(database.db, 'activities', tenantId)).toBe(69_659);
  });
});
