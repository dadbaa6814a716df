import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';

export interface AttributionScope {
  tenantId: string;
  /** Only these customers' attempts (after an order arrived); all the tenant's when absent. */
  customerIds?: readonly string[];
  windowDays: number;
  now: Date;
  actor: string;
}

export interface Credited {
  attemptId: string;
  customerId: string;
  control: boolean;
  sourceKind: 'activity' | 'booking';
  sourceId: string;
  value: number;
  occurredAt: Date;
  touch: 'message' | 'click' | 'reply' | 'control';
  touchedAt: Date;
}

const scopeFilter = (scope: AttributionScope) =>
  scope.customerIds ? sql`and a.customer_id = any(${toPgArray(scope.customerIds)}::text::uuid[])` : sql``;

/**
 * Credits returns to the attempts that earned them, in one statement. For each open attempt
 * (IN_PROGRESS, treated or control) the touches are: each message the provider accepted (at its
 * delivery, or its send on channels that report none), each click on its tracked links (preview
 * bots excluded), each answer that was not a refusal, and — for a control attempt, which sends
 * nothing — the moment it was held out. The first completed order or live booking of the customer
 * at or after a touch and within `windowDays` of it is the conversion, credited to the latest touch
 * before it (last touch). The attempt becomes WON (REACTIVATED) with the order's value, with its
 * audit row and a `conversions` row.
 */
export async function creditConversions(trx: Trx, scope: AttributionScope): Promise<Credited[]> {
  const t = scope.tenantId;
  const result = await sql<{
    attempt_id: string;
    customer_id: string;
    control: boolean;
    source_kind: 'activity' | 'booking';
    source_id: string;
    value: string | number;
    occurred_at: Date | string;
    touch: Credited['touch'];
    touched_at: Date | string;
  }>`
    with open as (
      select a.id, a.customer_id, a.control, a.started_at
      from attempts a
      where a.tenant_id = ${t}::uuid and a.status = 'IN_PROGRESS' and a.started_at is not null
        ${scopeFilter(scope)}
      for update of a
    ), touches as (
      select o.id as attempt_id, 'message'::text as touch, coalesce(m.delivered_at, m.sent_at) as at
      from open o join messages m on m.tenant_id = ${t}::uuid and m.attempt_id = o.id
      where m.status in ('sent', 'delivered', 'read') and coalesce(m.delivered_at, m.sent_at) is not null
      union all
      select o.id, 'click', c.at
      from open o join link_clicks c on c.tenant_id = ${t}::uuid and c.attempt_id = o.id and not c.is_preview
      union all
      select o.id, 'reply', r.received_at
      from open o join replies r on r.tenant_id = ${t}::uuid and r.attempt_id = o.id
      where r.label not in ('opt_out', 'negative')
      union all
      select o.id, 'control', o.started_at from open o where o.control
    ), returns as (
      select o.id as attempt_id, 'activity'::text as source_kind, x.id as source_id,
        greatest(x.amount, 0) as value, x.occurred_at
      from open o join activities x on x.tenant_id = ${t}::uuid and x.customer_id = o.customer_id
      where x.status = 'completed' and x.occurred_at >= o.started_at and x.occurred_at <= ${scope.now}
      union all
      -- a booking counts when it was made (or its visit, for one imported after the fact)
      select o.id, 'booking', b.id, coalesce(b.amount, f.price, 0), least(b.created_at, b.starts_at)
      from open o join bookings b on b.tenant_id = ${t}::uuid and b.customer_id = o.customer_id
      left join offerings f on f.tenant_id = b.tenant_id and f.id = b.offering_id
      where b.status <> 'cancelled' and least(b.created_at, b.starts_at) >= o.started_at
        and least(b.created_at, b.starts_at) <= ${scope.now}
    ), credited as (
      select distinct on (r.attempt_id) r.attempt_id, o.customer_id, o.control, r.source_kind, r.source_id,
        r.value, r.occurred_at, t.touch, t.at as touched_at
      from returns r
      join open o on o.id = r.attempt_id
      join touches t on t.attempt_id = r.attempt_id and t.at <= r.occurred_at
        and r.occurred_at <= t.at + make_interval(days => ${scope.windowDays})
      order by r.attempt_id, r.occurred_at, t.at desc
    ), won as (
      update attempts a set status = 'WON', outcome = 'REACTIVATED', closed_at = ${scope.now},
        next_order_at = c.occurred_at, next_order_value = c.value, updated_at = now()
      from credited c
      where a.tenant_id = ${t}::uuid and a.id = c.attempt_id and a.status = 'IN_PROGRESS'
      returning a.id
    ), recorded as (
      insert into conversions (tenant_id, attempt_id, customer_id, control, source_kind, source_id, value,
        occurred_at, touch, touched_at)
      select ${t}::uuid, c.attempt_id, c.customer_id, c.control, c.source_kind, c.source_id, c.value,
        c.occurred_at, c.touch, c.touched_at
      from credited c join won w on w.id = c.attempt_id
      on conflict do nothing
    ), events as (
      insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note, changes)
      select ${t}::uuid, c.attempt_id, ${scope.now}, ${scope.actor}, 'IN_PROGRESS', 'WON',
        'won: ' || case when c.source_kind = 'activity' then 'an order' else 'a booking' end ||
          ' of ' || c.value::text || ' on ' || to_char(c.occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') ||
          ' UTC, ' || c.touch || ' touch of ' || to_char(c.touched_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
        jsonb_build_object('outcome', 'REACTIVATED', 'nextOrderValue', c.value, 'sourceKind', c.source_kind,
          'sourceId', c.source_id, 'touch', c.touch)
      from credited c join won w on w.id = c.attempt_id
    )
    select c.* from credited c join won w on w.id = c.attempt_id`.execute(trx);
  return result.rows.map((r) => ({
    attemptId: r.attempt_id,
    customerId: r.customer_id,
    control: r.control,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    value: Number(r.value),
    occurredAt: new Date(r.occurred_at),
    touch: r.touch,
    touchedAt: new Date(r.touched_at),
  }));
}

/**
 * Seed 004 edge case 4: a customer who came back on their own before any message reached them.
 * Their attempts that have not reached them yet (PLANNED — including WAIT —, SUGGESTED,
 * APPROVED) are CANCELLED, and the messages still queued for them are cancelled with them.
 * Returns the attempts cancelled.
 */
export async function cancelOvertakenAttempts(trx: Trx, scope: AttributionScope): Promise<string[]> {
  const t = scope.tenantId;
  const reason = 'the customer came back on their own before being contacted';
  const result = await sql<{ id: string }>`
    with overtaken as (
      select a.id, a.status
      from attempts a
      where a.tenant_id = ${t}::uuid and a.status in ('PLANNED', 'SUGGESTED', 'APPROVED')
        ${scopeFilter(scope)}
        and (exists (
          select 1 from activities x
          where x.tenant_id = a.tenant_id and x.customer_id = a.customer_id and x.status = 'completed'
            and x.occurred_at > a.created_at and x.occurred_at <= ${scope.now}
        ) or exists (
          select 1 from bookings b
          where b.tenant_id = a.tenant_id and b.customer_id = a.customer_id and b.status <> 'cancelled'
            and b.created_at > a.created_at
        ))
      for update of a
    ), closed as (
      update attempts a set status = 'CANCELLED', cancel_reason = ${reason}, closed_at = ${scope.now},
        updated_at = now()
      from overtaken o where a.tenant_id = ${t}::uuid and a.id = o.id
      returning a.id
    ), events as (
      insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note)
      select ${t}::uuid, o.id, ${scope.now}, ${scope.actor}, o.status, 'CANCELLED', ${reason} from overtaken o
    ), messages_cancelled as (
      update messages m set status = 'cancelled', last_error = ${reason}, updated_at = now()
      from overtaken o
      where m.tenant_id = ${t}::uuid and m.attempt_id = o.id and m.status = 'queued'
      returning m.id
    ), message_audit as (
      insert into message_events (tenant_id, message_id, actor, from_status, to_status, note)
      select ${t}::uuid, id, ${scope.actor}, 'queued', 'cancelled', ${reason} from messages_cancelled
    )
    select id from closed`.execute(trx);
  return result.rows.map((r) => r.id);
}

/**
 * Attempts whose attribution window has passed with no conversion: LOST with NO_RESPONSE. The
 * window runs `windowDays` from the latest touch (start, send, delivery, click, answer that was not
 * a refusal) or to `attribution_until` (a snooze) when that is later. An attempt whose message is
 * still queued or being sent is left open: it has not had its chance yet.
 */
export async function closeLapsedWindows(trx: Trx, scope: AttributionScope): Promise<string[]> {
  const t = scope.tenantId;
  const note = `no order or booking within ${scope.windowDays} days of the last touch`;
  const result = await sql<{ id: string }>`
    with open as (
      select a.id, greatest(
        greatest(a.started_at, a.last_contacted_at,
          (select max(coalesce(m.delivered_at, m.sent_at)) from messages m
            where m.tenant_id = a.tenant_id and m.attempt_id = a.id),
          (select max(c.at) from link_clicks c
            where c.tenant_id = a.tenant_id and c.attempt_id = a.id and not c.is_preview),
          (select max(r.received_at) from replies r
            where r.tenant_id = a.tenant_id and r.attempt_id = a.id and r.label not in ('opt_out', 'negative'))
        ) + make_interval(days => ${scope.windowDays}),
        a.attribution_until) as deadline
      from attempts a
      where a.tenant_id = ${t}::uuid and a.status = 'IN_PROGRESS' and a.started_at is not null
        ${scopeFilter(scope)}
        and not exists (select 1 from messages m where m.tenant_id = a.tenant_id and m.attempt_id = a.id
          and m.status in ('queued', 'sending'))
    ), lapsed as (
      select a.id from attempts a join open o on o.id = a.id
      where a.tenant_id = ${t}::uuid and o.deadline <= ${scope.now} and a.status = 'IN_PROGRESS'
      for update of a
    ), closed as (
      update attempts a set status = 'LOST', outcome = 'NO_RESPONSE', closed_at = ${scope.now},
        outcome_notes = coalesce(a.outcome_notes, ${note}), updated_at = now()
      from lapsed l where a.tenant_id = ${t}::uuid and a.id = l.id
      returning a.id
    ), events as (
      insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note, changes)
      select ${t}::uuid, id, ${scope.now}, ${scope.actor}, 'IN_PROGRESS', 'LOST', ${note},
        '{"outcome":"NO_RESPONSE"}'::jsonb
      from closed
    )
    select id from closed`.execute(trx);
  return result.rows.map((r) => r.id);
}

/**
 * A credited order that was refunded, cancelled or charged back: its conversion is worth nothing
 * and the attempt's recorded order value goes to 0 (the attempt stays WON — the customer did come
 * back — with a note and an audit row saying why its value fell).
 */
export async function reverseConversions(
  trx: Trx,
  tenantId: string,
  activityIds: readonly string[],
  reason: string,
  now: Date,
  actor: string,
): Promise<string[]> {
  if (activityIds.length === 0) return [];
  const result = await sql<{ attempt_id: string }>`
    with reversed as (
      update conversions c set value = 0
      where c.tenant_id = ${tenantId}::uuid and c.source_kind = 'activity'
        and c.source_id = any(${toPgArray(activityIds)}::text::uuid[]) and c.value <> 0
      returning c.attempt_id
    ), attempts_changed as (
      update attempts a set next_order_value = 0,
        outcome_notes = concat_ws('; ', a.outcome_notes, ${`order ${reason}`}::text), updated_at = now()
      from reversed r where a.tenant_id = ${tenantId}::uuid and a.id = r.attempt_id
      returning a.id, a.status
    ), events as (
      insert into attempt_events (tenant_id, attempt_id, at, actor, from_status, to_status, note, changes)
      select ${tenantId}::uuid, id, ${now}, ${actor}, status, status, ${`the credited order was ${reason}`},
        '{"nextOrderValue":0}'::jsonb
      from attempts_changed
    )
    select attempt_id from reversed`.execute(trx);
  return result.rows.map((r) => r.attempt_id);
}
