import { listIntervalRules, listOfferingInfo } from '../../adapters/db/detection/intervals.repository.ts';
import {
  type NewTransition,
  type StateChange,
  saveStateChanges,
} from '../../adapters/db/detection/lifecycle.repository.ts';
import { loadScanChunk, type ScanRow } from '../../adapters/db/detection/scan.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { LIFECYCLE_STATES, type LifecycleState } from '../../domain/lifecycle/index.ts';
import { resolveAsOf } from './as-of.ts';
import { createZoneClock, loadDetectionContext, MS_PER_DAY, toLocalMs } from './context.ts';
import { type EvaluateCustomer, type EvaluationContext, evaluateCustomer } from './evaluate.ts';
import {
  type CustomerEvaluation,
  EXCLUSION_CODES,
  type ExclusionCode,
  type SkippedCustomer,
} from './evaluation.ts';
import { mediansForScan } from './medians.ts';
import { modelForScan, type ScanModel } from './model.ts';
import { comparePriority, decode, pageOf } from './paging.ts';
import { stateChangeFor } from './state-changes.ts';

/**
 * Customers per statement. Each chunk is one set-based query (about 10 activities a customer
 * means ~50,000 activity rows) and one transaction; bigger chunks bought nothing measurable in
 * bench/scan.ts and hold a PGlite instance longer.
 */
export const DEFAULT_CHUNK_SIZE = 5000;

export interface ScanFilters {
  readonly states?: readonly LifecycleState[];
  readonly minRisk?: number;
  readonly vip?: boolean;
  /** Customers whose primary offering this is. */
  readonly offeringId?: string;
}

export interface ScanOptions {
  /** Omitted: now, and state changes are stored. Any other instant is a replay that stores nothing. */
  readonly asOf?: Date | string;
  /** Every customer, candidate or not (candidates first). */
  readonly includeAll?: boolean;
  readonly filters?: ScanFilters;
  readonly limit?: number;
  readonly cursor?: string;
  readonly chunkSize?: number;
  readonly clock?: () => Date;
  /** For tests: the per-customer evaluation. */
  readonly evaluate?: EvaluateCustomer;
}

export interface ScanSummary {
  customers: number;
  candidates: number;
  byState: Record<LifecycleState, number>;
  /** Once ACTIVE and now in an eligible lapsed state, before exclusions. */
  eligible: number;
  /** Eligible customers left out, per reason (a customer can have several). */
  excluded: Record<ExclusionCode, number>;
  /** Never became ACTIVE: counted here, handled by onboarding rules, not reactivation. */
  onboarding: { total: number; overdue: number };
  stateChanges: number;
  skipped: number;
}

export interface PreparedScan {
  readonly tenantId: string;
  readonly asOf: Date;
  readonly now: boolean;
  readonly context: EvaluationContext;
  readonly model: ScanModel | null;
  readonly modelNote: string;
  readonly medians: { readonly asOf: Date; readonly recomputed: boolean };
}

export interface ScanChunkResult {
  evaluations: CustomerEvaluation[];
  skipped: SkippedCustomer[];
  stateChanges: number;
}

/** Everything a scan holds constant: tenant settings, asOf, medians, rules, offerings and model. */
export async function prepareScan(
  db: Db,
  tenantId: string,
  asOfInput?: Date | string,
  clock?: () => Date,
): Promise<PreparedScan> {
  const loaded = await withTenant(db, tenantId, async (trx) => {
    const ctx = await loadDetectionContext(trx, tenantId);
    const { asOf, now } = await resolveAsOf(trx, tenantId, asOfInput, clock);
    const medians = await mediansForScan(trx, ctx, asOf, now);
    const rules = await listIntervalRules(trx, tenantId);
    const offerings = await listOfferingInfo(trx, tenantId);
    return { ctx, asOf, now, medians, rules, offerings };
  });
  const { ctx, asOf, now, medians } = loaded;
  const { model, note } = await modelForScan(db, tenantId, asOf);
  const asOfLocalMs = toLocalMs(asOf.getTime(), ctx.timeZone);
  return {
    tenantId,
    asOf,
    now,
    model,
    modelNote: note,
    medians: { asOf: medians.asOf, recomputed: medians.recomputed },
    context: {
      settings: ctx.settings,
      timeZone: ctx.timeZone,
      asOf,
      asOfLocalMs,
      asOfDay: Math.floor(asOfLocalMs / MS_PER_DAY),
      clock: createZoneClock(ctx.timeZone),
      useStoredEverActive: now,
      offerings: new Map(loaded.offerings.map((o) => [o.id, o])),
      offeringOrder: loaded.offerings.map((o) => o.id),
      rules: new Map(loaded.rules.map((r) => [r.offeringId, r])),
      medians: medians.byOffering,
      model,
    },
  };
}

/**
 * Evaluates every customer of the tenant, a chunk at a time in id order. A customer whose data
 * the domain cannot make sense of is reported in `skipped` and the scan goes on. Scanning now,
 * each chunk's state changes are stored in a transaction of their own.
 *
 * The next chunk is read while this one is evaluated, so the database and JavaScript work side
 * by side: on PostgreSQL a 100k-customer scan takes about the longer of the two instead of their
 * sum (bench/scan.ts). Reads and writes are separate short transactions; a customer changed
 * between them is evaluated on what was read, and the next scan sees the change.
 */
export async function* scanChunks(
  db: Db,
  prepared: PreparedScan,
  options: { chunkSize?: number; evaluate?: EvaluateCustomer } = {},
): AsyncGenerator<ScanChunkResult> {
  const { tenantId, context } = prepared;
  const limit = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const evaluate = options.evaluate ?? evaluateCustomer;
  const read = (afterId: string | null) =>
    withTenant(db, tenantId, (trx) =>
      loadScanChunk(trx, {
        tenantId,
        asOf: prepared.asOf,
        offeringIds: context.offeringOrder,
        chunk: { kind: 'after', afterId, limit },
      }),
    );
  let pending: Promise<ScanRow[]> | null = read(null);
  while (pending) {
    const rows: ScanRow[] = await pending;
    const last = rows[rows.length - 1];
    pending = rows.length === limit && last ? read(last.id) : null;
    // A read that fails while this chunk is evaluated is reported when awaited, not as unhandled.
    pending?.catch(() => {});
    const evaluations: CustomerEvaluation[] = [];
    const skipped: SkippedCustomer[] = [];
    const changes: StateChange[] = [];
    const transitions: NewTransition[] = [];
    for (const row of rows) {
      try {
        const evaluated = evaluate(row, context);
        evaluations.push(evaluated.evaluation);
        if (!prepared.now) continue;
        const change = stateChangeFor(row, evaluated, context.settings, context.clock, context.asOfLocalMs);
        if (change) {
          changes.push(change.change);
          transitions.push(...change.transitions);
        }
      } catch (error) {
        skipped.push({
          id: row.id,
          externalId: row.external_id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (changes.length > 0) {
      await withTenant(db, tenantId, (trx) => saveStateChanges(trx, tenantId, changes, transitions));
    }
    yield { evaluations, skipped, stateChanges: changes.length };
  }
}

export interface ScanResult {
  asOf: Date;
  /** Scanned the present: state changes were stored. */
  persisted: boolean;
  items: CustomerEvaluation[];
  nextCursor: string | null;
  /** How many customers matched the filters, over all pages. */
  matched: number;
  summary: ScanSummary;
  skipped: SkippedCustomer[];
  model: { fitId: string; asOf: Date; fittedNow: boolean } | null;
  modelNote: string;
  medians: { asOf: Date; recomputed: boolean };
  timings: { prepareMs: number; evaluateMs: number; totalMs: number };
}

/**
 * Who is slipping away at `asOf`: candidates (or everyone, with includeAll) matching the
 * filters, in priority order, one page at a time, with a summary of the whole tenant.
 */
export async function scan(db: Db, tenantId: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  if (options.cursor) decode(options.cursor);
  const prepared = await prepareScan(db, tenantId, options.asOf, options.clock);
  const prepareMs = performance.now() - started;
  const summary = emptySummary();
  const matches = matcher(options);
  const matched: CustomerEvaluation[] = [];
  const skipped: SkippedCustomer[] = [];
  const chunkOptions = {
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.evaluate ? { evaluate: options.evaluate } : {}),
  };
  for await (const chunk of scanChunks(db, prepared, chunkOptions)) {
    for (const evaluation of chunk.evaluations) {
      addToSummary(summary, evaluation);
      if (matches(evaluation)) matched.push(evaluation);
    }
    skipped.push(...chunk.skipped);
    summary.stateChanges += chunk.stateChanges;
  }
  summary.skipped = skipped.length;
  matched.sort(comparePriority);
  const page = pageOf(matched, options.cursor, options.limit);
  const { model } = prepared;
  return {
    asOf: prepared.asOf,
    persisted: prepared.now,
    items: page.items,
    nextCursor: page.nextCursor,
    matched: matched.length,
    summary,
    skipped,
    model: model ? { fitId: model.fitId, asOf: model.asOf, fittedNow: model.fittedNow } : null,
    modelNote: prepared.modelNote,
    medians: prepared.medians,
    timings: {
      prepareMs,
      evaluateMs: performance.now() - started - prepareMs,
      totalMs: performance.now() - started,
    },
  };
}

export function emptySummary(): ScanSummary {
  return {
    customers: 0,
    candidates: 0,
    byState: Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, 0])) as Record<LifecycleState, number>,
    eligible: 0,
    excluded: Object.fromEntries(EXCLUSION_CODES.map((c) => [c, 0])) as Record<ExclusionCode, number>,
    onboarding: { total: 0, overdue: 0 },
    stateChanges: 0,
    skipped: 0,
  };
}

export function addToSummary(summary: ScanSummary, e: CustomerEvaluation): void {
  summary.customers++;
  summary.byState[e.state]++;
  if (e.candidate) summary.candidates++;
  if (e.case === 'reactivation') {
    summary.eligible++;
    for (const exclusion of e.exclusions) summary.excluded[exclusion.code]++;
  }
  if (e.case === 'onboarding') {
    summary.onboarding.total++;
    if (e.onboardingOverdue) summary.onboarding.overdue++;
  }
}

function matcher(options: ScanOptions): (e: CustomerEvaluation) => boolean {
  const { filters = {}, includeAll = false } = options;
  const states = filters.states && filters.states.length > 0 ? new Set(filters.states) : null;
  return (e) =>
    (includeAll || e.candidate) &&
    (states === null || states.has(e.state)) &&
    (filters.minRisk === undefined || e.riskScore >= filters.minRisk) &&
    (filters.vip === undefined || e.vip === filters.vip) &&
    (filters.offeringId === undefined || e.interval.offeringId === filters.offeringId);
}
