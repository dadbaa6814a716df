import { listTransitions } from '../../adapters/db/detection/lifecycle.repository.ts';
import {
  loadCustomerVisits,
  loadScanChunk,
  type VisitRow,
} from '../../adapters/db/detection/scan.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { expectedInterval, gapsInDays, type IntervalStep } from '../../domain/intervals/index.ts';
import { type LifecycleState, lastEntered, replayLifecycle } from '../../domain/lifecycle/index.ts';
import { analysePreferences, type Preferences } from '../../domain/preferences/index.ts';
import { notFound } from '../errors.ts';
import { evaluateCustomer } from './evaluate.ts';
import type { CustomerEvaluation } from './evaluation.ts';
import { modelFigures, summaryFromDays } from './model-figures.ts';
import { type PreparedScan, prepareScan } from './scan.ts';

export interface Transition {
  from: LifecycleState | null;
  to: LifecycleState;
  at: Date;
  reason: string;
}

export interface OfferingInterval {
  offeringId: string | null;
  offeringName: string | null;
  primary: boolean;
  visits: number;
  intervalDays: number;
  source: CustomerEvaluation['interval']['source'];
  confidence: number;
  explanation: string;
  steps: readonly IntervalStep[];
}

export interface CustomerInsights {
  customer: { id: string; externalId: string; name: string | null; vip: boolean };
  asOf: Date;
  state: {
    current: LifecycleState;
    stored: LifecycleState;
    everActive: boolean;
    since: Date | null;
    reason: string;
    next: CustomerEvaluation['next'];
    daysSinceLast: number | null;
    overdueRatio: number | null;
  };
  history: { stored: Transition[]; replayed: Transition[] };
  intervals: OfferingInterval[];
  model: {
    fitId: string;
    fitAsOf: Date;
    x: number;
    tx: number;
    T: number;
    monetary: number;
    pAlive: number;
    pNoReturn: number;
    expectedPurchases: number;
    expectedValue: number;
  } | null;
  modelNote: string;
  risk: Pick<CustomerEvaluation, 'riskScore' | 'valueIfRetained' | 'valueAtRisk' | 'tier'>;
  preferences: Preferences;
  candidate: Pick<
    CustomerEvaluation,
    'candidate' | 'case' | 'onboardingOverdue' | 'reasons' | 'exclusions'
  > & {
    nextBookingAt: Date | null;
  };
}

/**
 * Everything detection knows about one customer at `asOf` (now when omitted): their state and
 * how they got there, the expected interval for every offering they used with the waterfall's
 * reasoning, the model's figures, their preferences, and why they are or are not a candidate.
 * Reads only: unlike a scan of the present, it stores no state change.
 */
export async function customerInsights(
  db: Db,
  tenantId: string,
  customerId: string,
  asOfInput?: Date | string,
): Promise<CustomerInsights> {
  const found = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirst(),
  );
  if (!found) throw notFound('customer', customerId);
  const prepared = await prepareScan(db, tenantId, asOfInput);
  const { context, asOf } = prepared;
  const loaded = await withTenant(db, tenantId, async (trx) => {
    const [row] = await loadScanChunk(trx, {
      tenantId,
      asOf,
      offeringIds: context.offeringOrder,
      chunk: { kind: 'ids', ids: [customerId] },
    });
    const visits = await loadCustomerVisits(trx, tenantId, customerId, asOf);
    const stored = await listTransitions(trx, tenantId, customerId, asOf);
    return { row, visits, stored };
  });
  const { row } = loaded;
  if (!row) throw notFound('customer', customerId);
  const { evaluation: e, lifecycle, visits, history } = evaluateCustomer(row, context);
  const tz = context.timeZone;

  const replayed = replayLifecycle(
    visits,
    () => e.interval.days,
    context.settings,
    new Date(context.asOfLocalMs),
  ).map((t) => ({ ...t, at: new Date(context.clock.fromLocal(t.at.getTime())) }));
  const stored = loaded.stored.map((t) => ({
    from: t.from_state,
    to: t.to_state,
    at: t.at,
    reason: t.reason,
  }));
  const storedSince = row.lifecycle_state === e.state ? row.lifecycle_changed_at : null;
  const since = (prepared.now ? storedSince : null) ?? lastEntered(replayed, e.state);

  let model: CustomerInsights['model'] = null;
  if (prepared.model && history.days.length > 0) {
    const summary = summaryFromDays(history.days, history.dayAmounts, context.asOfDay);
    const figures = modelFigures(
      prepared.model.bgnbd,
      prepared.model.gammaGamma,
      summary,
      e.interval.days / 7,
    );
    model = {
      fitId: prepared.model.fitId,
      fitAsOf: prepared.model.asOf,
      x: summary.x,
      tx: summary.tx,
      T: summary.T,
      monetary: summary.monetary,
      pAlive: figures.pAlive,
      pNoReturn: figures.pNoPurchase,
      expectedPurchases: figures.expectedPurchases,
      expectedValue: figures.expectedValue,
    };
  }

  return {
    customer: { id: row.id, externalId: row.external_id, name: row.name, vip: row.vip },
    asOf,
    state: {
      current: e.state,
      stored: row.lifecycle_state,
      everActive: lifecycle.everActive,
      since,
      reason: lifecycle.reason,
      next: e.next,
      daysSinceLast: e.daysSinceLast,
      overdueRatio: e.overdueRatio,
    },
    history: { stored, replayed },
    intervals: intervalsByOffering(loaded.visits, prepared, e.interval.offeringId),
    model,
    modelNote: prepared.modelNote,
    risk: {
      riskScore: e.riskScore,
      valueIfRetained: e.valueIfRetained,
      valueAtRisk: e.valueAtRisk,
      tier: e.tier,
    },
    preferences: analysePreferences(
      loaded.visits.map((v) => ({ at: v.occurred_at, staffId: v.staff_id, offeringId: v.offering_id })),
      { timeZone: tz, rhythm: context.settings.personalRhythm },
    ),
    candidate: {
      candidate: e.candidate,
      case: e.case,
      onboardingOverdue: e.onboardingOverdue,
      reasons: e.reasons,
      exclusions: e.exclusions,
      nextBookingAt: row.next_booking_at,
    },
  };
}

/** The waterfall for every offering the customer used, the primary one first, then by visits. */
function intervalsByOffering(
  visits: readonly VisitRow[],
  prepared: PreparedScan,
  primaryId: string | null,
): OfferingInterval[] {
  const { context } = prepared;
  const byOffering = new Map<string | null, Date[]>();
  for (const visit of visits) {
    const list = byOffering.get(visit.offering_id) ?? [];
    list.push(visit.occurred_at);
    byOffering.set(visit.offering_id, list);
  }
  const intervals = [...byOffering.entries()].map(([offeringId, dates]): OfferingInterval => {
    const offering = offeringId === null ? undefined : context.offerings.get(offeringId);
    const rule = offeringId === null ? undefined : context.rules.get(offeringId);
    const gaps = gapsInDays(dates, context.timeZone);
    const result = expectedInterval(
      {
        manualRule: rule
          ? { intervalDays: rule.intervalDays, ...(rule.note ? { note: rule.note } : {}) }
          : null,
        personalGaps: gaps,
        tenantMedian: context.medians.get(offeringId) ?? null,
        offeringName: offering?.name ?? '',
        category: offering?.category ?? null,
      },
      context.settings,
    );
    return {
      offeringId,
      offeringName: offering?.name ?? null,
      primary: offeringId === primaryId,
      visits: gaps.length + 1,
      intervalDays: result.intervalDays,
      source: result.source,
      confidence: result.confidence,
      explanation: result.explanation,
      steps: result.steps,
    };
  });
  return intervals.sort((a, b) => Number(b.primary) - Number(a.primary) || b.visits - a.visits);
}
