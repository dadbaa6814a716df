import type { IntervalRule, OfferingInfo } from '../../adapters/db/detection/intervals.repository.ts';
import type { ScanRow } from '../../adapters/db/detection/scan.repository.ts';
import { expectedInterval } from '../../domain/intervals/index.ts';
import { classifyLifecycle, deriveLifecycle, type Lifecycle } from '../../domain/lifecycle/index.ts';
import type { DetectionSettings } from '../../domain/settings/detection.ts';
import { MS_PER_DAY, type ZoneClock } from './context.ts';
import { type CustomerHistory, customerHistory } from './customer-history.ts';
import type { CustomerEvaluation, Exclusion, ExpectedIntervalSummary, PriorityTier } from './evaluation.ts';
import type { TenantMedian } from './medians.ts';
import type { ScanModel } from './model.ts';
import { type ModelFigures, modelFigures, summaryFromDays } from './model-figures.ts';
import { combinedRisk } from './risk.ts';

/** What is the same for every customer of one scan. */
export interface EvaluationContext {
  readonly settings: DetectionSettings;
  readonly timeZone: string;
  readonly asOf: Date;
  /** asOf as local wall-clock ms, and its local day. */
  readonly asOfLocalMs: number;
  readonly asOfDay: number;
  /** Instants ↔ local wall-clock ms in the tenant's zone. */
  readonly clock: ZoneClock;
  /** Scanning now: the stored ever-ACTIVE flag counts. A replay derives it from the history it sees. */
  readonly useStoredEverActive: boolean;
  readonly offerings: ReadonlyMap<string, OfferingInfo>;
  /** Offering ids in the order the scan query's ordinals refer to (ordinal 1 is the first). */
  readonly offeringOrder: readonly string[];
  readonly rules: ReadonlyMap<string, IntervalRule>;
  readonly medians: ReadonlyMap<string | null, TenantMedian>;
  readonly model: ScanModel | null;
}

/** An evaluation and what persisting its state needs. */
export interface Evaluated {
  readonly evaluation: CustomerEvaluation;
  readonly lifecycle: Lifecycle;
  /** Visits as local wall-clock instants, one per visit day. */
  readonly visits: readonly Date[];
  readonly history: CustomerHistory;
}

export type EvaluateCustomer = (row: ScanRow, ctx: EvaluationContext) => Evaluated;

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Applies the detection domain to one customer's loaded history: expected interval for their
 * primary offering (the waterfall), lifecycle state, reactivation eligibility, exclusions, model
 * figures, risk, value at risk and priority tier. Pure; throws on data it cannot make sense of,
 * and the scan skips that customer.
 */
export const evaluateCustomer: EvaluateCustomer = (row, ctx) => {
  const { settings } = ctx;
  const history = customerHistory(
    row.epoch_s ?? [],
    row.offering_ords ?? [],
    row.amounts ?? [],
    ctx.clock.toLocal,
    ctx.asOfDay,
  );
  const { days } = history;
  const visits = history.dayLocalMs.map((ms) => new Date(ms));
  const interval = intervalFor(history, ctx);
  const lifecycle = deriveLifecycle(
    {
      completedVisits: visits,
      expectedIntervalDays: interval.days,
      everActive: ctx.useStoredEverActive && row.ever_active,
      now: new Date(ctx.asOfLocalMs),
    },
    settings,
  );
  const lifecycleCase = classifyLifecycle(lifecycle, settings);
  const exclusions = exclusionsFor(row, ctx);

  let figures: ModelFigures | null = null;
  let meanSpend = 0;
  if (days.length > 0) {
    const summary = summaryFromDays(days, history.dayAmounts, ctx.asOfDay);
    meanSpend = summary.meanSpend;
    if (ctx.model) {
      figures = modelFigures(ctx.model.bgnbd, ctx.model.gammaGamma, summary, interval.days / 7);
    }
  }
  const riskScore = combinedRisk(lifecycle.overdueRatio, figures, settings);
  // Value at risk — the value expected to be lost if they do not come back:
  //   valueAtRisk     = riskScore × valueIfRetained
  //   valueIfRetained = E[visits in the next 52 weeks | still a customer] × E[spend per visit]
  // with the BG/NBD (visits) and Gamma-Gamma (spend, shrunk towards the tenant's mean); without a
  // model, a year of visits at the expected interval at the customer's own mean spend per visit.
  const valueIfRetained = figures ? figures.valueIfRetained : (365 / interval.days) * meanSpend;
  const candidate = lifecycleCase.kind === 'reactivation' && exclusions.length === 0;

  const reasons = [lifecycle.reason, `${lifecycleCase.kind}: ${lifecycleCase.reason}`];
  reasons.push(
    `expected interval ${interval.days} days from ${interval.source} (confidence ${interval.confidence.toFixed(2)})`,
  );
  if (figures) {
    reasons.push(
      `P(alive) ${figures.pAlive.toFixed(2)}, P(no visit within ${interval.days} days) ${figures.pNoPurchase.toFixed(2)}`,
    );
  }
  for (const exclusion of exclusions) reasons.push(`excluded: ${exclusion.detail}`);

  const evaluation: CustomerEvaluation = {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    vip: row.vip,
    state: lifecycle.state,
    storedState: row.lifecycle_state,
    everActive: lifecycle.everActive,
    case: lifecycleCase.kind,
    onboardingOverdue: lifecycleCase.kind === 'onboarding' && lifecycleCase.overdue,
    candidate,
    reasons,
    exclusions,
    visitCount: days.length,
    lastVisitAt: row.last_visit_at,
    daysSinceLast: lifecycle.daysSinceLast === null ? null : round(lifecycle.daysSinceLast, 2),
    overdueRatio: lifecycle.overdueRatio === null ? null : round(lifecycle.overdueRatio),
    next: lifecycle.next
      ? { state: lifecycle.next.state, at: new Date(ctx.clock.fromLocal(lifecycle.next.at.getTime())) }
      : null,
    interval,
    riskScore: round(riskScore, 6),
    pAlive: figures ? round(figures.pAlive) : null,
    pNoReturn: figures ? round(figures.pNoPurchase) : null,
    expectedPurchases: figures ? round(figures.expectedPurchases, 3) : null,
    expectedValue: figures ? round(figures.expectedValue, 2) : null,
    valueIfRetained: round(valueIfRetained, 2),
    valueAtRisk: round(riskScore * valueIfRetained, 2),
    tier: tierOf(row.vip, days.length, settings),
    nextBookingAt: row.next_booking_at,
  };
  return { evaluation, lifecycle, visits, history };
};

/** The expected interval of the customer's primary offering, through the waterfall. */
function intervalFor(history: CustomerHistory, ctx: EvaluationContext): ExpectedIntervalSummary {
  const offeringId = ctx.offeringOrder[history.primaryOrd - 1] ?? null;
  const offering = offeringId === null ? undefined : ctx.offerings.get(offeringId);
  const primaryDays = history.primaryDays;
  const gaps = primaryDays.slice(1).map((day, i) => day - primaryDays[i]!);
  const rule = offeringId === null ? undefined : ctx.rules.get(offeringId);
  const result = expectedInterval(
    {
      manualRule: rule
        ? { intervalDays: rule.intervalDays, ...(rule.note ? { note: rule.note } : {}) }
        : null,
      personalGaps: gaps,
      tenantMedian: ctx.medians.get(offeringId) ?? null,
      offeringName: offering?.name ?? '',
      category: offering?.category ?? null,
    },
    ctx.settings,
  );
  return {
    days: result.intervalDays,
    source: result.source,
    confidence: round(result.confidence, 3),
    explanation: result.explanation,
    offeringId,
    offeringName: offering?.name ?? null,
  };
}

/**
 * The reasons not to contact an eligible customer today. Every one is reported, so a customer
 * left out for two reasons says both.
 */
function exclusionsFor(row: ScanRow, ctx: EvaluationContext): Exclusion[] {
  const { scan } = ctx.settings;
  const asOf = ctx.asOf.getTime();
  const exclusions: Exclusion[] = [];
  if (row.blacklisted) exclusions.push({ code: 'blacklisted', detail: 'the customer is blacklisted' });
  if (row.opted_out_at) {
    exclusions.push({ code: 'opted_out', detail: `opted out on ${row.opted_out_at.toISOString()}` });
  } else if (row.consent === 'denied') {
    exclusions.push({ code: 'opted_out', detail: 'consent to be contacted was denied' });
  }
  // the customer asked for a later date (a reply: "I'm away until the 15th")
  if (row.snoozed_until && row.snoozed_until.getTime() > asOf) {
    exclusions.push({
      code: 'snoozed',
      detail: `asked not to be contacted before ${row.snoozed_until.toISOString().slice(0, 10)}`,
    });
  }
  if (scan.skipWithUpcomingBooking && row.next_booking_at) {
    exclusions.push({
      code: 'upcoming_booking',
      detail: `booked for ${row.next_booking_at.toISOString()}`,
    });
  }
  const contacted = row.last_contacted_at;
  if (contacted && Math.floor(ctx.clock.toLocal(contacted.getTime()) / MS_PER_DAY) === ctx.asOfDay) {
    exclusions.push({ code: 'contacted_today', detail: `contacted today at ${contacted.toISOString()}` });
  }
  if (row.active_attempt) {
    exclusions.push({ code: 'active_attempt', detail: 'an attempt to win them back is already open' });
  }
  const attempts = row.attempt_ms ?? [];
  // A return resets the count: only attempts since the last visit use up this lapse's allowance.
  const since = row.last_visit_at?.getTime() ?? Number.NEGATIVE_INFINITY;
  const thisLapse = attempts.filter((ms) => ms > since).length;
  if (thisLapse >= scan.maxAttemptsPerLapse) {
    exclusions.push({
      code: 'max_attempts',
      detail: `${thisLapse} attempt(s) since the last visit, at most ${scan.maxAttemptsPerLapse} per lapse`,
    });
  }
  const latest = attempts.length > 0 ? Math.max(...attempts) : null;
  if (latest !== null && asOf - latest < scan.minDaysBetweenAttempts * MS_PER_DAY) {
    const ago = Math.floor((asOf - latest) / MS_PER_DAY);
    exclusions.push({
      code: 'min_gap',
      detail: `last attempt ${ago} day(s) ago, attempts are at least ${scan.minDaysBetweenAttempts} days apart`,
    });
  }
  return exclusions;
}

/** VIP by the flag; regular once they have a rhythm's worth of visits; new before that. */
function tierOf(vip: boolean, visitDays: number, settings: DetectionSettings): PriorityTier {
  if (vip) return 'vip';
  return visitDays >= settings.personalRhythm.minVisits ? 'regular' : 'new';
}
