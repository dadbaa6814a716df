import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import { loadMigrations, migrate, pendingMigrations } from '../../src/adapters/db/migrate.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

describe.each(backends)('migrations on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrate: false });
  });
  afterAll(() => database.dispose());

  it('applies every migration once, and a second run applies nothing', async () => {
    const first = await migrate(database.db);
    expect(first.applied).toEqual(loadMigrations().map((m) => m.name));
    const second = await migrate(database.db);
    expect(second.applied).toEqual([]);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });

  it('two migrators racing apply each migration exactly once', async () => {
    const fresh = await createTestDatabase(backend, { migrate: false });
    try {
      const results = await Promise.all([migrate(fresh.db), migrate(fresh.db), migrate(fresh.db)]);
      const all = results.flatMap((r) => r.applied).sort();
      expect(all).toEqual(
        loadMigrations()
          .map((m) => m.name)
          .sort(),
      );
      const rows = await fresh.db.selectFrom('rekindle_migrations').selectAll().execute();
      expect(rows).toHaveLength(loadMigrations().length);
    } finally {
      await fresh.dispose();
    }
  });

  it('row-level security hides other tenants even from a query without a tenant filter', async () => {
    const [a, b] = await database.db
      .insertInto('tenants')
      .values([{ name: 'A' }, { name: 'B' }])
      .returning('id')
      .execute();
    await database.db
      .insertInto('customers')
      .values([
        { tenant_id: a!.id, external_id: 'a1' },
        { tenant_id: b!.id, external_id: 'b1' },
        { tenant_id: b!.id, external_id: 'b2' },
      ])
      .execute();
    // deliberately no .where('tenant_id', …): only the policy stands between the tenants
    const seenByA = await withTenant(database.db, a!.id, (trx) =>
      trx.selectFrom('customers').select('external_id').execute(),
    );
    expect(seenByA.map((r) => r.external_id)).toEqual(['a1']);
    const tenantsSeenByB = await withTenant(database.db, b!.id, (trx) =>
      trx.selectFrom('tenants').select('name').execute(),
    );
    expect(tenantsSeenByB.map((r) => r.name)).toEqual(['B']);
    await expect(
      withTenant(database.db, a!.id, (trx) =>
        trx.insertInto('customers').values({ tenant_id: b!.id, external_id: 'sneaky' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const role = await withTenant(database.db, a!.id, (trx) =>
      sql<{ current_user: string }>`select current_user`.execute(trx),
    );
    expect(role.rows[0]?.current_user).toBe('rekindle_app');
  });
});
