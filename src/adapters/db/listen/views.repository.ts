import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import { applyPage, decodeCursor, toPage } from '../pagination.ts';
import type { ReplyLabel } from '../schema.ts';

export interface ReplyFilters {
  label?: readonly ReplyLabel[];
  customerId?: string;
  attemptId?: string;
}

export async function listReplies(
  db: DbOrTrx,
  tenantId: string,
  filters: ReplyFilters,
  page: { limit: number; cursor?: string },
) {
  let q = db.selectFrom('replies').selectAll('replies').where('replies.tenant_id', '=', tenantId);
  if (filters.label && filters.label.length > 0) q = q.where('replies.label', 'in', [...filters.label]);
  if (filters.customerId) q = q.where('replies.customer_id', '=', filters.customerId);
  if (filters.attemptId) q = q.where('replies.attempt_id', '=', filters.attemptId);
  const rows = await applyPage(q, 'replies', page.cursor, page.limit).execute();
  return toPage(rows, page.limit);
}

export interface ConversionFilters {
  control?: boolean;
  from?: Date;
  to?: Date;
}

export async function listConversions(
  db: DbOrTrx,
  tenantId: string,
  filters: ConversionFilters,
  page: { limit: number; cursor?: string },
) {
  let q = db
    .selectFrom('conversions')
    .select([
      'conversions.attempt_id as id',
      'conversions.customer_id',
      'conversions.control',
      'conversions.source_kind',
      'conversions.source_id',
      'conversions.value',
      'conversions.occurred_at',
      'conversions.touch',
      'conversions.touched_at',
      'conversions.created_at',
    ])
    .where('conversions.tenant_id', '=', tenantId);
  if (filters.control !== undefined) q = q.where('conversions.control', '=', filters.control);
  if (filters.from) q = q.where('conversions.occurred_at', '>=', filters.from);
  if (filters.to) q = q.where('conversions.occurred_at', '<', filters.to);
  if (page.cursor) {
    const { at, id } = decodeCursor(page.cursor);
    q = q.where((eb) =>
      eb.or([
        eb('conversions.created_at', '>', new Date(at)),
        eb.and([eb('conversions.created_at', '=', new Date(at)), eb('conversions.attempt_id', '>', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('conversions.created_at')
    .orderBy('conversions.attempt_id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit);
}

/** Conversions and revenue per group (treated / control), in [from, to). */
export async function conversionTotals(db: DbOrTrx, tenantId: string, filters: ConversionFilters) {
  const result = await sql<{ control: boolean; conversions: number; revenue: string | number }>`
    select control, count(*)::int as conversions, coalesce(sum(value), 0) as revenue
    from conversions
    where tenant_id = ${tenantId}::uuid
      and (${filters.from ?? null}::timestamptz is null or occurred_at >= ${filters.from ?? null}::timestamptz)
      and (${filters.to ?? null}::timestamptz is null or occurred_at < ${filters.to ?? null}::timestamptz)
    group by control`.execute(db);
  return result.rows.map((r) => ({
    control: r.control,
    conversions: r.conversions,
    revenue: Number(r.revenue),
  }));
}

export interface InboxFilters {
  status?: readonly string[];
  provider?: readonly string[];
}

export async function listInboxEvents(
  db: DbOrTrx,
  tenantId: string,
  filters: InboxFilters,
  page: { limit: number; cursor?: string },
) {
  let q = db
    .selectFrom('inbox_events')
    .select([
      'inbox_events.id',
      'inbox_events.provider',
      'inbox_events.event_key',
      'inbox_events.event_type',
      'inbox_events.status',
      'inbox_events.attempts',
      'inbox_events.last_error',
      'inbox_events.received_at',
      'inbox_events.received_at as created_at',
      'inbox_events.processed_at',
      'inbox_events.payload',
    ])
    .where('inbox_events.tenant_id', '=', tenantId);
  if (filters.status && filters.status.length > 0)
    q = q.where('inbox_events.status', 'in', [...filters.status] as never);
  if (filters.provider && filters.provider.length > 0)
    q = q.where('inbox_events.provider', 'in', [...filters.provider]);
  const rows = await applyPage(q, 'inbox_events', page.cursor, page.limit, 'received_at').execute();
  return toPage(rows, page.limit);
}

/** Puts a failed event back in line (an operator fixed what made it fail). */
export async function retryInboxEvent(db: DbOrTrx, tenantId: string, id: string): Promise<boolean> {
  const row = await db
    .updateTable('inbox_events')
    .set({ status: 'pending', attempts: 0, claimed_at: null, last_error: null, processed_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
