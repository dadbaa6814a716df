import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import type { MessageRowStatus } from '../schema.ts';

/** The writes after a hand-off, batched: one statement for every outcome of a kind. */

export interface SentRow {
  tenantId: string;
  id: string;
  providerMessageId: string;
  sentAs: 'text' | 'template';
}

/**
 * Records provider acceptances. Not fenced by the lease: the provider has the message, whatever
 * the queue did meanwhile (a lapsed lease re-queued, skipped or failed it), so it becomes `sent`
 * unless a status webhook already moved it further. Returns each changed message's former status.
 */
export async function writeSent(
  trx: Trx,
  rows: readonly SentRow[],
  now: Date,
): Promise<{ id: string; from_status: MessageRowStatus }[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(
    rows.map((r) => ({
      tenant_id: r.tenantId,
      id: r.id,
      provider_message_id: r.providerMessageId,
      sent_as: r.sentAs,
    })),
  );
  const result = await sql<{ id: string; from_status: MessageRowStatus }>`
    with r as (
      select * from jsonb_to_recordset(${json}::text::jsonb)
        as r(tenant_id uuid, id uuid, provider_message_id text, sent_as text)
    ), old as (
      select m.tenant_id, m.id, m.status from messages m
      join r on r.tenant_id = m.tenant_id and r.id = m.id
      where m.status not in ('sent', 'delivered', 'read')
      for update of m
    )
    update messages m set status = 'sent', sent_at = ${now}, provider_message_id = r.provider_message_id,
      sent_as = r.sent_as, lease_owner = null, lease_expires_at = null, reconcile_reason = null,
      skip_reason = null, last_error = null, last_error_code = null, failed_at = null, updated_at = now()
    from old join r on r.tenant_id = old.tenant_id and r.id = old.id
    where m.tenant_id = old.tenant_id and m.id = old.id
    returning m.id, old.status as from_status`.execute(trx);
  return result.rows;
}

/** Any other outcome, written only while the worker still holds the lease it was given. */
export interface FencedRow {
  tenantId: string;
  id: string;
  owner: string;
  attempt: number;
  status: 'queued' | 'failed' | 'sending';
  scheduledFor?: Date;
  errorCode: string;
  error: string;
  /** Set for an outcome in doubt: the message keeps `sending`, without a lease. */
  reconcileReason?: string;
}

/** Returns the ids written; a missing id lost its lease to another worker, whose outcome stands. */
export async function writeFenced(trx: Trx, rows: readonly FencedRow[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(
    rows.map((r) => ({
      tenant_id: r.tenantId,
      id: r.id,
      owner: r.owner,
      attempt: r.attempt,
      status: r.status,
      scheduled_for: r.scheduledFor?.toISOString() ?? null,
      error_code: r.errorCode,
      error: r.error.slice(0, 2000),
      reconcile_reason: r.reconcileReason ?? null,
    })),
  );
  const result = await sql<{ id: string }>`
    update messages m set status = r.status,
      scheduled_for = coalesce(r.scheduled_for, m.scheduled_for),
      last_error_code = r.error_code, last_error = r.error,
      failed_at = case when r.status = 'failed' then ${now}::timestamptz else m.failed_at end,
      reconcile_reason = r.reconcile_reason,
      lease_owner = null, lease_expires_at = null, updated_at = now()
    from jsonb_to_recordset(${json}::text::jsonb) as r(tenant_id uuid, id uuid, owner text, attempt int,
      status text, scheduled_for timestamptz, error_code text, error text, reconcile_reason text)
    where m.tenant_id = r.tenant_id and m.id = r.id
      and m.status = 'sending' and m.lease_owner = r.owner and m.attempts = r.attempt
    returning m.id`.execute(trx);
  return result.rows.map((r) => r.id);
}
