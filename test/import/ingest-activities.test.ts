import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestActivities } from '../../src/app/ingest/activities.ts';
import { createBatchKeys } from '../../src/app/ingest/batch-keys.ts';
import type { ActivityInput } from '../../src/contracts/ingest.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countRows, createTenant, customerByExternalId } from './helpers.ts';

describe.each(backends)('ingestActivities on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());
  beforeEach(async () => {
    tenantId = await createTenant(database.db, { timezone: 'America/Sao_Paulo', locale: 'pt-BR' });
  });

  const visits: ActivityInput[] = [
    { customerExternalId: 'c1', occurredAt: '2024-01-05', offering: 'Haircut', staff: 'Ana', amount: 50 },
    { customerExternalId: 'c1', occurredAt: '2024-02-05T10:00:00-03:00', offering: 'haircut', amount: 55 },
    {
      customerExternalId: 'c2',
      occurredAt: '2024-03-01',
      offering: 'HAIRCUT',
      amount: 40,
      status: 'no_show',
    },
    { customerExternalId: 'c2', occurredAt: '2024-03-08', offering: 'Colour', amount: 120, quantity: 2 },
  ];

  it('inserts once: the same batch again is all unchanged', async () => {
    const first = await ingestActivities(database.db, tenantId, visits);
    expect(first).toEqual({ inserted: 4, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const second = await ingestActivities(database.db, tenantId, visits);
    expect(second).toEqual({ inserted: 0, updated: 0, unchanged: 4, rejected: 0, errors: [] });
    expect(await countRows(database.db, 'activities', tenantId)).toBe(4);
  });

  it('creates unknown customers, and each offering and staff member once whatever the case of its name', async () => {
    await ingestActivities(database.db, tenantId, visits);
    expect(await countRows(database.db, 'customers', tenantId)).toBe(2);
    const offerings = await database.db
      .selectFrom('offerings')
      .select(['name', 'external_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    expect(offerings).toEqual([
      { name: 'Colour', external_id: null },
      { name: 'Haircut', external_id: null },
    ]);
    expect(await countRows(database.db, 'staff', tenantId)).toBe(1);
    const customer = await customerByExternalId(database.db, tenantId, 'c1');
    expect(customer).toMatchObject({ name: null, phone: null });
  });

  it('refers to offerings by external id before name', async () => {
    await database.db
      .insertInto('offerings')
      .values([
        { tenant_id: tenantId, external_id: 'SKU-1', name: 'Beard trim' },
        { tenant_id: tenantId, external_id: null, name: 'SKU-1' },
      ])
      .execute();
    await ingestActivities(database.db, tenantId, [
      { customerExternalId: 'c9', occurredAt: '2024-01-01', offering: 'SKU-1' },
    ]);
    const row = await database.db
      .selectFrom('activities')
      .innerJoin('offerings', (join) =>
        join
          .onRef('offerings.id', '=', 'activities.offering_id')
          .onRef('offerings.tenant_id', '=', 'activities.tenant_id'),
      )
      .select('offerings.name')
      .where('activities.tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Beard trim');
  });

  it('keeps the customers’ activity figures, counting completed activities only', async () => {
    await ingestActivities(database.db, tenantId, visits);
    const c1 = await customerByExternalId(database.db, tenantId, 'c1');
    // a plain date is midnight in São Paulo (UTC-3)
    expect(c1?.first_activity_at?.toISOString()).toBe('2024-01-05T03:00:00.000Z');
    expect(c1?.last_activity_at?.toISOString()).toBe('2024-02-05T13:00:00.000Z');
    expect(c1).toMatchObject({ activity_count: 2, total_spent: 105 });
    const c2 = await customerByExternalId(database.db, tenantId, 'c2');
    expect(c2).toMatchObject({ activity_count: 1, total_spent: 120 });
    expect(c2?.first_activity_at?.toISOString()).toBe('2024-03-08T03:00:00.000Z');
  });

  it('updates changed activities and recounts both the customer they left and the one they joined', async () => {
    const rows: ActivityInput[] = [
      { externalId: 'o-1', customerExternalId: 'a', occurredAt: '2024-01-01', amount: 10 },
      { externalId: 'o-2', customerExternalId: 'a', occurredAt: '2024-01-02', amount: 20 },
      { externalId: 'o-3', customerExternalId: 'b', occurredAt: '2024-01-03', amount: 30 },
    ];
    await ingestActivities(database.db, tenantId, rows);
    const moved = await ingestActivities(database.db, tenantId, [
      { externalId: 'o-1', customerExternalId: 'a', occurredAt: '2024-01-01', amount: 10 },
      { externalId: 'o-2', customerExternalId: 'b', occurredAt: '2024-01-02', amount: 25 },
      {
        externalId: 'o-3',
        customerExternalId: 'b',
        occurredAt: '2024-01-03',
        amount: 30,
        status: 'cancelled',
      },
    ]);
    expect(moved).toMatchObject({ inserted: 0, updated: 2, unchanged: 1 });
    expect(await customerByExternalId(database.db, tenantId, 'a')).toMatchObject({
      activity_count: 1,
      total_spent: 10,
    });
    const b = await customerByExternalId(database.db, tenantId, 'b');
    expect(b).toMatchObject({ activity_count: 1, total_spent: 25 });
    expect(b?.last_activity_at?.toISOString()).toBe('2024-01-02T03:00:00.000Z');
  });

  it('rejects bad rows one by one, naming the field, and lands the good ones', async () => {
    const summary = await ingestActivities(database.db, tenantId, [
      { customerExternalId: 'ok', occurredAt: '2024-01-01' },
      { customerExternalId: 'x', occurredAt: '2024-02-30' },
      { customerExternalId: 'x', occurredAt: '2024-01-01', status: 'done' as never },
      { customerExternalId: '', occurredAt: '2024-01-01' },
      { customerExternalId: 'x', occurredAt: '2024-01-01', quantity: 1.5 },
      { externalId: 'dup', customerExternalId: 'ok', occurredAt: '2024-01-02' },
      { externalId: 'dup', customerExternalId: 'ok', occurredAt: '2024-01-03' },
    ]);
    expect(summary.inserted).toBe(2);
    expect(summary.rejected).toBe(5);
    expect(summary.errors).toEqual([
      { index: 1, message: expect.stringMatching(/^occurredAt: "2024-02-30" is not a valid date/) },
      { index: 2, message: 'status: "done" is not one of completed, cancelled, no_show' },
      { index: 3, message: 'customerExternalId: is required' },
      { index: 4, message: 'quantity: 1.5 is not a whole number between 0 and 1000000' },
      { index: 6, message: expect.stringMatching(/^externalId: "dup" appears more than once in this batch/) },
    ]);
    expect(await customerByExternalId(database.db, tenantId, 'x')).toBeUndefined();
  });

  it('counts identical rows separately, and numbers them across calls that share batch keys', async () => {
    const same: ActivityInput = { customerExternalId: 'twin', occurredAt: '2024-05-05', amount: 9.99 };
    const keys = createBatchKeys();
    await ingestActivities(database.db, tenantId, [same, same], { keys });
    await ingestActivities(database.db, tenantId, [same], { keys });
    expect(await countRows(database.db, 'activities', tenantId)).toBe(3);
    const again = createBatchKeys();
    const repeat = await ingestActivities(database.db, tenantId, [same, same, same], { keys: again });
    expect(repeat).toMatchObject({ inserted: 0, unchanged: 3 });
    const keysStored = await database.db
      .selectFrom('activities')
      .select('external_id')
      .where('tenant_id', '=', tenantId)
      .orderBy('external_id')
      .execute();
    expect(keysStored.map((r) => r.external_id?.replace(/^csv:[\w-]{12}:/, 'csv:…:'))).toEqual([
      'csv:…:1',
      'csv:…:2',
      'csv:…:3',
    ]);
  });

  it('splits large batches into chunks and still reports indexes of the whole batch', async () => {
    const rows: ActivityInput[] = Array.from({ length: 25 }, (_, i) => ({
      customerExternalId: `k${i % 4}`,
      occurredAt: i === 17 ? 'never' : `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
      amount: i,
    }));
    const summary = await ingestActivities(database.db, tenantId, rows, { chunkSize: 10 });
    expect(summary).toMatchObject({ inserted: 24, rejected: 1 });
    expect(summary.errors[0]?.index).toBe(17);
    const total = await database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.sum<number>('total_spent').as('total'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(Number(total.total)).toBe((24 * 25) / 2 - 17);
  });
});
