import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerInsights } from '../../src/app/detection/insights.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addBooking, addCustomer, addOffering, createTenant, DAY } from './helpers.ts';

/**
 * One customer explained: Ana has her haircut every 28 days, on Saturday mornings with Maria, and
 * twice had a manicure on other Saturdays; her last visit was 49 days ago (AT_RISK from 1.5 × 28 =
 * 42 days).
 */
const AS_OF = new Date('2025-06-14T15:00:00Z'); // a Saturday, noon in São Paulo
const SATURDAY_MORNING = Date.parse('2025-04-26T13:00:00Z'); // 10:00 in São Paulo, 49 days before
const visit = (weeksBefore: number) => new Date(SATURDAY_MORNING - weeksBefore * 7 * DAY);

describe.each(backends)('customer insights on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let ana: string;
  let haircut: string;
  let manicure: string;
  let maria: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const db = database.db;
    tenantId = await createTenant(db, { timezone: 'America/Sao_Paulo' });
    haircut = await addOffering(db, tenantId, 'Corte feminino', 'hair');
    manicure = await addOffering(db, tenantId, 'Manicure', 'nails');
    const staff = await db
      .insertInto('staff')
      .values({ tenant_id: tenantId, name: 'Maria' })
      .returning('id')
      .executeTakeFirstOrThrow();
    maria = staff.id;
    const haircuts = [20, 16, 12, 8, 4, 0].map(visit);
    ana = await addCustomer(db, tenantId, {
      externalId: 'ana',
      visits: haircuts,
      offeringId: haircut,
      amount: 120,
    });
    await addCustomer(db, tenantId, { externalId: 'other', visits: [visit(3)], offeringId: haircut });
    await db
      .insertInto('activities')
      .values(
        [14, 6].map((weeks) => ({
          tenant_id: tenantId,
          customer_id: ana,
          occurred_at: new Date(visit(weeks).getTime() + 3_600_000),
          offering_id: manicure,
          amount: 50,
        })),
      )
      .execute();
    await db.updateTable('activities').set({ staff_id: maria }).where('tenant_id', '=', tenantId).execute();
  });
  afterAll(() => database.dispose());

  it('gives the state, since when, and the history that led to it', async () => {
    const insights = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(insights.customer).toMatchObject({ id: ana, externalId: 'ana' });
    expect(insights.state).toMatchObject({ current: 'AT_RISK', stored: 'NEW', everActive: true });
    expect(insights.state.since).toEqual(new Date(SATURDAY_MORNING + 42 * DAY));
    expect(insights.state.next?.state).toBe('STALLED');
    expect(insights.state.reason).toMatch(/^AT_RISK: last visit 49 days ago/);
    expect(insights.history.stored).toEqual([]);
    expect(insights.history.replayed.map((t) => t.to)).toEqual(['NEW', 'ACTIVE', 'AT_RISK']);
  });

  it('explains the interval of every offering used, the primary first', async () => {
    const { intervals } = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(intervals.map((i) => [i.offeringName, i.primary, i.visits, i.source, i.intervalDays])).toEqual([
      ['Corte feminino', true, 6, 'personal', 28],
      ['Manicure', false, 2, 'industry', expect.any(Number)],
    ]);
    const manicureSteps = intervals[1]!.steps.map((s) => [s.source, s.used]);
    expect(manicureSteps).toEqual([
      ['manual', false],
      ['personal', false],
      ['tenant_median', false],
      ['industry', true],
    ]);
    expect(intervals[1]!.explanation).toContain('Manicure');
  });

  it('describes her preferences', async () => {
    const { preferences } = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(preferences.visitCount).toBe(8);
    expect(preferences.timeOfDay.preferred).toBe('morning');
    expect(preferences.weekdays.preferred).toEqual(['sat']);
    expect(preferences.staff.preferred).toBe(maria);
    expect(preferences.offerings.preferred).toBe(haircut);
    expect(preferences.regularity.kind).toBe('regular');
  });

  it('says why she is a candidate, and why not once she has booked', async () => {
    const before = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(before.candidate).toMatchObject({ candidate: true, case: 'reactivation', exclusions: [] });
    expect(before.risk.valueAtRisk).toBeGreaterThan(0);
    expect(typeof before.modelNote).toBe('string');
    await addBooking(database.db, tenantId, ana, new Date(AS_OF.getTime() + 3 * DAY));
    const after = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(after.candidate.candidate).toBe(false);
    expect(after.candidate.exclusions.map((e) => e.code)).toEqual(['upcoming_booking']);
    expect(after.candidate.reasons.at(-1)).toMatch(/^excluded: booked for 2025-06-17/);
  });

  it('shows the stored history once a scan of the present has run', async () => {
    await scan(database.db, tenantId, { clock: () => AS_OF });
    const insights = await customerInsights(database.db, tenantId, ana, AS_OF);
    expect(insights.history.stored.map((t) => `${t.from}→${t.to}`)).toEqual(['NEW→ACTIVE', 'ACTIVE→AT_RISK']);
    expect(insights.state.stored).toBe('AT_RISK');
  });

  it('is a 404 for a customer of another tenant', async () => {
    const other = await createTenant(database.db, { name: 'Other' });
    await expect(customerInsights(database.db, other, ana, AS_OF)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
