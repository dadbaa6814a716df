import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../kysely.ts';
import { sortInMemory } from './scan.repository.ts';

/** A tenant median: offeringId null is the median over all visits, whatever the offering. */
export interface MedianRow {
  offeringId: string | null;
  medianDays: number | null;
  samples: number;
}

export interface StoredMedianRow extends MedianRow {
  asOf: Date;
  computedAt: Date;
}

/**
 * The median gap, in days, between consecutive completed visits of the same customer for the
 * same offering (visits on the same local day once), per offering, with the number of gaps it
 * rests on; plus one row (offeringId null) over all of a customer's visits whatever the offering.
 * One statement: percentile_cont over window gaps, no per-customer work in JavaScript.
 */
export async function computeMedians(
  db: DbOrTrx,
  tenantId: string,
  timeZone: string,
  asOf: Date,
): Promise<MedianRow[]> {
  await sortInMemory(db, 64);
  const result = await sql<{ offering_id: string | null; median_days: number | null; samples: number }>`
    with od as (
      select customer_id, offering_id, (occurred_at at time zone ${timeZone})::date as day
      from activities
      where tenant_id = ${tenantId}::uuid and status = 'completed'
        and occurred_at <= ${asOf.toISOString()}::timestamptz
      group by customer_id, offering_id, day
    ),
    offering_gaps as (
      select offering_id, day - lag(day) over (partition by customer_id, offering_id order by day) as gap
      from od where offering_id is not null
    ),
    days as (select distinct customer_id, day from od),
    all_gaps as (
      select day - lag(day) over (partition by customer_id order by day) as gap from days
    )
    select offering_id, percentile_cont(0.5) within group (order by gap) as median_days,
      count(*)::int as samples
    from offering_gaps where gap is not null group by offering_id
    union all
    select null, percentile_cont(0.5) within group (order by gap), count(*)::int
    from all_gaps where gap is not null`.execute(db);
  return result.rows.map((row) => ({
    offeringId: row.offering_id,
    medianDays: row.median_days === null ? null : Number(row.median_days),
    samples: Number(row.samples),
  }));
}

/** Replaces the tenant's stored medians with these, in the caller's transaction. */
export async function replaceMedians(
  trx: Trx,
  tenantId: string,
  asOf: Date,
  rows: readonly MedianRow[],
): Promise<Date> {
  await trx.deleteFrom('interval_medians').where('tenant_id', '=', tenantId).execute();
  const computedAt = new Date();
  if (rows.length > 0) {
    await trx
      .insertInto('interval_medians')
      .values(
        rows.map((row) => ({
          tenant_id: tenantId,
          offering_id: row.offeringId,
          median_days: row.medianDays,
          samples: row.samples,
          as_of: asOf,
          computed_at: computedAt,
        })),
      )
      .execute();
  }
  return computedAt;
}

export async function listMedians(db: DbOrTrx, tenantId: string): Promise<StoredMedianRow[]> {
  const rows = await db
    .selectFrom('interval_medians')
    .select(['offering_id', 'median_days', 'samples', 'as_of', 'computed_at'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((row) => ({
    offeringId: row.offering_id,
    medianDays: row.median_days === null ? null : Number(row.median_days),
    samples: row.samples,
    asOf: row.as_of,
    computedAt: row.computed_at,
  }));
}

export interface IntervalRule {
  offeringId: string;
  intervalDays: number;
  note: string | null;
}

export async function listIntervalRules(db: DbOrTrx, tenantId: string): Promise<IntervalRule[]> {
  const rows = await db
    .selectFrom('interval_rules')
    .select(['offering_id', 'interval_days', 'note'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((row) => ({
    offeringId: row.offering_id,
    intervalDays: Number(row.interval_days),
    note: row.note,
  }));
}

/** Sets (or replaces) the tenant's rule for an offering. */
export async function upsertIntervalRule(db: DbOrTrx, tenantId: string, rule: IntervalRule): Promise<void> {
  await db
    .insertInto('interval_rules')
    .values({
      tenant_id: tenantId,
      offering_id: rule.offeringId,
      interval_days: rule.intervalDays,
      note: rule.note,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'offering_id']).doUpdateSet({
        interval_days: rule.intervalDays,
        note: rule.note,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export interface OfferingInfo {
  id: string;
  name: string;
  category: string | null;
}

export async function listOfferingInfo(db: DbOrTrx, tenantId: string): Promise<OfferingInfo[]> {
  return db
    .selectFrom('offerings')
    .select(['id', 'name', 'category'])
    .where('tenant_id', '=', tenantId)
    .execute();
}
