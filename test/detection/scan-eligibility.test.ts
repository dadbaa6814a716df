import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertIntervalRule } from '../../src/adapters/db/detection/intervals.repository.ts';
import type { CustomerEvaluation } from '../../src/app/detection/index.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  addAttempt,
  addBooking,
  addCustomer,
  addOffering,
  addVisits,
  createTenant,
  DAY,
  rhythm,
} from './helpers.ts';

/**
 * Every exclusion and the eligibility rule through the real scan: one small tenant whose
 * offering has a manual 30-day rule, so AT_RISK starts 45 days after the last visit, STALLED at
 * 60, CHURNED at 120. Each customer below is one row of the table.
 */
const AS_OF = new Date('2025-06-15T12:00:00Z');
const ago = (days: number) => new Date(AS_OF.getTime() - days * DAY);
const lapsed = rhythm(AS_OF, 4, 30, 50);

type Setup = (db: TestDatabase['db'], tenantId: string, customerId: string) => Promise<void>;
interface Case {
  spec?: { visits?: Date[]; vip?: boolean; blacklisted?: boolean; optedOutAt?: Date; consent?: 'denied' };
  setup?: Setup;
  state: CustomerEvaluation['state'];
  kind: CustomerEvaluation['case'];
  exclusions?: string[];
  onboardingOverdue?: boolean;
}
const candidate = (state: CustomerEvaluation['state']): Case => ({
  state,
  kind: 'reactivation',
  exclusions: [],
});
const excluded = (...codes: string[]): Case => ({
  state: 'AT_RISK',
  kind: 'reactivation',
  exclusions: codes,
});
const attempts =
  (...list: Parameters<typeof addAttempt>[3][]): Setup =>
  async (db, tenantId, customerId) => {
    for (const attempt of list) await addAttempt(db, tenantId, customerId, attempt);
  };

const CASES: Record<string, Case> = {
  'at-risk': candidate('AT_RISK'),
  stalled: { ...candidate('STALLED'), spec: { visits: rhythm(AS_OF, 4, 30, 65) } },
  churned: { spec: { visits: rhythm(AS_OF, 4, 30, 130) }, state: 'CHURNED', kind: 'none', exclusions: [] },
  active: { spec: { visits: rhythm(AS_OF, 4, 30, 20) }, state: 'ACTIVE', kind: 'none', exclusions: [] },
  'no-visits': { spec: { visits: [] }, state: 'NEW', kind: 'onboarding', onboardingOverdue: false },
  'one-recent-visit': {
    spec: { visits: [ago(10)] },
    state: 'NEW',
    kind: 'onboarding',
    onboardingOverdue: false,
  },
  'one-old-visit': { spec: { visits: [ago(80)] }, state: 'NEW', kind: 'onboarding', onboardingOverdue: true },
  // Back only after 2× the interval: never became ACTIVE, so not a reactivation case however late.
  'never-active': {
    spec: { visits: [ago(150), ago(50)] },
    state: 'NEW',
    kind: 'onboarding',
    onboardingOverdue: true,
  },
  'two-visits-on-rhythm': { ...candidate('AT_RISK'), spec: { visits: [ago(80), ago(50)] } },
  blacklisted: { ...excluded('blacklisted'), spec: { blacklisted: true } },
  'opted-out': { ...excluded('opted_out'), spec: { optedOutAt: ago(5) } },
  'consent-denied': { ...excluded('opted_out'), spec: { consent: 'denied' } },
  booked: { ...excluded('upcoming_booking'), setup: (db, t, c) => addBooking(db, t, c, ago(-5)) },
  'booking-confirmed': {
    ...excluded('upcoming_booking'),
    setup: (db, t, c) => addBooking(db, t, c, ago(-5), 'confirmed'),
  },
  'booking-cancelled': {
    ...candidate('AT_RISK'),
    setup: (db, t, c) => addBooking(db, t, c, ago(-5), 'cancelled'),
  },
  'booking-in-the-past': { ...candidate('AT_RISK'), setup: (db, t, c) => addBooking(db, t, c, ago(3)) },
  'contacted-today': {
    ...excluded('contacted_today'),
    setup: attempts({
      status: 'LOST',
      createdAt: ago(40),
      lastContactedAt: ago(2 / 24),
      closedAt: ago(1 / 24),
    }),
  },
  'contacted-yesterday': {
    ...candidate('AT_RISK'),
    setup: attempts({ status: 'LOST', createdAt: ago(40), lastContactedAt: ago(1.1), closedAt: ago(1) }),
  },
  'active-attempt': {
    ...excluded('active_attempt'),
    setup: attempts({ status: 'SUGGESTED', createdAt: ago(40) }),
  },
  'attempt-closed-after-as-of': {
    ...excluded('active_attempt'),
    setup: attempts({ status: 'WON', createdAt: ago(40), closedAt: ago(-2) }),
  },
  'max-attempts': {
    ...excluded('max_attempts'),
    setup: attempts(
      { status: 'LOST', createdAt: ago(48), lastContactedAt: ago(48) },
      { status: 'LOST', createdAt: ago(46), lastContactedAt: ago(46) },
      { status: 'LOST', createdAt: ago(44), lastContactedAt: ago(44) },
    ),
  },
  'attempts-before-the-lapse': {
    ...candidate('AT_RISK'),
    setup: attempts(
      { status: 'LOST', createdAt: ago(100) },
      { status: 'LOST', createdAt: ago(95) },
      { status: 'LOST', createdAt: ago(90) },
    ),
  },
  'cancelled-before-contact': {
    ...candidate('AT_RISK'),
    setup: attempts(
      { status: 'CANCELLED', createdAt: ago(48) },
      { status: 'CANCELLED', createdAt: ago(46) },
      { status: 'CANCELLED', createdAt: ago(44) },
    ),
  },
  'min-gap': {
    ...excluded('min_gap'),
    setup: attempts({ status: 'LOST', createdAt: ago(10), closedAt: ago(9) }),
  },
  'attempt-after-as-of': {
    ...candidate('AT_RISK'),
    setup: attempts({ status: 'SUGGESTED', createdAt: ago(-1) }),
  },
  'visit-after-as-of': {
    ...candidate('AT_RISK'),
    setup: async (db, t, c) => {
      const [offering] = await db.selectFrom('offerings').select('id').where('tenant_id', '=', t).execute();
      await addVisits(db, t, c, [ago(-2)], offering!.id);
    },
  },
  'cancelled-visits-do-not-count': {
    ...candidate('AT_RISK'),
    setup: async (db, t, c) => {
      const [offering] = await db.selectFrom('offerings').select('id').where('tenant_id', '=', t).execute();
      await addVisits(db, t, c, [ago(5), ago(1)], offering!.id, 100, 'cancelled');
      await addVisits(db, t, c, [ago(3)], offering!.id, 100, 'no_show');
    },
  },
  'two-reasons': {
    ...excluded('blacklisted', 'upcoming_booking'),
    spec: { blacklisted: true },
    setup: (db, t, c) => addBooking(db, t, c, ago(-1)),
  },
};

describe.each(backends)('scan eligibility and exclusions on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let byExternalId: Map<string, CustomerEvaluation>;
  let result: Awaited<ReturnType<typeof scan>>;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const db = database.db;
    tenantId = await createTenant(db);
    const offeringId = await addOffering(db, tenantId, 'Test service');
    await upsertIntervalRule(db, tenantId, { offeringId, intervalDays: 30, note: 'test rule' });
    for (const [externalId, c] of Object.entries(CASES)) {
      const customerId = await addCustomer(db, tenantId, {
        externalId,
        ...c.spec,
        visits: c.spec?.visits ?? lapsed,
        offeringId,
      });
      await c.setup?.(db, tenantId, customerId);
    }
    result = await scan(db, tenantId, { asOf: AS_OF, includeAll: true, chunkSize: 7 });
    byExternalId = new Map(result.items.map((e) => [e.externalId, e]));
  });
  afterAll(() => database.dispose());

  it.each(Object.entries(CASES))('%s', (externalId, c) => {
    const e = byExternalId.get(externalId)!;
    expect(e, externalId).toBeDefined();
    expect(e.state).toBe(c.state);
    expect(e.case).toBe(c.kind);
    if (c.exclusions) expect(e.exclusions.map((x) => x.code).sort()).toEqual([...c.exclusions].sort());
    if (c.onboardingOverdue !== undefined) expect(e.onboardingOverdue).toBe(c.onboardingOverdue);
    const isCandidate = c.kind === 'reactivation' && (c.exclusions ?? []).length === 0;
    expect(e.candidate).toBe(isCandidate);
    // Without visits there is no primary offering: the tenant's all-offerings median answers.
    expect(e.interval).toMatchObject({ days: 30, source: e.visitCount > 0 ? 'manual' : 'tenant_median' });
    expect(e.riskScore).toBeGreaterThanOrEqual(0);
    expect(e.riskScore).toBeLessThanOrEqual(1);
    for (const exclusion of e.exclusions) expect(e.reasons).toContain(`excluded: ${exclusion.detail}`);
  });

  it('summarises the whole tenant', () => {
    const cases = Object.values(CASES);
    const s = result.summary;
    expect(s.customers).toBe(cases.length);
    expect(s.candidates).toBe(result.items.filter((e) => e.candidate).length);
    expect(s.eligible).toBe(cases.filter((c) => c.kind === 'reactivation').length);
    expect(s.onboarding).toEqual({
      total: cases.filter((c) => c.kind === 'onboarding').length,
      overdue: cases.filter((c) => c.onboardingOverdue).length,
    });
    expect(s.excluded.blacklisted).toBe(2);
    expect(s.excluded.max_attempts).toBe(1);
    expect(s.skipped).toBe(0);
    // a replay stores nothing
    expect(result.persisted).toBe(false);
    expect(s.stateChanges).toBe(0);
  });

  it('lists only candidates by default, candidates first with includeAll', async () => {
    const candidates = await scan(database.db, tenantId, { asOf: AS_OF });
    expect(candidates.items.every((e) => e.candidate)).toBe(true);
    expect(candidates.items).toHaveLength(result.summary.candidates);
    const flags = result.items.map((e) => e.candidate);
    expect(flags.indexOf(false)).toBe(result.summary.candidates);
  });

  it('gives the same answers whatever the chunk size', async () => {
    const whole = await scan(database.db, tenantId, { asOf: AS_OF, includeAll: true });
    expect(whole.items).toEqual(result.items);
  });

  it('skips a customer whose evaluation fails and goes on', async () => {
    const { evaluateCustomer } = await import('../../src/app/detection/evaluate.ts');
    const broken = await scan(database.db, tenantId, {
      asOf: AS_OF,
      includeAll: true,
      chunkSize: 5,
      evaluate: (row, ctx) => {
        if (row.external_id === 'stalled') throw new RangeError('bad data');
        return evaluateCustomer(row, ctx);
      },
    });
    expect(broken.skipped).toEqual([
      { id: byExternalId.get('stalled')!.id, externalId: 'stalled', error: 'bad data' },
    ]);
    expect(broken.summary.customers).toBe(Object.keys(CASES).length - 1);
    expect(broken.summary.skipped).toBe(1);
  });
});
