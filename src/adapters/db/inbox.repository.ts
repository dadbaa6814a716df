import { sql } from 'kysely';
import type { Trx } from './kysely.ts';

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
