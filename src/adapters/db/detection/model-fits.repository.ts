import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import type { ModelFitRow, ModelKind } from '../schema.ts';
import { sortInMemory } from './scan.repository.ts';

/**
 * Recency–frequency–monetary summary of one customer, as the literature defines it (Fader, Hardie
 * & Lee 2005), in days: visits on the same local day are one; the first visit day is the birth;
 * x = repeat visit days, txDays = first to last visit day, tDays = first visit day to the day of
 * asOf, repeatValue = what was spent on the repeat days (monetary = repeatValue / x).
 */
export interface SummaryRow {
  x: number;
  txDays: number;
  tDays: number;
  repeatValue: number;
}

/** One summary per customer with a completed visit up to `asOf`, computed in SQL. */
export async function loadModelSummaries(
  db: DbOrTrx,
  tenantId: string,
  timeZone: string,
  asOf: Date,
): Promise<SummaryRow[]> {
  const at = asOf.toISOString();
  await sortInMemory(db, 64);
  const result = await sql<{ x: number; tx: number; t: number; v: number }>`
    with d as (
      select customer_id, (occurred_at at time zone ${timeZone})::date as day, sum(amount) as amount
      from activities
      where tenant_id = ${tenantId}::uuid and status = 'completed' and occurred_at <= ${at}::timestamptz
      group by customer_id, day
    ),
    f as (
      select customer_id, day, amount, min(day) over (partition by customer_id) as first from d
    )
    select (count(*) - 1)::int as x, (max(day) - min(day))::int as tx,
      ((${at}::timestamptz at time zone ${timeZone})::date - min(day))::int as t,
      coalesce(sum(amount) filter (where day > first), 0)::float8 as v
    from f group by customer_id`.execute(db);
  const rows = result.rows;
  const summaries: SummaryRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    summaries[i] = { x: row.x, txDays: row.tx, tDays: row.t, repeatValue: Number(row.v) };
  }
  return summaries;
}

export interface NewModelFit {
  kind: ModelKind;
  params: Record<string, number>;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  asOf: Date;
  durationMs: number;
}

export async function insertModelFit(db: DbOrTrx, tenantId: string, fit: NewModelFit): Promise<ModelFitRow> {
  return db
    .insertInto('model_fits')
    .values({
      tenant_id: tenantId,
      kind: fit.kind,
      params: JSON.stringify(fit.params),
      log_likelihood: fit.logLikelihood,
      customers: fit.customers,
      converged: fit.converged,
      as_of: fit.asOf,
      duration_ms: fit.durationMs,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The fit of this kind whose calibration ended last at or before `asOf` and not before
 * `notBefore` (newest fit first among equals): a replay never uses a model that saw its future.
 */
export async function findModelFit(
  db: DbOrTrx,
  tenantId: string,
  kind: ModelKind,
  asOf: Date,
  notBefore: Date,
): Promise<ModelFitRow | undefined> {
  return db
    .selectFrom('model_fits')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('as_of', '<=', asOf)
    .where('as_of', '>=', notBefore)
    .orderBy('as_of', 'desc')
    .orderBy('fitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
