import {
  findModelFit,
  insertModelFit,
  loadModelSummaries,
  type SummaryRow,
} from '../../adapters/db/detection/model-fits.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import type { ModelFitRow } from '../../adapters/db/schema.ts';
import {
  type BgNbdParams,
  compressCustomers,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaParams,
} from '../../domain/btyd/index.ts';
import { AppError } from '../errors.ts';
import { resolveAsOf } from './as-of.ts';
import { loadDetectionContext, MS_PER_DAY } from './context.ts';

const DAYS_PER_WEEK = 7;

export interface ModelFitResult {
  asOf: Date;
  /** Customers with a completed visit up to asOf, and those among them with a repeat visit. */
  customers: number;
  repeatCustomers: number;
  timeUnit: 'week';
  bgnbd: {
    id: string;
    params: BgNbdParams;
    logLikelihood: number;
    converged: boolean;
    /** Distinct (x, tx, T) triples the likelihood was evaluated on. */
    groups: number;
    durationMs: number;
  };
  gammaGamma:
    | {
        id: string;
        params: GammaGammaParams;
        logLikelihood: number;
        converged: boolean;
        customers: number;
        durationMs: number;
      }
    | { id: null; error: string };
  /** SQL summary, both fits, and everything. */
  timings: { summaryMs: number; fitMs: number; totalMs: number };
}

/**
 * Fits the customer-base model to the tenant's completed activities up to `asOf` (now when
 * omitted): BG/NBD for purchases (time in weeks, visits on the same local day once) and
 * Gamma-Gamma for spend per repeat visit; stores both fits and returns them. The summary per
 * customer (x, tx, T, repeat spend) is computed in SQL; the fits group identical triples.
 */
export async function fitModel(db: Db, tenantId: string, asOfInput?: Date | string): Promise<ModelFitResult> {
  const started = performance.now();
  const { asOf, summaries } = await withTenant(db, tenantId, async (trx) => {
    const ctx = await loadDetectionContext(trx, tenantId);
    const { asOf } = await resolveAsOf(trx, tenantId, asOfInput);
    return { asOf, summaries: await loadModelSummaries(trx, tenantId, ctx.timeZone, asOf) };
  });
  const summaryMs = performance.now() - started;

  const inWeeks = summaries.map(toWeeks);
  const repeatCustomers = inWeeks.reduce((n, c) => n + (c.x > 0 ? 1 : 0), 0);
  const bgStarted = performance.now();
  let bgnbd: ReturnType<typeof fitBgNbd>;
  try {
    bgnbd = fitBgNbd(compressCustomers(inWeeks));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new AppError(
      'conflict',
      `cannot fit the customer-base model yet: ${error.message} (${summaries.length} customers, ${repeatCustomers} with a repeat visit)`,
      { customers: summaries.length, repeatCustomers },
    );
  }
  const bgMs = performance.now() - bgStarted;
  const ggStarted = performance.now();
  let gammaGamma: ReturnType<typeof fitGammaGamma> | { error: string };
  try {
    gammaGamma = fitGammaGamma(inWeeks);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    gammaGamma = { error: error.message };
  }
  const ggMs = performance.now() - ggStarted;

  const stored = await withTenant(db, tenantId, async (trx) => {
    const bg = await insertModelFit(trx, tenantId, {
      kind: 'bgnbd',
      params: { ...bgnbd.params },
      logLikelihood: bgnbd.logLikelihood,
      customers: bgnbd.customers,
      converged: bgnbd.converged,
      asOf,
      durationMs: bgMs,
    });
    const gg =
      'error' in gammaGamma
        ? null
        : await insertModelFit(trx, tenantId, {
            kind: 'gamma_gamma',
            params: { ...gammaGamma.params },
            logLikelihood: gammaGamma.logLikelihood,
            customers: gammaGamma.customers,
            converged: gammaGamma.converged,
            asOf,
            durationMs: ggMs,
          });
    return { bg, gg };
  });
  return {
    asOf,
    customers: summaries.length,
    repeatCustomers,
    timeUnit: 'week',
    bgnbd: {
      id: stored.bg.id,
      params: bgnbd.params,
      logLikelihood: bgnbd.logLikelihood,
      converged: bgnbd.converged,
      groups: bgnbd.groups,
      durationMs: bgMs,
    },
    gammaGamma:
      'error' in gammaGamma || !stored.gg
        ? { id: null, error: 'error' in gammaGamma ? gammaGamma.error : 'not stored' }
        : {
            id: stored.gg.id,
            params: gammaGamma.params,
            logLikelihood: gammaGamma.logLikelihood,
            converged: gammaGamma.converged,
            customers: gammaGamma.customers,
            durationMs: ggMs,
          },
    timings: { summaryMs, fitMs: bgMs + ggMs, totalMs: performance.now() - started },
  };
}

function toWeeks(row: SummaryRow) {
  return {
    x: row.x,
    tx: row.txDays / DAYS_PER_WEEK,
    T: row.tDays / DAYS_PER_WEEK,
    monetary: row.x > 0 ? row.repeatValue / row.x : 0,
  };
}

/** The model a scan evaluates customers with; time in weeks. */
export interface ScanModel {
  readonly bgnbd: BgNbdParams;
  /** Null when spend could not be modelled; spend then falls back to the customer's own mean. */
  readonly gammaGamma: GammaGammaParams | null;
  readonly fitId: string;
  readonly asOf: Date;
  readonly fittedNow: boolean;
}

/**
 * A fit is reused for a week of scans: BG/NBD parameters describe the whole customer base and
 * move slowly, while each customer's own (x, tx, T) is always taken at the scan's asOf.
 */
export const MODEL_MAX_AGE_MS = 7 * MS_PER_DAY;

/**
 * The model for a scan at `asOf`: the latest fit calibrated within the week before it (never
 * after it: a replay must not see its future), or a fresh fit as of `asOf`, stored. Null, with
 * the reason, when the data cannot identify the model or the fit did not converge; the scan then
 * runs on the overdue ratio alone.
 */
export async function modelForScan(
  db: Db,
  tenantId: string,
  asOf: Date,
): Promise<{ model: ScanModel | null; note: string }> {
  const notBefore = new Date(asOf.getTime() - MODEL_MAX_AGE_MS);
  const found = await withTenant(db, tenantId, async (trx) => ({
    bg: await findModelFit(trx, tenantId, 'bgnbd', asOf, notBefore),
    gg: await findModelFit(trx, tenantId, 'gamma_gamma', asOf, notBefore),
  }));
  let bg: ModelFitRow | undefined = found.bg;
  let gg = found.gg;
  let fittedNow = false;
  if (!bg) {
    try {
      const fit = await fitModel(db, tenantId, asOf);
      const rows = await withTenant(db, tenantId, async (trx) => ({
        bg: await findModelFit(trx, tenantId, 'bgnbd', asOf, asOf),
        gg: await findModelFit(trx, tenantId, 'gamma_gamma', asOf, asOf),
      }));
      bg = rows.bg;
      gg = fit.gammaGamma.id === null ? undefined : rows.gg;
      fittedNow = true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return { model: null, note: error.message };
      throw error;
    }
  }
  if (!bg) return { model: null, note: 'no model fit found' };
  if (!bg.converged) {
    return { model: null, note: `the BG/NBD fit of ${bg.as_of.toISOString()} did not converge` };
  }
  const spend = gg?.converged && (gg.params.q ?? 0) > 1 ? (gg.params as unknown as GammaGammaParams) : null;
  return {
    model: {
      bgnbd: bg.params as unknown as BgNbdParams,
      gammaGamma: spend,
      fitId: bg.id,
      asOf: bg.as_of,
      fittedNow,
    },
    note: fittedNow ? `fitted as of ${asOf.toISOString()}` : `fit of ${bg.as_of.toISOString()}`,
  };
}
