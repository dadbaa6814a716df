import { sql } from 'kysely';
import type { DbOrTrx, Trx } from './kysely.ts';
import { toPgArray } from './pg-array.ts';

export interface NewInboxEvent {
  provider: string;
  /** Deterministic per provider event: a retry or duplicate delivery has the same key. */
  eventKey: string;
  eventType: string;
  payload: unknown;
  headers?: Record<string, unknown>;
}

/**
 * Stores verified webhook events once each: a provider's retry or duplicate of an event already
 * stored changes nothing. Returns the keys that were new (only those are processed).
 */
export async function storeInboxEvents(
  trx: Trx,
  tenantId: string,
  events: readonly NewInboxEvent[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await trx
    .insertInto('inbox_events')
    .values(
      events.map((e) => ({
        tenant_id: tenantId,
        provider: e.provider,
        event_key: e.eventKey,
        event_type: e.eventType,
        payload: JSON.stringify(e.payload),
        headers: JSON.stringify(e.headers ?? {}),
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'provider', 'event_key']).doNothing())
    .returning('event_key')
    .execute();
  return new Set(rows.map((r) => r.event_key));
}

export async function markInboxEvents(
  trx: Trx,
  tenantId: string,
  provider: string,
  keys: readonly string[],
  status: 'processed' | 'failed' | 'ignored',
  error?: string,
): Promise<void> {
  if (keys.length === 0) return;
  await trx
    .updateTable('inbox_events')
    .set({
      status,
      processed_at: sql`now()`,
      attempts: sql`attempts + 1`,
      ...(error ? { last_error: error.slice(0, 1000) } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('event_key', 'in', [...keys])
    .execute();
}

/** The event types the inbox processor acts on (WhatsApp statuses are applied by their webhook). */
export const PROCESSED_TYPES = [
  'message',
  'order',
  'booking',
  'subscription_cancelled',
  'course_access',
  'conversation',
] as const;

export interface ClaimedInboxEvent {
  id: string;
  provider: string;
  event_key: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  received_at: Date;
}

/**
 * Takes up to `limit` of a tenant's pending events, oldest first, for one processor (an event that
 * failed waits 30 s per try before it is taken again): marked
 * `processing` (with the time, so a processor that died is noticed) and skipped by the others.
 */
export async function claimInboxEvents(
  trx: Trx,
  tenantId: string,
  limit: number,
): Promise<ClaimedInboxEvent[]> {
  const result = await sql<ClaimedInboxEvent>`
    with picked as (
      select id from inbox_events
      where tenant_id = ${tenantId}::uuid and status = 'pending'
        and event_type = any(${toPgArray(PROCESSED_TYPES)}::text::text[])
        -- a failed try waits 30 s per try before the next
        and (claimed_at is null or claimed_at < now() - make_interval(secs => 30 * attempts))
      order by received_at, id
      limit ${limit}
      for update skip locked
    )
    update inbox_events e set status = 'processing', attempts = e.attempts + 1, claimed_at = now()
    from picked p where e.tenant_id = ${tenantId}::uuid and e.id = p.id
    returning e.id, e.provider, e.event_key, e.event_type, e.payload, e.attempts, e.received_at`.execute(trx);
  // UPDATE … RETURNING has no order: put them back in arrival order
  return [...result.rows].sort(
    (a, b) => new Date(a.received_at).getTime() - new Date(b.received_at).getTime(),
  );
}

export async function finishInboxEvent(
  trx: Trx,
  tenantId: string,
  id: string,
  status: 'processed' | 'failed' | 'ignored' | 'pending',
  note: string | null,
): Promise<void> {
  await trx
    .updateTable('inbox_events')
    .set({
      status,
      processed_at: status === 'pending' ? null : sql`now()`,
      last_error: note ? note.slice(0, 1000) : null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Tenants with events to process, across tenants (the sweep runs as the owner, outside any
 * tenant): pending ones, and ones a processor took more than `staleSeconds` ago and never finished.
 */
export async function tenantsWithInboxWork(db: DbOrTrx, staleSeconds: number): Promise<string[]> {
  const result = await sql<{ tenant_id: string }>`
    update inbox_events set status = 'pending'
    where status = 'processing' and claimed_at < now() - make_interval(secs => ${staleSeconds})
    returning tenant_id`.execute(db);
  const pending = await sql<{ tenant_id: string }>`
    select distinct tenant_id from inbox_events
    where status = 'pending' and event_type = any(${toPgArray(PROCESSED_TYPES)}::text::text[])`.execute(db);
  return [...new Set([...result.rows, ...pending.rows].map((r) => r.tenant_id))];
}
