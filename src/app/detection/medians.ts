import {
  computeMedians,
  listMedians,
  listOfferingInfo,
  type MedianRow,
  replaceMedians,
} from '../../adapters/db/detection/intervals.repository.ts';
import { type Db, type Trx, withTenant } from '../../adapters/db/kysely.ts';
import { resolveAsOf } from './as-of.ts';
import { type DetectionContext, loadDetectionContext, MS_PER_DAY } from './context.ts';

/** A tenant median as the waterfall takes it. */
export interface TenantMedian {
  readonly days: number;
  readonly samples: number;
}

export interface MedianSet {
  /** Per offering id; the all-offerings median under `null`. */
  readonly byOffering: ReadonlyMap<string | null, TenantMedian>;
  /** The activities up to this instant were counted. */
  readonly asOf: Date;
  /** Stored medians were recomputed (or computed for a replay) by this call. */
  readonly recomputed: boolean;
}

/**
 * Medians older than this are recomputed at the start of a scan of "now". Issue 5 brings the
 * job queue that will recompute them nightly; until then the first scan of the day pays for it
 * (one set-based statement over the tenant's activities, measured in bench/scan.ts).
 */
export const MEDIAN_MAX_AGE_MS = MS_PER_DAY;

export interface RecomputedMedians {
  asOf: Date;
  computedAt: Date;
  durationMs: number;
  minSamples: number;
  medians: {
    offeringId: string | null;
    offeringName: string | null;
    medianDays: number | null;
    samples: number;
    trusted: boolean;
  }[];
}

/**
 * Recomputes and stores the tenant's median interval per offering (and over all offerings) from
 * completed visits up to `asOf` (now when omitted), replacing what was stored.
 */
export async function recomputeTenantMedians(
  db: Db,
  tenantId: string,
  asOfInput?: Date | string,
): Promise<RecomputedMedians> {
  return withTenant(db, tenantId, async (trx) => {
    const started = performance.now();
    const ctx = await loadDetectionContext(trx, tenantId);
    const { asOf } = await resolveAsOf(trx, tenantId, asOfInput);
    const rows = await computeMedians(trx, tenantId, ctx.timeZone, asOf);
    const computedAt = await replaceMedians(trx, tenantId, asOf, rows);
    const names = new Map((await listOfferingInfo(trx, tenantId)).map((o) => [o.id, o.name]));
    const minSamples = ctx.settings.tenantMedian.minSamples;
    return {
      asOf,
      computedAt,
      durationMs: performance.now() - started,
      minSamples,
      medians: rows
        .map((row) => ({
          ...row,
          offeringName: row.offeringId === null ? null : (names.get(row.offeringId) ?? null),
          trusted: row.medianDays !== null && row.samples >= minSamples,
        }))
        .sort((a, b) => b.samples - a.samples),
    };
  });
}

/**
 * The medians a scan uses. Scanning now: the stored ones, recomputed first when missing or older
 * than a day. Replaying the past: stored ones only if they were computed as of that day,
 * otherwise computed from the activities up to `asOf` and not stored, so a replay sees no future.
 */
export async function mediansForScan(
  trx: Trx,
  ctx: DetectionContext,
  asOf: Date,
  now: boolean,
): Promise<MedianSet> {
  const stored = await listMedians(trx, ctx.tenantId);
  const oldest = Math.min(...stored.map((row) => row.asOf.getTime()));
  const fresh = stored.length > 0 && oldest <= asOf.getTime() && asOf.getTime() - oldest < MEDIAN_MAX_AGE_MS;
  if (fresh) return { byOffering: toMap(stored), asOf: new Date(oldest), recomputed: false };
  const rows = await computeMedians(trx, ctx.tenantId, ctx.timeZone, asOf);
  if (now) await replaceMedians(trx, ctx.tenantId, asOf, rows);
  return { byOffering: toMap(rows), asOf, recomputed: true };
}

function toMap(rows: readonly MedianRow[]): Map<string | null, TenantMedian> {
  const map = new Map<string | null, TenantMedian>();
  for (const row of rows) {
    if (row.medianDays !== null) map.set(row.offeringId, { days: row.medianDays, samples: row.samples });
  }
  return map;
}
