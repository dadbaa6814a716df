import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import type { PageCursor } from './pagination.ts';

/** A table of things that happen to one customer: it has tenant_id, id and customer_id. */
export interface TimelineTable {
  type: string;
  table: 'activities' | 'bookings';
  /** The column that places a row on the timeline. */
  at: string;
}

export interface TimelineKey {
  type: string;
  at: Date;
  id: string;
}

/**
 * The newest `limit` entries of a customer's timeline across several tables, ordered by
 * (at, type, id) descending and starting after `after`. Each branch walks its own
 * (tenant_id, customer_id, time) index down from the cursor's instant and stops after `limit`
 * rows, so the merge never sorts more than `limit` rows per table. `collate "C"` keeps the order
 * of the type names independent of the database's locale.
 */
export async function listTimelineKeys(
  db: DbOrTrx,
  tenantId: string,
  customerId: string,
  tables: readonly TimelineTable[],
  after: PageCursor | undefined,
  limit: number,
): Promise<TimelineKey[]> {
  const branches = tables.map((source) => {
    const at = sql.ref(source.at);
    const type = sql`${source.type}::text collate "C"`;
    // PostgreSQL turns the leading column of this row comparison into an index condition
    // (`occurred_at <= …` in EXPLAIN on PostgreSQL 15), so a later page starts where the last ended.
    const resume = after
      ? sql`and (${at}, ${type}, id) < (${new Date(after.at)}::timestamptz, ${after.type ?? ''}::text collate "C", ${after.id}::uuid)`
      : sql``;
    return sql`(select ${type} as type, ${at} as at, id from ${sql.table(source.table)}
      where tenant_id = ${tenantId} and customer_id = ${customerId} ${resume}
      order by ${at} desc, id desc limit ${limit})`;
  });
  const { rows } = await sql<TimelineKey>`
    select type, at, id from (${sql.join(branches, sql` union all `)}) as timeline
    order by at desc, type desc, id desc
    limit ${limit}`.execute(db);
  return rows;
}
