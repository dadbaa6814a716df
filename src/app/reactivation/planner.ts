import type { Logger } from 'pino';
import { loadScanChunk } from '../../adapters/db/detection/scan.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import {
  attemptsOfCustomers,
  customersWithOpenAttempts,
  expireAttempts,
  findAttempt,
  insertAttempt,
  listEvents,
} from '../../adapters/db/reactivation/attempts.repository.ts';
import {
  type PlanningCustomerRow,
  type PlanningOfferingRow,
  type PlanningVisitRow,
  planningCoPurchase,
  planningCustomers,
  planningOfferings,
  planningStaff,
  planningTenant,
  planningVisits,
} from '../../adapters/db/reactivation/planning.repository.ts';
import type { AttemptRow, AttemptSlot, NewAttemptRow } from '../../adapters/db/schema.ts';
import {
  checkMessage,
  type MessageChannel,
  messageLimit,
  messageLocaleOf,
} from '../../domain/messages/index.ts';
import { analysePreferences } from '../../domain/preferences/index.ts';
import type { Strategy } from '../../domain/reactivation/attempt.ts';
import { parseReactivationSettings, type ReactivationSettings } from '../../domain/settings/reactivation.ts';
import { createOfferLedger, type OfferLedger } from '../../domain/slots/index.ts';
import {
  controlKey,
  type Decision,
  type DecisionInput,
  decide,
  isControl,
  type PreviousAttempt,
} from '../../domain/strategy/index.ts';
import type { MessageWriter, WrittenMessage } from '../compose/index.ts';
import { evaluateCustomer } from '../detection/evaluate.ts';
import type { CustomerEvaluation } from '../detection/evaluation.ts';
import { prepareScan, scan } from '../detection/index.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.ts';
import { toInstantRange } from '../instants.ts';
import { createSlotSuggester, loadCustomerPreferences, type SlotSuggester } from '../slots/index.ts';
import { type Attempt, toAttempt } from './attempt-view.ts';
import type { TextCheck } from './attempts.ts';
import { handOffToQueue } from './handoff.ts';
import { strategyEffectiveness } from './metrics.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A WAIT with no date of its own (nothing in the history says when trying gets better) is looked
 * at again after a week: long enough not to churn through the same decision daily, short enough
 * that a customer who keeps slipping is not forgotten.
 */
const WAIT_RECHECK_DAYS = 7;
/** Slots are offered from tomorrow over the following week: soon enough to act on, far enough to plan. */
const SLOT_DAYS = 7;
/** Each customer's visits the decision reads: enough for rhythm, discounts and seasons. */
const VISITS_PER_CUSTOMER = 100;

export interface PlanRunOptions {
  origin: 'daily_run' | 'plan' | 'api';
  actor: string;
  /** Decide on the history as of this instant; default now (and the scan stores state changes). */
  asOf?: Date | string;
  /** How many candidates, in priority order; default the tenant's dailyRun.limit. */
  limit?: number;
}

export interface PlanResult {
  asOf: Date;
  mode: ReactivationSettings['mode'];
  candidates: number;
  considered: number;
  created: number;
  byStatus: Record<string, number>;
  byStrategy: Record<string, number>;
  control: number;
  expired: { suggestions: number; waits: number };
  skipped: { customerId: string; externalId: string; reason: string }[];
  attempts: Attempt[];
  seconds: number;
}

export interface Planner {
  /** The day's planning: expire, scan, then decide, hold out, find slots and write for the top candidates. */
  run(db: Db, tenantId: string, options: PlanRunOptions): Promise<PlanResult>;
  /** One attempt for one customer now, optionally with the operator's strategy. */
  createOne(
    db: Db,
    tenantId: string,
    customerId: string,
    options: { actor: string; strategy?: Strategy; asOf?: Date | string },
  ): Promise<Attempt>;
  /** Expires suggestions and WAIT decisions whose time has come. */
  expire(db: Db, tenantId: string, at?: Date): Promise<{ suggestions: number; waits: number }>;
  /** The checks an operator's edited text must pass: the same as a written one. */
  checkText: TextCheck;
  resolveRange(
    db: Db,
    tenantId: string,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<{ from?: Date; to?: Date }>;
}

export interface PlannerOptions {
  writer: MessageWriter;
  clock?: () => Date;
  logger?: Pick<Logger, 'warn' | 'info' | 'debug'>;
  /** Slot suggestions; default Rekindle's own staff hours and bookings. Null: never suggest slots. */
  slots?: ((db: Db, tenantId: string, now: Date) => Promise<SlotSuggester | null>) | null;
  /** PUBLIC_URL, for the tracked link of messages sent at once (AUTO_SEND). */
  publicUrl?: string;
}

/** Where the message would go: WhatsApp when there is a phone, e-mail next; the strictest limit otherwise. */
function channelOf(customer: PlanningCustomerRow | undefined): { channel: MessageChannel; known: boolean } {
  if (customer?.phone) return { channel: 'whatsapp', known: true };
  if (customer?.email) return { channel: 'email', known: true };
  return { channel: 'whatsapp', known: false };
}

function tenantSettings(raw: Record<string, unknown>): ReactivationSettings {
  const parsed = parseReactivationSettings((raw as { reactivation?: unknown }).reactivation);
  if (!parsed.ok) {
    throw new AppError('validation_error', "the tenant's reactivation settings are invalid", {
      issues: parsed.issues.map((i) => ({ field: `settings.reactivation.${i.path}`, message: i.message })),
    });
  }
  return parsed.settings;
}

/** Everything loaded once per run for the chosen candidates. */
interface RunContext {
  tenantId: string;
  tenant: { name: string; timeZone: string; locale: string };
  settings: ReactivationSettings;
  detectionLimits: { maxAttemptsPerLapse: number; minDaysBetweenAttempts: number };
  now: Date;
  asOf: Date;
  customers: Map<string, PlanningCustomerRow>;
  visits: Map<string, PlanningVisitRow[]>;
  offerings: Map<string, PlanningOfferingRow>;
  coPurchase: Map<string, Map<string, number>>;
  staffNames: Map<string, string>;
  allStaffNames: Map<string, string>;
  attempts: Map<string, AttemptRow[]>;
  effectiveness: DecisionInput['effectiveness'];
  valueRank: (valueAtRisk: number) => number | null;
  suggester: SlotSuggester | null;
  preferences: Awaited<ReturnType<typeof loadCustomerPreferences>>;
  ledger: OfferLedger;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** Attempts created in this lapse that count (a cancelled one that never reached the customer does not). */
function attemptsInLapse(rows: readonly AttemptRow[], lapseStart: Date | null): AttemptRow[] {
  return rows.filter(
    (a) =>
      (lapseStart === null || a.created_at > lapseStart) && (a.status !== 'CANCELLED' || a.contact_count > 0),
  );
}

function toPrevious(row: AttemptRow): PreviousAttempt {
  return {
    strategy: row.strategy ?? 'WAIT',
    status: row.status,
    outcome: row.outcome,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    discountPct: row.discount_given_pct === null ? null : Number(row.discount_given_pct),
    control: row.control,
  };
}

function decisionInput(ctx: RunContext, e: CustomerEvaluation): DecisionInput {
  const visits = ctx.visits.get(e.id) ?? [];
  const bought = new Set(visits.map((v) => v.offering_id).filter((id): id is string => id !== null));
  const primaryId = e.interval.offeringId;
  const primary = primaryId ? ctx.offerings.get(primaryId) : undefined;
  const alike = primaryId ? ctx.coPurchase.get(primaryId) : undefined;
  const attempts = ctx.attempts.get(e.id) ?? [];
  return {
    now: ctx.asOf,
    customer: {
      id: e.id,
      vip: e.vip,
      state: e.state,
      daysInactive: Math.max(0, Math.floor(e.daysSinceLast ?? 0)),
      visitCount: e.visitCount,
      valueAtRisk: e.valueAtRisk,
      valueIfRetained: e.valueIfRetained,
      pAlive: e.pAlive,
      nextBookingAt: e.nextBookingAt,
      expectedIntervalDays: e.interval.days,
    },
    visits: visits.map((v) => ({
      at: v.occurred_at,
      amount: v.amount,
      listPrice: v.list_price,
      offeringId: v.offering_id,
      staffId: v.staff_id,
    })),
    primaryOffering: primary
      ? { id: primary.id, name: primary.name, price: primary.price, margin: primary.margin }
      : null,
    otherOfferings: [...ctx.offerings.values()]
      .filter((o) => o.active && !bought.has(o.id) && o.id !== primaryId)
      .map((o) => ({
        id: o.id,
        name: o.name,
        price: o.price,
        margin: o.margin,
        popularity: alike ? (alike.get(o.id) ?? 0) : o.popularity,
      })),
    staffNames: ctx.staffNames,
    // What the decision may know: attempts made by asOf (a replay does not see later ones), and
    // not those cancelled before reaching the customer — as the scan counts them.
    previousAttempts: attempts
      .filter((a) => a.created_at <= ctx.asOf && (a.status !== 'CANCELLED' || a.contact_count > 0))
      .map(toPrevious),
    attemptNumber: attemptsInLapse(attempts, e.lastVisitAt).length + 1,
    valueAtRiskRank: ctx.valueRank(e.valueAtRisk),
    effectiveness: ctx.effectiveness,
    lapseStartedAt: e.lastVisitAt,
    attemptLimits: ctx.detectionLimits,
  };
}

function slotOf(s: {
  start: Date;
  end: Date;
  staffId: string | null;
  staffName: string | null;
}): AttemptSlot {
  return {
    start: s.start.toISOString(),
    end: s.end.toISOString(),
    staffId: s.staffId,
    staffName: s.staffName,
  };
}

/** The common part of every attempt row: who, why, which strategy and offer. */
function baseRow(
  ctx: RunContext,
  e: CustomerEvaluation,
  decision: Decision,
  input: DecisionInput,
  origin: PlanRunOptions['origin'],
): NewAttemptRow & { tenant_id: string } {
  const offeringNames = decision.suggestedOfferingIds
    .map((id) => ({ id, name: ctx.offerings.get(id)?.name }))
    .filter((o): o is { id: string; name: string } => o.name !== undefined);
  return {
    tenant_id: ctx.tenantId,
    customer_id: e.id,
    trigger_state: e.state,
    trigger_reason: e.reasons[0] ?? null,
    days_inactive: input.customer.daysInactive,
    value_at_risk: e.valueAtRisk,
    strategy: decision.strategy,
    strategy_params: JSON.stringify({ ...decision.params, features: decision.features }),
    tone: decision.tone,
    explanation: JSON.stringify([...e.reasons.slice(0, 2), ...decision.explanation]),
    max_discount_pct: decision.maxDiscountPct,
    offer_pct: decision.offerPct,
    suggested_offerings: JSON.stringify(offeringNames),
    staff_id: decision.staffId && ctx.allStaffNames.has(decision.staffId) ? decision.staffId : null,
    offering_id: e.interval.offeringId,
    attempt_number: input.attemptNumber,
    lapse_started_at: e.lastVisitAt,
    origin,
  };
}

async function writeFor(
  ctx: RunContext,
  writer: MessageWriter,
  e: CustomerEvaluation,
  decision: Decision,
  input: DecisionInput,
  slots: AttemptSlot[],
): Promise<{ written: WrittenMessage; channel: MessageChannel; known: boolean }> {
  const customer = ctx.customers.get(e.id);
  const { channel, known } = channelOf(customer);
  const lastOffering = e.interval.offeringId ? ctx.offerings.get(e.interval.offeringId) : undefined;
  const staffName = decision.staffId ? ctx.staffNames.get(decision.staffId) : undefined;
  const written = await writer.write({
    tenant: { name: ctx.tenant.name, timeZone: ctx.tenant.timeZone, locale: ctx.tenant.locale },
    customer: { id: e.id, name: customer?.name ?? e.name, locale: customer?.locale ?? null },
    channel,
    firstTouch: true,
    tone: decision.tone,
    strategy: decision.strategy,
    attemptNumber: input.attemptNumber,
    daysInactive: input.customer.daysInactive,
    lastOffering: lastOffering ? { name: lastOffering.name } : null,
    suggestedOfferings: decision.suggestedOfferingIds
      .filter((id) => id !== e.interval.offeringId)
      .map((id) => ctx.offerings.get(id))
      .filter((o): o is PlanningOfferingRow => o !== undefined)
      .map((o) => ({ name: o.name })),
    staff: staffName ? { name: staffName } : null,
    offerPct: decision.offerPct,
    maxDiscountPct: decision.maxDiscountPct,
    slots: slots.map((s) => ({ start: new Date(s.start), staffName: s.staffName })),
  });
  return { written, channel, known };
}

export function createPlanner(options: PlannerOptions): Planner {
  const clock = options.clock ?? (() => new Date());
  const loadSuggester =
    options.slots === null
      ? async () => null
      : (options.slots ??
        (async (db: Db, tenantId: string, now: Date) =>
          createSlotSuggester(db, tenantId, {
            from: new Date(now.getTime() + DAY_MS),
            days: SLOT_DAYS,
            now,
          })));

  async function expire(db: Db, tenantId: string, at = clock()) {
    const { expired, waitsOver } = await withTenant(db, tenantId, (trx) => expireAttempts(trx, tenantId, at));
    return { suggestions: expired, waits: waitsOver };
  }

  /** Loads what deciding for these customers needs, in a handful of set-based reads. */
  async function loadContext(
    db: Db,
    tenantId: string,
    chosen: readonly CustomerEvaluation[],
    all: readonly CustomerEvaluation[],
    asOf: Date,
    now: Date,
  ): Promise<RunContext> {
    const ids = chosen.map((e) => e.id);
    const loaded = await withTenant(db, tenantId, async (trx) => {
      const tenant = await planningTenant(trx, tenantId);
      if (!tenant) throw notFound('tenant', tenantId);
      return {
        tenant,
        customers: await planningCustomers(trx, tenantId, ids),
        visits: await planningVisits(trx, tenantId, ids, asOf, VISITS_PER_CUSTOMER),
        offerings: await planningOfferings(trx, tenantId, asOf),
        coPurchase: await planningCoPurchase(trx, tenantId, asOf),
        staff: await planningStaff(trx, tenantId),
        attempts: await attemptsOfCustomers(trx, tenantId, ids),
      };
    });
    const settings = tenantSettings(loaded.tenant.settings);
    const detection = (loaded.tenant.settings as { detection?: { scan?: Record<string, number> } }).detection
      ?.scan;
    const values = all.map((e) => e.valueAtRisk).sort((a, b) => a - b);
    const coPurchase = new Map<string, Map<string, number>>();
    for (const row of loaded.coPurchase) {
      const inner = coPurchase.get(row.primary_id) ?? new Map<string, number>();
      inner.set(row.other_id, row.share);
      coPurchase.set(row.primary_id, inner);
    }
    let suggester: SlotSuggester | null = null;
    try {
      suggester = await loadSuggester(db, tenantId, now);
    } catch (error) {
      options.logger?.warn(
        { err: error, tenantId },
        'slot finding unavailable for this run; messages go without slots',
      );
    }
    return {
      tenantId,
      tenant: { name: loaded.tenant.name, timeZone: loaded.tenant.timezone, locale: loaded.tenant.locale },
      settings,
      detectionLimits: {
        maxAttemptsPerLapse: detection?.maxAttemptsPerLapse ?? 3,
        minDaysBetweenAttempts: detection?.minDaysBetweenAttempts ?? 30,
      },
      now,
      asOf,
      customers: new Map(loaded.customers.map((c) => [c.id, c])),
      visits: groupBy(loaded.visits, (v) => v.customer_id),
      offerings: new Map(loaded.offerings.map((o) => [o.id, o])),
      coPurchase,
      staffNames: new Map(loaded.staff.filter((s) => s.active).map((s) => [s.id, s.name])),
      allStaffNames: new Map(loaded.staff.map((s) => [s.id, s.name])),
      attempts: groupBy(loaded.attempts, (a) => a.customer_id),
      effectiveness: await strategyEffectiveness(db, tenantId),
      valueRank: (value) => {
        if (values.length === 0) return null;
        let lo = 0;
        let hi = values.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (values[mid]! < value) lo = mid + 1;
          else hi = mid;
        }
        return lo / values.length;
      },
      suggester,
      preferences: suggester ? await loadCustomerPreferences(db, tenantId, ids, { asOf }) : new Map(),
      ledger: createOfferLedger(),
    };
  }

  /** Decides, holds out or composes for one candidate and stores the attempt. */
  async function planOne(
    db: Db,
    ctx: RunContext,
    e: CustomerEvaluation,
    origin: PlanRunOptions['origin'],
    actor: string,
    strategy?: Strategy,
  ): Promise<AttemptRow> {
    const input = decisionInput(ctx, e);
    const decision = decide(input, ctx.settings, strategy ? { strategy } : undefined);
    const base = baseRow(ctx, e, decision, input, origin);
    const explanation = JSON.parse(base.explanation as string) as string[];
    let row: NewAttemptRow & { tenant_id: string };
    let note: string;
    if (decision.action === 'wait') {
      // The decision reads the history as of asOf; the wait runs from today (a replay's date would have passed).
      const shift = Math.max(0, ctx.now.getTime() - ctx.asOf.getTime());
      const until = decision.waitUntil
        ? new Date(decision.waitUntil.getTime() + shift)
        : new Date(ctx.now.getTime() + WAIT_RECHECK_DAYS * DAY_MS);
      row = { ...base, status: 'PLANNED', wait_until: until };
      note = `WAIT until ${until.toISOString().slice(0, 10)}`;
    } else if (
      !strategy &&
      e.lastVisitAt &&
      isControl(controlKey(ctx.tenantId, e.id, e.lastVisitAt), ctx.settings.controlShare)
    ) {
      const share = Math.round(ctx.settings.controlShare * 100);
      row = {
        ...base,
        status: 'IN_PROGRESS',
        control: true,
        started_at: ctx.now,
        explanation: JSON.stringify([
          ...explanation,
          `Held out as control (${share}% of candidates, a stable draw on customer and lapse): nothing is sent, ` +
            'so whether they return on their own measures what the messages add.',
        ]),
      };
      note = 'held out as control';
    } else {
      const pick = ctx.suggester
        ? await ctx.suggester.suggest({
            preferences: ctx.preferences.get(e.id) ?? analysePreferences([]),
            ...(e.interval.offeringId ? { offeringId: e.interval.offeringId } : {}),
            offered: ctx.ledger,
          })
        : null;
      const slots = (pick?.slots ?? []).map(slotOf);
      const { written, channel, known } = await writeFor(ctx, options.writer, e, decision, input, slots);
      const auto = ctx.settings.mode === 'AUTO_SEND';
      row = {
        ...base,
        status: auto ? 'APPROVED' : 'SUGGESTED',
        channel: known ? channel : null,
        suggested_slot: slots[0] ?? null,
        slot_options: JSON.stringify(slots),
        message_text: written.text,
        message_source: written.source,
        message_locale: written.locale,
        message_meta: JSON.stringify({
          model: written.model,
          fallbackReason: written.fallbackReason,
          issues: written.issues,
          prompt: written.prompt,
          channel,
          ...(known
            ? {}
            : { note: 'no phone or e-mail on file: written to the WhatsApp limit for an operator to use' }),
        }),
        ...(auto
          ? { approved_by: 'auto', approved_at: ctx.now }
          : { expires_at: new Date(ctx.now.getTime() + ctx.settings.suggestionTtlHours * HOUR_MS) }),
      };
      note = auto ? 'approved automatically (AUTO_SEND)' : 'suggested for approval';
    }
    const inserted = await withTenant(db, ctx.tenantId, (trx) => insertAttempt(trx, row, { actor, note }));
    if (inserted.status === 'APPROVED') {
      const full = await withTenant(db, ctx.tenantId, (trx) => findAttempt(trx, ctx.tenantId, inserted.id));
      if (full)
        await handOffToQueue(db, ctx.tenantId, toAttempt(full), actor, {
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        });
    }
    return inserted;
  }

  async function run(db: Db, tenantId: string, runOptions: PlanRunOptions): Promise<PlanResult> {
    const started = performance.now();
    const now = clock();
    const expired = await expire(db, tenantId, now);
    const scanned = await scan(db, tenantId, {
      ...(runOptions.asOf ? { asOf: runOptions.asOf } : {}),
      limit: Number.MAX_SAFE_INTEGER,
      clock,
    });
    // A replay's scan (asOf in the past) does not see attempts made since; the present's open
    // attempts still hold their customers (one active attempt per customer, whatever the asOf).
    const busy = new Set(await withTenant(db, tenantId, (trx) => customersWithOpenAttempts(trx, tenantId)));
    const candidates = scanned.items.filter((e) => !busy.has(e.id));
    const settingsRow = await withTenant(db, tenantId, (trx) => planningTenant(trx, tenantId));
    if (!settingsRow) throw notFound('tenant', tenantId);
    const settings = tenantSettings(settingsRow.settings);
    const limit = runOptions.limit ?? settings.dailyRun.limit;
    const chosen = candidates.slice(0, limit);
    const ctx = await loadContext(db, tenantId, chosen, candidates, scanned.asOf, now);
    const result: PlanResult = {
      asOf: scanned.asOf,
      mode: settings.mode,
      candidates: candidates.length,
      considered: chosen.length,
      created: 0,
      byStatus: {},
      byStrategy: {},
      control: 0,
      expired,
      skipped: [],
      attempts: [],
      seconds: 0,
    };
    const createdIds: string[] = [];
    for (const e of chosen) {
      try {
        const row = await planOne(db, ctx, e, runOptions.origin, runOptions.actor);
        createdIds.push(row.id);
        result.created++;
        result.byStatus[row.status] = (result.byStatus[row.status] ?? 0) + 1;
        if (row.strategy) result.byStrategy[row.strategy] = (result.byStrategy[row.strategy] ?? 0) + 1;
        if (row.control) result.control++;
      } catch (error) {
        const reason = isUniqueViolation(error)
          ? 'already has an active attempt (another run created it first)'
          : error instanceof Error
            ? error.message
            : String(error);
        if (!isUniqueViolation(error)) {
          options.logger?.warn(
            { err: error, tenantId, customerId: e.id },
            'planning failed for one customer',
          );
        }
        result.skipped.push({ customerId: e.id, externalId: e.externalId, reason });
      }
    }
    result.attempts = await withTenant(db, tenantId, async (trx) => {
      const out: Attempt[] = [];
      for (const id of createdIds) {
        const row = await findAttempt(trx, tenantId, id);
        if (row) out.push(toAttempt(row));
      }
      return out;
    });
    result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    options.logger?.info(
      { tenantId, origin: runOptions.origin, created: result.created, skipped: result.skipped.length },
      'reactivation planning done',
    );
    return result;
  }

  async function createOne(
    db: Db,
    tenantId: string,
    customerId: string,
    opts: { actor: string; strategy?: Strategy; asOf?: Date | string },
  ): Promise<Attempt> {
    const now = clock();
    await expire(db, tenantId, now);
    const prepared = await prepareScan(db, tenantId, opts.asOf, clock);
    const rows = await withTenant(db, tenantId, (trx) =>
      loadScanChunk(trx, {
        tenantId,
        asOf: prepared.asOf,
        offeringIds: prepared.context.offeringOrder,
        chunk: { kind: 'ids', ids: [customerId] },
      }),
    );
    const row = rows[0];
    if (!row) throw notFound('customer', customerId);
    const evaluation = evaluateCustomer(row, prepared.context).evaluation;
    if (!evaluation.candidate) {
      throw conflict(`customer ${customerId} is not a reactivation candidate now`, {
        state: evaluation.state,
        case: evaluation.case,
        reasons: evaluation.reasons,
        exclusions: evaluation.exclusions,
      });
    }
    const ctx = await loadContext(db, tenantId, [evaluation], [evaluation], prepared.asOf, now);
    try {
      const created = await planOne(db, ctx, evaluation, 'api', opts.actor, opts.strategy);
      return withTenant(db, tenantId, async (trx) => {
        const full = await findAttempt(trx, tenantId, created.id);
        return toAttempt(full!, await listEvents(trx, tenantId, [created.id]));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`customer ${customerId} already has an active attempt`);
      throw error;
    }
  }

  const checkText: TextCheck = (text, attempt) => {
    const channel = (attempt.message?.meta.channel as MessageChannel | undefined) ?? 'whatsapp';
    const language = messageLocaleOf(attempt.message?.locale ?? null);
    const names = [
      attempt.customer.name,
      attempt.offering?.name,
      attempt.staff?.name,
      attempt.suggestedSlot?.staffName,
      ...attempt.suggestedOfferings.map((o) => o.name),
    ].filter((n): n is string => Boolean(n));
    return checkMessage(text, {
      maxLength: messageLimit(channel, attempt.contactCount === 0),
      maxDiscountPct: attempt.maxDiscountPct ?? 0,
      ...(language ? { language } : {}),
      names,
    });
  };

  async function resolveRange(
    db: Db,
    tenantId: string,
    range: { from?: string | undefined; to?: string | undefined },
  ) {
    const { from, to } = await withTenant(db, tenantId, (trx) => toInstantRange(trx, tenantId, range));
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }

  return { run, createOne, expire, checkText, resolveRange };
}
