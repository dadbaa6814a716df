import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/app/import-csv.ts';
import { ingestActivities } from '../../src/app/ingest/activities.ts';
import { ingestCustomers } from '../../src/app/ingest/customers.ts';
import { ingestOfferings } from '../../src/app/ingest/offerings.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTenant } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rekindle-isolation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(backends)('ingestion keeps tenants apart on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  async function snapshot(tenantId: string) {
    const db = database.db;
    return {
      customers: await db
        .selectFrom('customers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('external_id')
        .execute(),
      activities: await db
        .selectFrom('activities')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('external_id')
        .execute(),
      offerings: await db
        .selectFrom('offerings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name')
        .execute(),
      staff: await db
        .selectFrom('staff')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name')
        .execute(),
    };
  }

  it('importing for tenant A never touches tenant B’s rows, even with identical external ids', async () => {
    const a = await createTenant(database.db, { name: 'A', locale: 'pt-BR' });
    const b = await createTenant(database.db, { name: 'B', locale: 'pt-BR' });
    await ingestCustomers(database.db, b, [
      { externalId: '1', name: 'Bea', phone: '+55 11 98765-4321' },
      { externalId: '2', name: 'Bruno' },
    ]);
    await ingestOfferings(database.db, b, [{ externalId: 'S1', name: 'Haircut', price: 40 }]);
    await ingestActivities(database.db, b, [
      {
        externalId: 'v1',
        customerExternalId: '1',
        occurredAt: '2024-01-01',
        offering: 'S1',
        staff: 'Ana',
        amount: 40,
      },
      { customerExternalId: '2', occurredAt: '2024-01-02', offering: 'Haircut', amount: 40 },
    ]);
    const before = await snapshot(b);

    const customers = join(dir, `customers-${backend}.csv`);
    writeFileSync(customers, 'external_id,name,phone\n1,Alice,11 91234-5678\n2,Arthur,\n');
    const activities = join(dir, `activities-${backend}.csv`);
    writeFileSync(
      activities,
      [
        'customer_external_id,occurred_at,offering,staff,amount,external_id',
        '1,2024-01-01,S1,Ana,40,v1',
        '2,2024-01-02,Haircut,,40,',
        '3,2024-01-03,haircut,ana,99,',
      ].join('\n'),
    );
    await importCsv({ db: database.db, tenantId: a, entity: 'customers', file: customers });
    const summary = await importCsv({ db: database.db, tenantId: a, entity: 'activities', file: activities });
    expect(summary).toMatchObject({ inserted: 3, updated: 0, rejected: 0 });

    expect(await snapshot(b)).toEqual(before);
    const mine = await snapshot(a);
    expect(mine.customers.map((c) => [c.external_id, c.name, c.activity_count])).toEqual([
      ['1', 'Alice', 1],
      ['2', 'Arthur', 1],
      ['3', null, 1],
    ]);
    // "S1" is B's offering's external id, not A's: for A it names a new offering
    expect(mine.offerings.map((o) => o.name).sort()).toEqual(['Haircut', 'S1']);
    expect(mine.staff.map((s) => s.name)).toEqual(['Ana']);
    const offeringIds = new Set(mine.offerings.map((o) => o.id));
    expect(mine.activities.every((row) => row.offering_id && offeringIds.has(row.offering_id))).toBe(true);
  });
});
