import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeTenantMedians } from '../../src/app/detection/medians.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addCustomer, addOffering, addVisits, createTenant, DAY, rhythm } from './helpers.ts';

/**
 * Tenant medians (seed 003's service_reactivation_intervals) and the interval waterfall as the
 * scan applies it: a manual rule, a personal rhythm, a tenant median with enough samples, an
 * industry standard by keyword, and the universal default, each falling through to the next.
 */
const AS_OF = new Date('2025-06-15T12:00:00Z');
const ago = (days: number) => new Date(AS_OF.getTime() - days * DAY);

describe.each(backends)('tenant medians and the interval waterfall on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  const offerings: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const db = database.db;
    tenantId = await createTenant(db);
    offerings.coloring = await addOffering(db, tenantId, 'Coloração especial');
    offerings.haircut = await addOffering(db, tenantId, 'Стрижка мужская');
    offerings.mystery = await addOffering(db, tenantId, 'Xyzzy');
    offerings.ruled = await addOffering(db, tenantId, 'Ruled');
    // 12 customers, each with two gaps of 20 + i days on the coloring: 24 samples, median 25.5
    for (let i = 0; i < 12; i++) {
      const gap = 20 + i;
      const id = await addCustomer(db, tenantId, {
        externalId: `coloring-${i}`,
        visits: [ago(300), ago(300 - gap), ago(300 - 2 * gap)],
        offeringId: offerings.coloring,
      });
      // a second service the same day is the same visit: no gap of 0
      await addVisits(db, tenantId, id, [new Date(ago(300).getTime() + 3_600_000)], offerings.coloring);
    }
    // only 3 samples on the haircut: below the 10 required
    for (let i = 0; i < 3; i++) {
      await addCustomer(db, tenantId, {
        externalId: `haircut-${i}`,
        visits: [ago(100), ago(70)],
        offeringId: offerings.haircut,
      });
    }
    await addCustomer(db, tenantId, {
      externalId: 'mystery',
      visits: [ago(90), ago(60)],
      offeringId: offerings.mystery,
    });
    await addCustomer(db, tenantId, {
      externalId: 'personal',
      visits: rhythm(AS_OF, 6, 17, 30),
      offeringId: offerings.coloring,
    });
    await addCustomer(db, tenantId, {
      externalId: 'coloring-two',
      visits: [ago(80), ago(55)],
      offeringId: offerings.coloring,
    });
    await addCustomer(db, tenantId, {
      externalId: 'no-offering',
      visits: [ago(80), ago(60)],
      offeringId: null,
    });
    await addCustomer(db, tenantId, {
      externalId: 'ruled',
      visits: rhythm(AS_OF, 6, 17, 30),
      offeringId: offerings.ruled,
    });
    await db
      .insertInto('interval_rules')
      .values({
        tenant_id: tenantId,
        offering_id: offerings.ruled!,
        interval_days: 45,
        note: 'the owner says',
      })
      .execute();
  });
  afterAll(() => database.dispose());

  it('computes the median gap per offering with its samples, and over all offerings', async () => {
    const result = await recomputeTenantMedians(database.db, tenantId, AS_OF);
    const byName = new Map(result.medians.map((m) => [m.offeringName, m]));
    // coloring: 24 gaps from the 12, 5 from 'personal', 1 from 'coloring-two'
    const coloring = byName.get('Coloração especial')!;
    expect(coloring).toMatchObject({ samples: 30, trusted: true });
    expect(byName.get('Стрижка мужская')).toMatchObject({ medianDays: 30, samples: 3, trusted: false });
    expect(byName.get('Xyzzy')).toMatchObject({ medianDays: 30, samples: 1, trusted: false });
    const all = result.medians.find((m) => m.offeringId === null)!;
    expect(all.samples).toBe(24 + 3 + 1 + 5 + 1 + 1 + 5);
    expect(result.minSamples).toBe(10);
    const stored = await database.db
      .selectFrom('interval_medians')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(stored).toHaveLength(result.medians.length);
    expect(stored.every((row) => row.as_of.getTime() === AS_OF.getTime())).toBe(true);
  });

  it('gives the exact median of the gaps', async () => {
    const twelve = await recomputeTenantMedians(database.db, tenantId, ago(200));
    // as of 200 days ago only the 12 customers' gaps exist: 20,20,21,21,…,31,31 → 25.5
    const coloring = twelve.medians.find((m) => m.offeringName === 'Coloração especial')!;
    expect(coloring).toMatchObject({ medianDays: 25.5, samples: 24 });
  });

  it.each([
    ['ruled', 'manual', 45],
    ['personal', 'personal', 17],
    ['coloring-two', 'tenant_median', null],
    ['haircut-0', 'industry', null],
    ['mystery', 'default', 30],
    ['no-offering', 'tenant_median', null],
  ])('%s: the interval comes from %s', async (externalId, source, days) => {
    const result = await scan(database.db, tenantId, { asOf: AS_OF, includeAll: true });
    const e = result.items.find((item) => item.externalId === externalId)!;
    expect(e.interval.source).toBe(source);
    if (days !== null) expect(e.interval.days).toBe(days);
    if (externalId === 'haircut-0') expect(e.interval.explanation).toContain('fewer than the 10 required');
  });

  it('a scan of now recomputes medians older than a day, a replay never stores them', async () => {
    await recomputeTenantMedians(database.db, tenantId, ago(200));
    const replay = await scan(database.db, tenantId, { asOf: AS_OF });
    expect(replay.medians.recomputed).toBe(true);
    const kept = await database.db
      .selectFrom('interval_medians')
      .select('as_of')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(kept.every((row) => row.as_of.getTime() === ago(200).getTime())).toBe(true);

    const now = await scan(database.db, tenantId, { clock: () => AS_OF });
    expect(now.medians).toEqual({ asOf: AS_OF, recomputed: true });
    const fresh = await scan(database.db, tenantId, { clock: () => new Date(AS_OF.getTime() + 3_600_000) });
    expect(fresh.medians).toEqual({ asOf: AS_OF, recomputed: false });
    const nextDay = await scan(database.db, tenantId, { clock: () => new Date(AS_OF.getTime() + DAY + 1) });
    expect(nextDay.medians.recomputed).toBe(true);
  });
});
