import { type ExpressionBuilder, sql } from 'kysely';
import type { DbOrTrx, Trx } from '../kysely.ts';
import { applyPage, toPage } from '../pagination.ts';
import type {
  AttemptEventRow,
  AttemptRow,
  AttemptStatus,
  AttemptStrategy,
  Database,
  LifecycleState,
  NewAttemptRow,
} from '../schema.ts';

/** An attempt with what a list or the inbox shows beside it. */
export type AttemptListRow = AttemptRow & {
  customer_external_id: string;
  customer_name: string | null;
  offering_name: string | null;
  staff_name: string | null;
};

export interface AttemptFilters {
  statuses?: readonly AttemptStatus[];
  strategies?: readonly AttemptStrategy[];
  triggerStates?: readonly LifecycleState[];
  control?: boolean;
  customerId?: string;
  offeringId?: string;
  minValueAtRisk?: number;
  maxValueAtRisk?: number;
  /** Created at or before this instant (the inbox's "older than"). */
  createdBefore?: Date;
  createdAfter?: Date;
  ids?: readonly string[];
}

export interface AuditEvent {
  actor: string;
  note?: string | null;
  changes?: Record<string, unknown>;
}

export async function insertAttempt(
  trx: Trx,
  row: NewAttemptRow & { tenant_id: string },
  event: AuditEvent,
): Promise<AttemptRow> {
  const attempt = await trx.insertInto('attempts').values(row).returningAll().executeTakeFirstOrThrow();
  await appendEvent(trx, attempt.tenant_id, attempt.id, null, attempt.status, event);
  return attempt;
}

async function appendEvent(
  trx: Trx,
  tenantId: string,
  attemptId: string,
  from: AttemptStatus | null,
  to: AttemptStatus,
  event: AuditEvent,
): Promise<void> {
  await trx
    .insertInto('attempt_events')
    .values({
      tenant_id: tenantId,
      attempt_id: attemptId,
      actor: event.actor,
      from_status: from,
      to_status: to,
      note: event.note ?? null,
      changes: JSON.stringify(event.changes ?? {}),
    })
    .execute();
}

function listQuery(db: DbOrTrx, tenantId: string) {
  return db
    .selectFrom('attempts as a')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.id', '=', 'a.customer_id'),
    )
    .leftJoin('offerings as o', (join) =>
      join.onRef('o.tenant_id', '=', 'a.tenant_id').onRef('o.id', '=', 'a.offering_id'),
    )
    .leftJoin('staff as s', (join) =>
      join.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.id', '=', 'a.staff_id'),
    )
    .selectAll('a')
    .select([
      'c.external_id as customer_external_id',
      'c.name as customer_name',
      'o.name as offering_name',
      's.name as staff_name',
    ])
    .where('a.tenant_id', '=', tenantId);
}

type AttemptScope = ExpressionBuilder<Database & { a: Database['attempts'] }, 'a'>;

function matches(eb: AttemptScope, f: AttemptFilters) {
  const conditions = [];
  if (f.statuses?.length) conditions.push(eb('a.status', 'in', [...f.statuses]));
  if (f.strategies?.length) conditions.push(eb('a.strategy', 'in', [...f.strategies]));
  if (f.triggerStates?.length) conditions.push(eb('a.trigger_state', 'in', [...f.triggerStates]));
  if (f.control !== undefined) conditions.push(eb('a.control', '=', f.control));
  if (f.customerId) conditions.push(eb('a.customer_id', '=', f.customerId));
  if (f.offeringId) conditions.push(eb('a.offering_id', '=', f.offeringId));
  if (f.minValueAtRisk !== undefined) conditions.push(eb('a.value_at_risk', '>=', f.minValueAtRisk));
  if (f.maxValueAtRisk !== undefined) conditions.push(eb('a.value_at_risk', '<=', f.maxValueAtRisk));
  if (f.createdBefore) conditions.push(eb('a.created_at', '<=', f.createdBefore));
  if (f.createdAfter) conditions.push(eb('a.created_at', '>=', f.createdAfter));
  if (f.ids) conditions.push(f.ids.length ? eb('a.id', 'in', [...f.ids]) : eb.val(false));
  return eb.and(conditions);
}

export async function findAttempt(
  db: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<AttemptListRow | undefined> {
  return listQuery(db, tenantId).where('a.id', '=', id).executeTakeFirst();
}

export async function listAttempts(
  db: DbOrTrx,
  tenantId: string,
  filters: AttemptFilters,
  page: { limit: number; cursor?: string },
): Promise<{ rows: AttemptListRow[]; nextCursor: string | null }> {
  const query = listQuery(db, tenantId).where((eb) => matches(eb as unknown as AttemptScope, filters));
  const rows = await applyPage(query, 'a', page.cursor, page.limit).execute();
  return toPage(rows, page.limit);
}

/** Ids of attempts matching the filters, oldest first, at most `limit`: for batch decisions. */
export async function attemptIdsMatching(
  db: DbOrTrx,
  tenantId: string,
  filters: AttemptFilters,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('attempts as a')
    .select('a.id')
    .where('a.tenant_id', '=', tenantId)
    .where((eb) => matches(eb as unknown as AttemptScope, filters))
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function countAttempts(db: DbOrTrx, tenantId: string, filters: AttemptFilters): Promise<number> {
  const row = await db
    .selectFrom('attempts as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.tenant_id', '=', tenantId)
    .where((eb) => matches(eb as unknown as AttemptScope, filters))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type AttemptPatch = Partial<
  Pick<
    NewAttemptRow,
    | 'message_text'
    | 'message_source'
    | 'message_meta'
    | 'approved_by'
    | 'approved_at'
    | 'cancel_reason'
    | 'started_at'
    | 'assigned_to'
    | 'channel'
    | 'contact_count'
    | 'last_contacted_at'
    | 'outcome'
    | 'outcome_notes'
    | 'next_order_at'
    | 'next_order_value'
    | 'discount_given_pct'
    | 'cost'
    | 'closed_at'
    | 'expires_at'
    | 'wait_until'
    | 'attribution_until'
    | 'suggested_slot'
    | 'suggested_offerings'
    | 'staff_id'
  >
>;

/**
 * Moves one attempt from one of `from` to `to`, applying `patch` and recording the change, in
 * the caller's transaction. The row is locked first, so two people approving and rejecting the
 * same suggestion at once cannot both win: the second sees the new status and is refused.
 * Returns the row as it was before (undefined: no such attempt) and after (undefined: refused).
 */
export async function transitionAttempt(
  trx: Trx,
  tenantId: string,
  id: string,
  to: AttemptStatus,
  allowedFrom: (status: AttemptStatus) => boolean,
  patch: AttemptPatch,
  event: AuditEvent,
): Promise<{ before: AttemptRow | undefined; after: AttemptRow | undefined }> {
  const before = await trx
    .selectFrom('attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!before || !allowedFrom(before.status)) return { before, after: undefined };
  const after = await trx
    .updateTable('attempts')
    .set({ ...patch, status: to, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(trx, tenantId, id, before.status, to, event);
  return { before, after };
}

/** Changes fields of an attempt without changing its status (an edited text), recorded as an event. */
export async function amendAttempt(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: AttemptPatch,
  event: AuditEvent,
): Promise<AttemptRow | undefined> {
  const after = await trx
    .updateTable('attempts')
    .set({ ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (after) await appendEvent(trx, tenantId, id, after.status, after.status, event);
  return after;
}

export async function listEvents(
  db: DbOrTrx,
  tenantId: string,
  attemptIds: readonly string[],
): Promise<AttemptEventRow[]> {
  if (attemptIds.length === 0) return [];
  return db
    .selectFrom('attempt_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('attempt_id', 'in', [...attemptIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * Suggestions past their expiry and WAIT decisions past their date, closed as CANCELLED in one
 * statement each with their audit rows, so the next daily run can decide afresh.
 */
export async function expireAttempts(
  trx: Trx,
  tenantId: string,
  now: Date,
): Promise<{ expired: number; waitsOver: number }> {
  const close = async (status: AttemptStatus, column: 'expires_at' | 'wait_until', reason: string) => {
    const result = await sql<{ n: number }>`
      with closed as (
        update attempts set status = 'CANCELLED', cancel_reason = ${reason}, closed_at = ${now},
          updated_at = now()
        where tenant_id = ${tenantId}::uuid and status = ${status}
          and ${sql.ref(column)} is not null and ${sql.ref(column)} <= ${now}
        returning id, status
      ), events as (
        insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note)
        select ${tenantId}::uuid, id, ${now}, 'system', ${status}, 'CANCELLED', ${reason} from closed
      )
      select count(*)::int as n from closed`.execute(trx);
    return Number(result.rows[0]?.n ?? 0);
  };
  const expired = await close('SUGGESTED', 'expires_at', 'expired');
  const waitsOver = await close('PLANNED', 'wait_until', 'wait_over');
  return { expired, waitsOver };
}

export interface StrategyTally {
  strategy: AttemptStrategy;
  control: boolean;
  attempts: number;
  open: number;
  won: number;
  lost: number;
  cancelled: number;
  reactivated: number;
  partial: number;
  declined: number;
  noResponse: number;
  churned: number;
  revenue: number;
  cost: number;
  discountSum: number;
  discountCount: number;
  daysToOrderSum: number;
  daysToOrderCount: number;
}

/** Attempts per strategy and group (treated or control), created in [from, to). */
export async function tallyByStrategy(
  db: DbOrTrx,
  tenantId: string,
  range: { from?: Date; to?: Date },
): Promise<StrategyTally[]> {
  const result = await sql<Record<string, unknown>>`
    select strategy, control,
      count(*)::int as attempts,
      count(*) filter (where status in ('PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS'))::int as open,
      count(*) filter (where status = 'WON')::int as won,
      count(*) filter (where status = 'LOST')::int as lost,
      count(*) filter (where status = 'CANCELLED')::int as cancelled,
      count(*) filter (where outcome = 'REACTIVATED')::int as reactivated,
      count(*) filter (where outcome = 'PARTIAL')::int as partial,
      count(*) filter (where outcome = 'DECLINED')::int as declined,
      count(*) filter (where outcome = 'NO_RESPONSE')::int as no_response,
      count(*) filter (where outcome = 'CHURNED')::int as churned,
      coalesce(sum(next_order_value) filter (where status = 'WON'), 0)::float8 as revenue,
      coalesce(sum(cost), 0)::float8 as cost,
      coalesce(sum(discount_given_pct), 0)::float8 as discount_sum,
      count(discount_given_pct)::int as discount_count,
      coalesce(sum(extract(epoch from next_order_at - created_at) / 86400)
        filter (where status = 'WON' and next_order_at is not null), 0)::float8 as days_to_order_sum,
      count(*) filter (where status = 'WON' and next_order_at is not null)::int as days_to_order_count
    from attempts
    where tenant_id = ${tenantId}::uuid and strategy is not null
      and (${range.from ?? null}::timestamptz is null or created_at >= ${range.from ?? null}::timestamptz)
      and (${range.to ?? null}::timestamptz is null or created_at < ${range.to ?? null}::timestamptz)
    group by strategy, control
    order by strategy, control`.execute(db);
  return result.rows.map((r) => ({
    strategy: r.strategy as AttemptStrategy,
    control: r.control as boolean,
    attempts: Number(r.attempts),
    open: Number(r.open),
    won: Number(r.won),
    lost: Number(r.lost),
    cancelled: Number(r.cancelled),
    reactivated: Number(r.reactivated),
    partial: Number(r.partial),
    declined: Number(r.declined),
    noResponse: Number(r.no_response),
    churned: Number(r.churned),
    revenue: Number(r.revenue),
    cost: Number(r.cost),
    discountSum: Number(r.discount_sum),
    discountCount: Number(r.discount_count),
    daysToOrderSum: Number(r.days_to_order_sum),
    daysToOrderCount: Number(r.days_to_order_count),
  }));
}

/** Every attempt of these customers (for decisions: what was tried, how it ended). */
export async function attemptsOfCustomers(
  db: DbOrTrx,
  tenantId: string,
  customerIds: readonly string[],
): Promise<AttemptRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom('attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('created_at')
    .execute();
}

/** Customers holding an open attempt now. */
export async function customersWithOpenAttempts(db: DbOrTrx, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('attempts')
    .select('customer_id')
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS'])
    .execute();
  return rows.map((row) => row.customer_id);
}

/**
 * The attempts whose messages the provider just accepted: one more contact, on that channel, at
 * that time; an APPROVED attempt starts (IN_PROGRESS), with the change in its history. What the
 * scan's "contacted today" and minimum-gap rules then read. One statement for a batch of sends.
 */
export async function recordAttemptContacts(
  trx: Trx,
  sent: readonly { tenantId: string; messageId: string }[],
  now: Date,
): Promise<number> {
  if (sent.length === 0) return 0;
  const json = JSON.stringify(sent.map((s) => ({ tenant_id: s.tenantId, message_id: s.messageId })));
  const result = await sql<{ n: number }>`
    with s as (
      select m.tenant_id, m.attempt_id, m.channel, m.id as message_id
      from jsonb_to_recordset(${json}::text::jsonb) as r(tenant_id uuid, message_id uuid)
      join messages m on m.tenant_id = r.tenant_id and m.id = r.message_id
      where m.attempt_id is not null
    ), before as (
      select a.tenant_id, a.id, a.status, s.channel, s.message_id
      from attempts a join s on s.tenant_id = a.tenant_id and s.attempt_id = a.id
      where a.status in ('APPROVED', 'IN_PROGRESS')
      for update of a
    ), changed as (
      update attempts a set
        status = 'IN_PROGRESS',
        started_at = coalesce(a.started_at, ${now}),
        contact_count = a.contact_count + 1,
        last_contacted_at = ${now},
        channel = b.channel,
        updated_at = now()
      from before b
      where a.tenant_id = b.tenant_id and a.id = b.id
      returning a.tenant_id, a.id
    ), events as (
      insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note, changes)
      select b.tenant_id, b.id, ${now}, 'dispatcher', b.status, 'IN_PROGRESS',
        'message sent via ' || b.channel, jsonb_build_object('messageId', b.message_id)
      from before b
    )
    select count(*)::int as n from changed`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}
