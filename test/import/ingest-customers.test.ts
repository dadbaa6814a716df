import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCustomers } from '../../src/app/ingest/customers.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTenant, customerByExternalId } from './helpers.ts';

describe.each(backends)('ingestCustomers on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  it('normalises phones with the default country from settings, else from the locale', async () => {
    const fromSettings = await createTenant(database.db, {
      locale: 'en',
      settings: { defaultCountry: 'RU' },
    });
    const fromLocale = await createTenant(database.db, { locale: 'pt-BR' });
    const settingsWins = await createTenant(database.db, {
      locale: 'pt-BR',
      settings: { defaultCountry: 'US' },
    });
    await ingestCustomers(database.db, fromSettings, [{ externalId: '1', phone: '8 (912) 345-67-89' }]);
    await ingestCustomers(database.db, fromLocale, [{ externalId: '1', phone: '(11) 98765-4321' }]);
    await ingestCustomers(database.db, settingsWins, [{ externalId: '1', phone: '(415) 555-2671' }]);
    expect((await customerByExternalId(database.db, fromSettings, '1'))?.phone).toBe('+79123456789');
    expect((await customerByExternalId(database.db, fromLocale, '1'))?.phone).toBe('+5511987654321');
    expect((await customerByExternalId(database.db, settingsWins, '1'))?.phone).toBe('+14155552671');
  });

  it('without a country accepts only international numbers, and rejects unreadable phones by row', async () => {
    const tenantId = await createTenant(database.db, { locale: 'en' });
    const summary = await ingestCustomers(database.db, tenantId, [
      { externalId: 'a', phone: '+44 20 7946 0958' },
      { externalId: 'b', phone: '020 7946 0958' },
      { externalId: 'c', phone: '+55 12345' },
      { externalId: 'd', name: 'No phone' },
    ]);
    expect(summary).toMatchObject({ inserted: 2, rejected: 2 });
    expect(summary.errors).toEqual([
      { index: 1, message: 'phone: "020 7946 0958" is not a valid phone number' },
      { index: 2, message: 'phone: "+55 12345" is not a valid phone number' },
    ]);
    expect((await customerByExternalId(database.db, tenantId, 'a'))?.phone).toBe('+442079460958');
  });

  it('upserts by external id: absent fields stay, null clears, attributes merge, tags replace', async () => {
    const tenantId = await createTenant(database.db, { locale: 'pt-BR' });
    const first = await ingestCustomers(database.db, tenantId, [
      {
        externalId: 'm1',
        name: 'Maria',
        phone: '11 98765-4321',
        email: 'maria@example.com',
        tags: ['vip', 'color', 'vip'],
        attributes: { region: 'SP', segment: 'A' },
        vip: true,
        consent: 'granted',
      },
    ]);
    expect(first).toMatchObject({ inserted: 1, updated: 0 });
    const again = await ingestCustomers(database.db, tenantId, [{ externalId: 'm1', name: 'Maria' }]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });

    const changed = await ingestCustomers(database.db, tenantId, [
      { externalId: 'm1', email: null, tags: ['loyal'], attributes: { segment: 'B', city: 'Campinas' } },
    ]);
    expect(changed).toMatchObject({ updated: 1 });
    expect(await customerByExternalId(database.db, tenantId, 'm1')).toMatchObject({
      name: 'Maria',
      phone: '+5511987654321',
      email: null,
      tags: ['loyal'],
      attributes: { region: 'SP', segment: 'B', city: 'Campinas' },
      vip: true,
      consent: 'granted',
    });
  });

  it('records an opt-out once and never lifts it by import', async () => {
    const tenantId = await createTenant(database.db);
    await ingestCustomers(database.db, tenantId, [{ externalId: 'o', optedOut: true }]);
    const optedOut = await customerByExternalId(database.db, tenantId, 'o');
    expect(optedOut?.opted_out_at).toBeInstanceOf(Date);
    expect(optedOut?.opt_out_reason).toBe('import');
    const again = await ingestCustomers(database.db, tenantId, [{ externalId: 'o', optedOut: true }]);
    expect(again).toMatchObject({ unchanged: 1 });
    const lifted = await ingestCustomers(database.db, tenantId, [
      { externalId: 'o', optedOut: false, blacklisted: true },
    ]);
    expect(lifted).toMatchObject({ updated: 1 });
    const after = await customerByExternalId(database.db, tenantId, 'o');
    expect(after?.opted_out_at?.getTime()).toBe(optedOut?.opted_out_at?.getTime());
    expect(after?.blacklisted).toBe(true);
  });

  it('checks fields itself, whatever the caller validated', async () => {
    const tenantId = await createTenant(database.db);
    const summary = await ingestCustomers(database.db, tenantId, [
      { externalId: 'ok' },
      { externalId: 'e', email: 'not-an-email' },
      { externalId: 'l', locale: 'Portuguese' },
      { externalId: 'v', vip: 'yes' as never },
      { externalId: 'ok', name: 'again' },
    ]);
    expect(summary.inserted).toBe(1);
    expect(summary.errors.map((e) => e.message)).toEqual([
      'email: "not-an-email" is not a valid e-mail address',
      'locale: "Portuguese" is not a tag such as pt-BR or ru',
      'vip: "yes" is not true or false',
      'externalId: "ok" appears more than once in this batch; only its first row is applied',
    ]);
  });
});
