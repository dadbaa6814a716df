import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertIntervalRule } from '../../src/adapters/db/detection/intervals.repository.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addCustomer, addOffering, addVisits, createTenant, DAY, rhythm } from './helpers.ts';

/**
 * Lifecycle states are written back only by scans of the present, with the transitions that led
 * to them at the instants they happened; replays change nothing. Interval: a manual 30 days.
 */
const NOW = new Date('2025-06-15T12:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const clockAt = (days: number) => () => at(days);

describe.each(backends)('lifecycle states stored by the scan on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let offeringId: string;
  const ids: Record<string, string> = {};

  const stored = async (name: string) =>
    database.db
      .selectFrom('customers')
      .select(['lifecycle_state', 'lifecycle_changed_at', 'ever_active'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', ids[name]!)
      .executeTakeFirstOrThrow();
  const transitions = async (name: string) =>
    (
      await database.db
        .selectFrom('lifecycle_transitions')
        .select(['from_state', 'to_state', 'at', 'reason'])
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', ids[name]!)
        .orderBy('at')
        .execute()
    ).map((t) => `${t.from_state}→${t.to_state}@${Math.round((t.at.getTime() - NOW.getTime()) / DAY)}`);

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = await createTenant(database.db, { timezone: 'America/Sao_Paulo' });
    offeringId = await addOffering(database.db, tenantId, 'Test service');
    await upsertIntervalRule(database.db, tenantId, { offeringId, intervalDays: 30, note: null });
    const add = async (name: string, visits: Date[]) => {
      ids[name] = await addCustomer(database.db, tenantId, { externalId: name, visits, offeringId });
    };
    await add('sliding', rhythm(NOW, 3, 30, 50)); // visits at −110, −80, −50
    await add('steady', rhythm(NOW, 3, 30, 10));
    await add('newcomer', [at(-5)]);
  });
  afterAll(() => database.dispose());

  it('a replay stores nothing', async () => {
    const replay = await scan(database.db, tenantId, { asOf: at(-1), clock: clockAt(0) });
    expect(replay.persisted).toBe(false);
    expect(await stored('sliding')).toMatchObject({ lifecycle_state: 'NEW', ever_active: false });
    expect(await transitions('sliding')).toEqual([]);
  });

  it('a scan of now stores each state with the transitions that led to it', async () => {
    const result = await scan(database.db, tenantId, { clock: clockAt(0) });
    expect(result.persisted).toBe(true);
    expect(result.summary.stateChanges).toBe(2);
    expect(await stored('sliding')).toMatchObject({
      lifecycle_state: 'AT_RISK',
      ever_active: true,
      lifecycle_changed_at: at(-50 + 45),
    });
    // NEW → ACTIVE at the second visit, AT_RISK 1.5 intervals after the last one
    expect(await transitions('sliding')).toEqual(['NEW→ACTIVE@-80', 'ACTIVE→AT_RISK@-5']);
    expect(await stored('steady')).toMatchObject({ lifecycle_state: 'ACTIVE', ever_active: true });
    expect(await transitions('steady')).toEqual(['NEW→ACTIVE@-40']);
    expect(await stored('newcomer')).toMatchObject({ lifecycle_state: 'NEW', ever_active: false });
    expect(await transitions('newcomer')).toEqual([]);
  });

  it('a second scan the same day changes nothing', async () => {
    const again = await scan(database.db, tenantId, { clock: clockAt(0.1) });
    expect(again.summary.stateChanges).toBe(0);
    expect(await transitions('sliding')).toHaveLength(2);
  });

  it('a later scan adds only what happened since, each step at its own instant', async () => {
    // 75 days after the last visit: STALLED since day +10 (2×), not yet CHURNED (4× = +70)… then +80
    const later = await scan(database.db, tenantId, { clock: clockAt(80) });
    expect(later.summary.stateChanges).toBeGreaterThanOrEqual(1);
    expect(await transitions('sliding')).toEqual([
      'NEW→ACTIVE@-80',
      'ACTIVE→AT_RISK@-5',
      'AT_RISK→STALLED@10',
      'STALLED→CHURNED@70',
    ]);
    expect(await stored('sliding')).toMatchObject({
      lifecycle_state: 'CHURNED',
      lifecycle_changed_at: at(70),
    });
  });

  it('a return brings a lapsed customer back to ACTIVE at the visit', async () => {
    await addVisits(database.db, tenantId, ids.sliding!, [at(85)], offeringId);
    await scan(database.db, tenantId, { clock: clockAt(86) });
    expect(await stored('sliding')).toMatchObject({
      lifecycle_state: 'ACTIVE',
      lifecycle_changed_at: at(85),
    });
    expect((await transitions('sliding')).at(-1)).toBe('CHURNED→ACTIVE@85');
  });

  it('keeps the ever-ACTIVE flag: a customer known to have been ACTIVE lapses after one more visit', async () => {
    // 'newcomer' is NEW; mark them ACTIVE once (as an import from an older system would)
    await database.db
      .updateTable('customers')
      .set({ ever_active: true })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', ids.newcomer!)
      .execute();
    const result = await scan(database.db, tenantId, { clock: clockAt(86), includeAll: true });
    const newcomer = result.items.find((e) => e.externalId === 'newcomer')!;
    // 91 days after their one visit: past 2× the interval, and eligible since once ACTIVE
    expect(newcomer).toMatchObject({ state: 'STALLED', everActive: true, case: 'reactivation' });
    expect(await transitions('newcomer')).toEqual(['NEW→STALLED@55']);
    // a replay ignores the stored flag: from the history alone they never became ACTIVE
    const replay = await scan(database.db, tenantId, { asOf: at(86), clock: clockAt(200), includeAll: true });
    expect(replay.items.find((e) => e.externalId === 'newcomer')).toMatchObject({
      state: 'NEW',
      case: 'onboarding',
    });
  });
});
