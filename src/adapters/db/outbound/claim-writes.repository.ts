import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type { MessageRowStatus } from '../schema.ts';

/** The writes of one claim transaction; each takes the whole batch in one statement. */

export interface ClaimedRow {
  tenantId: string;
  id: string;
  senderId: string;
  recipient: string;
}

/**
 * Hands the messages to `owner` until `leaseExpiresAt`, one more attempt each, and records one
 * hand-off per message in the ledger the caps count.
 */
export async function writeClaims(
  trx: Trx,
  rows: readonly ClaimedRow[],
  owner: string,
  now: Date,
  leaseExpiresAt: Date,
): Promise<{ id: string; attempts: number; sender_id: string }[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(rows.map((r) => ({ tenant_id: r.tenantId, id: r.id, sender_id: r.senderId })));
  const claimed = await sql<{ id: string; attempts: number; sender_id: string }>`
    update messages m set status = 'sending', sender_id = r.sender_id, lease_owner = ${owner},
      lease_expires_at = ${leaseExpiresAt}, attempts = m.attempts + 1, dispatched_at = ${now},
      reconcile_reason = null, updated_at = now()
    from jsonb_to_recordset(${json}::text::jsonb) as r(tenant_id uuid, id uuid, sender_id uuid)
    where m.tenant_id = r.tenant_id and m.id = r.id
    returning m.id, m.attempts, m.sender_id`.execute(trx);
  await sql`
    insert into sender_handoffs (tenant_id, sender_id, at, message_id, recipient)
    select tenant_id, sender_id, ${now}, id, recipient
    from unnest(${toPgArray(rows.map((r) => r.tenantId))}::text::uuid[],
                ${toPgArray(rows.map((r) => r.senderId))}::text::uuid[],
                ${toPgArray(rows.map((r) => r.id))}::text::uuid[],
                ${toPgArray(rows.map((r) => r.recipient))}::text::text[])
      as h(tenant_id, sender_id, id, recipient)`.execute(trx);
  return claimed.rows;
}

/** Any other decision: the message's new status and what goes with it. The lease is always released. */
export interface SettledRow {
  tenantId: string;
  id: string;
  status: MessageRowStatus;
  scheduledFor?: Date;
  skipReason?: string;
  reconcileReason?: string;
  errorCode?: string;
  error?: string;
  /** The message loses its sender (which was paused): any usable sender of the channel may take it. */
  clearSender?: boolean;
}

export async function writeSettled(trx: Trx, rows: readonly SettledRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      tenant_id: r.tenantId,
      id: r.id,
      status: r.status,
      scheduled_for: r.scheduledFor?.toISOString() ?? null,
      skip_reason: r.skipReason ?? null,
      reconcile_reason: r.reconcileReason ?? null,
      error_code: r.errorCode ?? null,
      error: r.error ?? null,
      clear_sender: r.clearSender ?? false,
    })),
  );
  await sql`
    update messages m set status = r.status,
      scheduled_for = coalesce(r.scheduled_for, m.scheduled_for),
      skip_reason = coalesce(r.skip_reason, m.skip_reason),
      reconcile_reason = r.reconcile_reason,
      last_error_code = coalesce(r.error_code, m.last_error_code),
      last_error = coalesce(r.error, m.last_error),
      failed_at = case when r.status = 'failed' then ${now}::timestamptz else m.failed_at end,
      sender_id = case when r.clear_sender then null else m.sender_id end,
      lease_owner = null, lease_expires_at = null, updated_at = now()
    from jsonb_to_recordset(${json}::text::jsonb) as r(tenant_id uuid, id uuid, status text,
      scheduled_for timestamptz, skip_reason text, reconcile_reason text, error_code text, error text,
      clear_sender boolean)
    where m.tenant_id = r.tenant_id and m.id = r.id`.execute(trx);
}

export interface EventRow {
  tenantId: string;
  messageId: string;
  actor: string;
  from: MessageRowStatus | null;
  to: MessageRowStatus;
  attempt?: number | null;
  code?: string | null;
  note?: string | null;
  details?: Record<string, unknown>;
}

export async function appendEvents(trx: Trx, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  const json = JSON.stringify(
    events.map((e) => ({
      tenant_id: e.tenantId,
      message_id: e.messageId,
      actor: e.actor,
      from_status: e.from,
      to_status: e.to,
      attempt: e.attempt ?? null,
      code: e.code ?? null,
      note: e.note ?? null,
      details: e.details ?? {},
    })),
  );
  await sql`
    insert into message_events (tenant_id, message_id, actor, from_status, to_status, attempt, code, note, details)
    select tenant_id, message_id, actor, from_status, to_status, attempt, code, note, details
    from jsonb_to_recordset(${json}::text::jsonb) as e(tenant_id uuid, message_id uuid, actor text,
      from_status text, to_status text, attempt int, code text, note text, details jsonb)`.execute(trx);
}

export interface SenderPatchRow {
  tenantId: string;
  id: string;
  /** A pause whose time ran out: the sender is healthy again. */
  resume?: boolean;
  nextCapacityAt?: Date | null;
  warmup?: { level: number; since: Date } | null;
  warmupCheckedAt?: Date;
}

/** Updates the locked senders the claim learned something about. */
export async function writeSenderPatches(trx: Trx, rows: readonly SenderPatchRow[]): Promise<void> {
  for (const row of rows) {
    await trx
      .updateTable('senders')
      .set({
        ...(row.resume
          ? { health: 'healthy', health_reason: null, paused_at: null, paused_until: null }
          : {}),
        ...(row.nextCapacityAt !== undefined ? { next_capacity_at: row.nextCapacityAt } : {}),
        ...(row.warmup ? { warmup_level: row.warmup.level, warmup_level_since: row.warmup.since } : {}),
        ...(row.warmupCheckedAt ? { warmup_checked_at: row.warmupCheckedAt } : {}),
        updated_at: sql`now()`,
      })
      .where('tenant_id', '=', row.tenantId)
      .where('id', '=', row.id)
      .execute();
  }
}

/**
 * Drops hand-offs older than every window (a day) plus an hour of margin for clocks, for the
 * senders this claim holds: the ledger stays about one day long without a separate job.
 */
export async function pruneHandoffs(
  trx: Trx,
  senders: readonly { tenantId: string; id: string }[],
  now: Date,
): Promise<void> {
  if (senders.length === 0) return;
  await sql`
    delete from sender_handoffs
    where (tenant_id, sender_id) in (
      select * from unnest(${toPgArray(senders.map((s) => s.tenantId))}::text::uuid[],
                           ${toPgArray(senders.map((s) => s.id))}::text::uuid[]))
      and at < ${now}::timestamptz - interval '25 hours'`.execute(trx);
}
