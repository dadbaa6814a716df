import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvFormatError, importCsv } from '../../src/app/import-csv.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countRows, createTenant, customerByExternalId } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rekindle-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function csv(content: string | Buffer): string {
  const path = join(dir, `file-${++files}.csv`);
  writeFileSync(path, content);
  return path;
}

describe.each(backends)('importCsv on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  it('imports activities, reporting bad rows by physical line while good rows land', async () => {
    const tenantId = await createTenant(database.db);
    const file = csv(
      [
        'customer_external_id,occurred_at,offering,amount,quantity,status,notes',
        '1,2024-01-05,Haircut,50,1,completed,first visit', // line 2
        '', // line 3: blank lines are skipped
        '2,2024-02-30,Haircut,50,1,completed,', // line 4: no such day
        '3,2024-01-06,"Hair,',
        'cut",abc,1,completed,', // lines 5–6: a quoted field over two lines, bad amount
        ',2024-01-07,Haircut,10,1,completed,', // line 7: missing customer
        '4,2024-01-08,Haircut,10,1,finished,', // line 8: unknown status
        '5,2024-01-09,Haircut,10,1,No show,', // line 9: fine (No show → no_show)
        '6,2024-01-10,Haircut,10,1,completed,,extra', // line 10: too many fields
      ].join('\r\n'),
    );
    const summary = await importCsv({ db: database.db, tenantId, entity: 'activities', file });
    expect(summary).toMatchObject({ rows: 7, inserted: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(summary.ignoredColumns).toEqual(['notes']);
    expect(summary.errors.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 4, message: expect.stringMatching(/^occurred_at: "2024-02-30" is not a date/) },
      { line: 5, message: 'amount: "abc" is not a number' },
      { line: 7, message: 'customer_external_id: is required' },
      { line: 8, message: expect.stringMatching(/^status: /) },
      { line: 10, message: 'has 8 fields but the header has 7' },
    ]);
    expect(await countRows(database.db, 'activities', tenantId)).toBe(2);
    const again = await importCsv({ db: database.db, tenantId, entity: 'activities', file });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 5 });
  });

  it('renames headers with a map, reads ; files with decimal commas, and wall-clock times in the tenant zone', async () => {
    const tenantId = await createTenant(database.db, { timezone: 'America/Sao_Paulo' });
    const file = csv(
      'Data;Cliente;Valor;Serviço\n2024-03-01 14:30;c-1;R$ 1.234,50;Corte\n2024-03-02;c-1;80,00;corte\n',
    );
    const summary = await importCsv({
      db: database.db,
      tenantId,
      entity: 'activities',
      file,
      map: 'data=occurred_at, cliente=customer_external_id, valor=amount, serviço=offering',
    });
    expect(summary).toMatchObject({ rows: 2, inserted: 2, rejected: 0 });
    const customer = await customerByExternalId(database.db, tenantId, 'c-1');
    expect(customer).toMatchObject({ activity_count: 2, total_spent: 1314.5 });
    expect(customer?.first_activity_at?.toISOString()).toBe('2024-03-01T17:30:00.000Z');
    expect(await countRows(database.db, 'offerings', tenantId)).toBe(1);
  });

  it('refuses a file without a required column before writing anything', async () => {
    const tenantId = await createTenant(database.db);
    const file = csv('date,customer\n2024-01-01,1\n');
    const attempt = importCsv({ db: database.db, tenantId, entity: 'activities', file });
    await expect(attempt).rejects.toThrow(CsvFormatError);
    await expect(importCsv({ db: database.db, tenantId, entity: 'activities', file })).rejects.toThrow(
      /missing required columns customer_external_id, occurred_at; the file's columns are "date", "customer"/,
    );
    await expect(
      importCsv({ db: database.db, tenantId, entity: 'activities', file, map: { date: 'occured_at' } }),
    ).rejects.toThrow(/--map: "occured_at" is not a column here/);
    await expect(
      importCsv({ db: database.db, tenantId, entity: 'activities', file: csv('') }),
    ).rejects.toThrow(/empty/);
    expect(await countRows(database.db, 'customers', tenantId)).toBe(0);
  });

  it('numbers identical lines across the whole file, so duplicates count and a re-import adds nothing', async () => {
    const tenantId = await createTenant(database.db);
    const line = '7,2024-01-01,1,9.99';
    const file = csv(
      ['customer_external_id,occurred_at,quantity,amount', line, line, '8,2024-01-01,1,5', line].join('\n'),
    );
    const first = await importCsv({ db: database.db, tenantId, entity: 'activities', file, chunkSize: 2 });
    expect(first).toMatchObject({ inserted: 4, unchanged: 0 });
    const second = await importCsv({ db: database.db, tenantId, entity: 'activities', file, chunkSize: 3 });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await customerByExternalId(database.db, tenantId, '7')).toMatchObject({
      activity_count: 3,
      total_spent: 29.97,
    });
  });

  it('imports customers: tags, attributes, yes/no in several languages, phones, multi-line names', async () => {
    const tenantId = await createTenant(database.db, { locale: 'pt-BR' });
    const file = csv(
      [
        'external_id;name;phone;tags;vip;consent;opted_out;attr.Region;attr.segment',
        '1;"Maria\nda Silva";(11) 98765-4321;"vip|cor";sim;sim;não;Sul;A', // lines 2–3
        '2;João;12345;;não;;;;', // line 4: bad phone
        '3;Олег;+7 912 345-67-89;;да;нет;нет;;B', // line 5
      ].join('\n'),
    );
    const summary = await importCsv({ db: database.db, tenantId, entity: 'customers', file });
    expect(summary).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
    expect(summary.errors).toEqual([
      { index: 1, line: 4, message: 'phone: "12345" is not a valid phone number' },
    ]);
    expect(await customerByExternalId(database.db, tenantId, '1')).toMatchObject({
      name: 'Maria\nda Silva',
      phone: '+5511987654321',
      tags: ['vip', 'cor'],
      vip: true,
      consent: 'granted',
      opted_out_at: null,
      attributes: { Region: 'Sul', segment: 'A' },
    });
    expect(await customerByExternalId(database.db, tenantId, '3')).toMatchObject({
      vip: true,
      consent: 'denied',
    });
  });

  it('reads Latin-1 spreadsheet exports and tab-separated files', async () => {
    const tenantId = await createTenant(database.db);
    const latin1 = csv(Buffer.from('external_id,name\n1,São João\n', 'latin1'));
    await importCsv({ db: database.db, tenantId, entity: 'customers', file: latin1 });
    expect((await customerByExternalId(database.db, tenantId, '1'))?.name).toBe('São João');
    const tabs = csv('external_id\tname\tmargin\tprice\nS1\tCorte\t35%\t50\n');
    const summary = await importCsv({ db: database.db, tenantId, entity: 'offerings', file: tabs });
    expect(summary).toMatchObject({ inserted: 1 });
    const offering = await database.db
      .selectFrom('offerings')
      .select(['name', 'margin', 'price'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(offering).toEqual({ name: 'Corte', margin: 0.35, price: 50 });
  });

  it('imports bookings', async () => {
    const tenantId = await createTenant(database.db, { timezone: 'Europe/Moscow' });
    const file = csv(
      'customer_external_id,starts_at,ends_at,staff,status\nk1,2024-07-01T10:00:00+03:00,2024-07-01T11:00:00+03:00,Olga,confirmed\n',
    );
    const summary = await importCsv({ db: database.db, tenantId, entity: 'bookings', file });
    expect(summary).toMatchObject({ inserted: 1 });
    const again = await importCsv({ db: database.db, tenantId, entity: 'bookings', file });
    expect(again).toMatchObject({ inserted: 0, unchanged: 1 });
  });

  it('keeps at most 1,000 errors but counts every rejected row, and reports progress', async () => {
    const tenantId = await createTenant(database.db);
    const lines = ['customer_external_id,occurred_at'];
    for (let i = 0; i < 1500; i++) lines.push(`c${i},not-a-date`);
    lines.push('good,2024-01-01');
    const file = csv(lines.join('\n'));
    const progress: [number, number, number][] = [];
    const summary = await importCsv({
      db: database.db,
      tenantId,
      entity: 'activities',
      file,
      onProgress: (bytes, total, rows) => progress.push([bytes, total, rows]),
    });
    expect(summary).toMatchObject({ rows: 1501, inserted: 1, rejected: 1500 });
    expect(summary.errors).toHaveLength(1000);
    expect(summary.errors[0]).toMatchObject({ line: 2 });
    const last = progress.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
    expect(last?.[2]).toBe(1501);
  });
});
