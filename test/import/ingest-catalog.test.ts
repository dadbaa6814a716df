import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestActivities } from '../../src/app/ingest/activities.ts';
import { ingestBookings } from '../../src/app/ingest/bookings.ts';
import { ingestOfferings } from '../../src/app/ingest/offerings.ts';
import { ingestStaff } from '../../src/app/ingest/staff.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countRows, createTenant } from './helpers.ts';

describe.each(backends)('offerings, staff and bookings on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  const offerings = (tenantId: string) =>
    database.db
      .selectFrom('offerings as o')
      .leftJoin('offerings as p', (join) =>
        join.onRef('p.id', '=', 'o.parent_id').onRef('p.tenant_id', '=', 'o.tenant_id'),
      )
      .select([
        'o.external_id',
        'o.name',
        'o.kind',
        'o.price',
        'o.margin',
        'o.duration_minutes',
        'p.name as parent',
      ])
      .where('o.tenant_id', '=', tenantId)
      .orderBy('o.name')
      .execute();

  it('upserts offerings by external id, adopting one created by name from an activity', async () => {
    const tenantId = await createTenant(database.db);
    await ingestActivities(database.db, tenantId, [
      { customerExternalId: 'c', occurredAt: '2024-01-01', offering: 'haircut' },
    ]);
    const first = await ingestOfferings(database.db, tenantId, [
      { externalId: 'S1', name: 'Haircut', price: 50, margin: 0.6, durationMinutes: 45 },
      { externalId: 'S2', name: 'Colour', kind: 'service', price: 120.555 },
      { externalId: 'S3', name: 'Colour touch-up', parentExternalId: 'S2' },
    ]);
    expect(first).toEqual({ inserted: 2, updated: 1, unchanged: 0, rejected: 0, errors: [] });
    expect(await offerings(tenantId)).toEqual([
      {
        external_id: 'S2',
        name: 'Colour',
        kind: 'service',
        price: 120.56,
        margin: null,
        duration_minutes: null,
        parent: null,
      },
      {
        external_id: 'S3',
        name: 'Colour touch-up',
        kind: 'service',
        price: null,
        margin: null,
        duration_minutes: null,
        parent: 'Colour',
      },
      {
        external_id: 'S1',
        name: 'Haircut',
        kind: 'service',
        price: 50,
        margin: 0.6,
        duration_minutes: 45,
        parent: null,
      },
    ]);
    const again = await ingestOfferings(database.db, tenantId, [
      { externalId: 'S1', name: 'Haircut', price: 50, margin: 0.6, durationMinutes: 45 },
      { externalId: 'S2', name: 'Colour', kind: 'service', price: 120.555 },
      { externalId: 'S3', name: 'Colour touch-up', parentExternalId: 'S2' },
    ]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const renamed = await ingestOfferings(database.db, tenantId, [
      { externalId: 'S1', name: 'Haircut (women)' },
      { externalId: 'S3', name: 'Touch-up', parentExternalId: null },
    ]);
    expect(renamed).toMatchObject({ updated: 2 });
    expect((await offerings(tenantId)).map((o) => [o.name, o.price, o.parent])).toEqual([
      ['Colour', 120.56, null],
      ['Haircut (women)', 50, null],
      ['Touch-up', null, null],
    ]);
  });

  it('keeps the page of an offering, and rejects a row whose url is not an http(s) address', async () => {
    const tenantId = await createTenant(database.db);
    const summary = await ingestOfferings(database.db, tenantId, [
      { externalId: 'C1', name: 'Excel course', kind: 'course', url: 'https://club.example/excel' },
      { externalId: 'C2', name: 'Power BI course', kind: 'course', url: 'ftp://club.example/pbi' },
    ]);
    expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
    expect(summary.errors[0]?.message).toContain('url');
    const stored = await database.db
      .selectFrom('offerings')
      .select(['external_id', 'url'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(stored).toEqual([{ external_id: 'C1', url: 'https://club.example/excel' }]);
    // unchanged when the column is left out, cleared when stated empty
    expect(
      await ingestOfferings(database.db, tenantId, [{ externalId: 'C1', name: 'Excel course' }]),
    ).toMatchObject({
      unchanged: 1,
    });
    await ingestOfferings(database.db, tenantId, [{ externalId: 'C1', name: 'Excel course', url: null }]);
    const cleared = await database.db
      .selectFrom('offerings')
      .select('url')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(cleared.url).toBeNull();
  });

  it('rejects offerings that would take another one’s name or have an unknown parent', async () => {
    const tenantId = await createTenant(database.db);
    await ingestOfferings(database.db, tenantId, [
      { externalId: 'A', name: 'Alpha' },
      { externalId: 'B', name: 'Beta' },
    ]);
    const summary = await ingestOfferings(database.db, tenantId, [
      { externalId: 'A', name: 'BETA' },
      { externalId: 'C', name: 'alpha' },
      { externalId: 'D', name: 'Delta', parentExternalId: 'nope' },
      { externalId: 'E', name: 'Epsilon', margin: 2 },
      { externalId: 'F', name: 'Phi' },
    ]);
    expect(summary).toMatchObject({ inserted: 1, rejected: 4 });
    expect(summary.errors).toEqual([
      { index: 0, message: 'name: "BETA" already belongs to another offering' },
      { index: 1, message: 'name: "alpha" already belongs to the offering with external id "A"' },
      { index: 2, message: 'parentExternalId: no offering has external id "nope"' },
      { index: 3, message: 'margin: 2 is not a number between 0 and 1' },
    ]);
  });

  it('upserts staff by external id or name, with phones in E.164', async () => {
    const tenantId = await createTenant(database.db, { locale: 'pt-BR' });
    await ingestActivities(database.db, tenantId, [
      { customerExternalId: 'c', occurredAt: '2024-01-01', staff: 'Ana Souza' },
    ]);
    const summary = await ingestStaff(database.db, tenantId, [
      {
        externalId: 'st-1',
        name: 'ana souza',
        phone: '(11) 91234-5678',
        workingHours: { mon: [['09:00', '18:00']] },
      },
      { name: 'Bruno', phone: 'ramal 12' },
      { name: 'Carla', email: 'carla@example.com' },
    ]);
    expect(summary).toMatchObject({ inserted: 1, updated: 1, rejected: 1 });
    expect(summary.errors).toEqual([{ index: 1, message: 'phone: "ramal 12" is not a valid phone number' }]);
    const staff = await database.db
      .selectFrom('staff')
      .select(['external_id', 'name', 'phone', 'working_hours'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();
    expect(staff).toEqual([
      {
        external_id: 'st-1',
        name: 'ana souza',
        phone: '+5511912345678',
        working_hours: { mon: [['09:00', '18:00']] },
      },
      { external_id: null, name: 'Carla', phone: null, working_hours: {} },
    ]);
    const again = await ingestStaff(database.db, tenantId, [
      {
        externalId: 'st-1',
        name: 'ana souza',
        phone: '+55 11 91234-5678',
        workingHours: { mon: [['09:00', '18:00']] },
      },
    ]);
    expect(again).toMatchObject({ unchanged: 1 });
  });

  it('upserts bookings; one without an external id is updated by a later export with a new status', async () => {
    const tenantId = await createTenant(database.db, { timezone: 'Europe/Moscow' });
    const booking = {
      customerExternalId: 'b1',
      startsAt: '2024-06-01T10:00:00+03:00',
      endsAt: '2024-06-01T11:00:00+03:00',
      offering: 'Massage',
      staff: 'Olga',
      amount: 3000,
    };
    const first = await ingestBookings(database.db, tenantId, [
      booking,
      { externalId: 'yc-9', customerExternalId: 'b2', startsAt: '2024-06-02' },
      { customerExternalId: 'b3', startsAt: '2024-06-02T10:00:00Z', endsAt: '2024-06-02T09:00:00Z' },
    ]);
    expect(first).toMatchObject({ inserted: 2, rejected: 1 });
    expect(first.errors).toEqual([{ index: 2, message: 'endsAt: must be after startsAt' }]);
    const confirmed = await ingestBookings(database.db, tenantId, [{ ...booking, status: 'confirmed' }]);
    expect(confirmed).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await database.db
      .selectFrom('bookings')
      .select(['external_id', 'status', 'starts_at', 'source'])
      .where('tenant_id', '=', tenantId)
      .orderBy('starts_at')
      .execute();
    expect(rows.map((r) => [r.status, r.starts_at.toISOString(), r.source])).toEqual([
      ['confirmed', '2024-06-01T07:00:00.000Z', 'api'],
      ['booked', '2024-06-01T21:00:00.000Z', 'api'],
    ]);
    expect(await countRows(database.db, 'customers', tenantId)).toBe(2);
  });
});
