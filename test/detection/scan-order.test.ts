import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertIntervalRule } from '../../src/adapters/db/detection/intervals.repository.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addCustomer, addOffering, createTenant, DAY, rhythm } from './helpers.ts';

const AS_OF = new Date('2025-06-15T12:00:00Z');
const ago = (days: number) => new Date(AS_OF.getTime() - days * DAY);

describe.each(backends)('scan order, filters and paging on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let nails: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const db = database.db;
    tenantId = await createTenant(db);
    const hair = await addOffering(db, tenantId, 'Hair');
    nails = await addOffering(db, tenantId, 'Nails');
    for (const offeringId of [hair, nails]) {
      await upsertIntervalRule(db, tenantId, { offeringId, intervalDays: 30, note: null });
    }
    const add = (externalId: string, visits: Date[], amount: number, extra: object = {}) =>
      addCustomer(db, tenantId, { externalId, visits, amount, offeringId: hair, ...extra });
    await add('vip', rhythm(AS_OF, 4, 30, 50), 20, { vip: true });
    await add('regular-high', rhythm(AS_OF, 4, 30, 55), 500);
    await add('regular-low', rhythm(AS_OF, 4, 30, 50), 40);
    await add('regular-stalled', rhythm(AS_OF, 5, 30, 65), 40);
    await add('new-high', [ago(80), ago(50)], 2000);
    await add('nails', rhythm(AS_OF, 4, 30, 52), 60, { offeringId: nails });
    await add('active', rhythm(AS_OF, 4, 30, 5), 60);
  });
  afterAll(() => database.dispose());

  it('orders VIP → regular → new, then value at risk, then how overdue', async () => {
    const { items } = await scan(database.db, tenantId, { asOf: AS_OF });
    expect(items.map((e) => e.externalId)).toEqual([
      'vip',
      'regular-high',
      ...items.slice(2, 5).map((e) => e.externalId),
      'new-high',
    ]);
    expect(items.map((e) => e.tier)).toEqual(['vip', 'regular', 'regular', 'regular', 'regular', 'new']);
    const regulars = items.slice(1, 5);
    for (let i = 1; i < regulars.length; i++) {
      expect(regulars[i - 1]!.valueAtRisk).toBeGreaterThanOrEqual(regulars[i]!.valueAtRisk);
    }
    for (const e of items) {
      // riskScore is shown to 4 decimals, valueAtRisk computed before rounding
      expect(Math.abs(e.valueAtRisk - e.riskScore * e.valueIfRetained)).toBeLessThan(
        1e-4 * e.valueIfRetained + 0.01,
      );
    }
  });

  it.each([
    ['state', { states: ['STALLED' as const] }, ['regular-stalled']],
    ['VIP', { vip: true }, ['vip']],
    ['not VIP', { vip: false }, ['regular-high', 'regular-low', 'regular-stalled', 'nails', 'new-high']],
  ])('filters by %s', async (_, filters, expected) => {
    const { items, matched } = await scan(database.db, tenantId, { asOf: AS_OF, filters });
    expect(items.map((e) => e.externalId).sort()).toEqual([...expected].sort());
    expect(matched).toBe(expected.length);
  });

  it('filters by primary offering and by minimum risk', async () => {
    const byOffering = await scan(database.db, tenantId, { asOf: AS_OF, filters: { offeringId: nails } });
    expect(byOffering.items.map((e) => e.externalId)).toEqual(['nails']);
    const all = await scan(database.db, tenantId, { asOf: AS_OF, includeAll: true });
    const threshold = all.items.map((e) => e.riskScore).sort((a, b) => a - b)[3]!;
    const risky = await scan(database.db, tenantId, {
      asOf: AS_OF,
      includeAll: true,
      filters: { minRisk: threshold },
    });
    expect(risky.items.length).toBeGreaterThan(0);
    expect(risky.items.every((e) => e.riskScore >= threshold)).toBe(true);
    expect(risky.items.length).toBe(all.items.filter((e) => e.riskScore >= threshold).length);
  });

  it('pages with a cursor through the same order', async () => {
    const whole = await scan(database.db, tenantId, { asOf: AS_OF, includeAll: true });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await scan(database.db, tenantId, {
        asOf: AS_OF,
        includeAll: true,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(whole.items.length / 3));
    expect(seen).toEqual(whole.items.map((e) => e.id));
    await expect(scan(database.db, tenantId, { asOf: AS_OF, cursor: 'nonsense' })).rejects.toThrow(/cursor/);
  });
});
