import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { appendEvents } from '../../adapters/db/outbound/claim-writes.repository.ts';
import {
  findMessage,
  listMessageEvents,
  listMessageRows,
  lockMessage,
  lockMessageByProviderRef,
  type MessageFilters,
  updateMessageRow,
  upsertInboundContact,
} from '../../adapters/db/outbound/messages.repository.ts';
import type { MessageRow } from '../../adapters/db/schema.ts';
import type { Channel } from '../../domain/outreach/channel.ts';
import type { MessageStatus } from '../../domain/outreach/message.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../domain/outreach/retry.ts';
import { conflict, notFound } from '../errors.ts';
import { type Message, toMessage } from './views.ts';

export type { MessageFilters } from '../../adapters/db/outbound/messages.repository.ts';

export async function listMessages(
  db: Db,
  tenantId: string,
  filters: MessageFilters,
  page: { limit: number; cursor?: string },
): Promise<{ items: Message[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, async (trx) => {
    const { rows, nextCursor } = await listMessageRows(trx, tenantId, filters, page);
    return { items: rows.map((row) => toMessage(row)), nextCursor };
  });
}

/** One message with every status change and provider answer it went through. */
export async function getMessage(db: Db, tenantId: string, id: string): Promise<Message> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await findMessage(trx, tenantId, id);
    if (!row) throw notFound('message', id);
    return toMessage(row, await listMessageEvents(trx, tenantId, id));
  });
}

export interface OperatorAction {
  /** Who acts, for the audit. */
  readonly actor: string;
  readonly reason?: string;
}

/**
 * Withdraws a message that has not gone out: a queued one, or one in doubt (the operator accepts
 * not knowing whether the provider has it). A message being handed off right now cannot be
 * cancelled: its outcome is seconds away.
 */
export async function cancelMessage(
  db: Db,
  tenantId: string,
  id: string,
  action: OperatorAction,
): Promise<Message> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await lockMessage(trx, tenantId, id);
    if (!row) throw notFound('message', id);
    const inDoubt = row.reconcile_reason !== null;
    if (row.status !== 'queued' && !inDoubt) {
      throw conflict(
        `message ${id} is ${row.status}; only a queued message or one in doubt can be cancelled`,
        {
          status: row.status,
        },
      );
    }
    const updated = await updateMessageRow(trx, tenantId, id, {
      status: 'cancelled',
      reconcile_reason: null,
    });
    await appendEvents(trx, [
      {
        tenantId,
        messageId: id,
        actor: action.actor,
        from: row.status,
        to: 'cancelled',
        code: inDoubt ? 'cancelled_in_doubt' : null,
        note: action.reason ?? (inDoubt ? 'cancelled while in doubt' : 'cancelled'),
      },
    ]);
    return toMessage(updated);
  });
}

export interface RetryAction extends OperatorAction {
  /**
   * Required for a message in doubt: the provider may already have it, and it cannot recognise a
   * repeat, so sending again may deliver it twice. The operator says they accept that.
   */
  readonly resendInDoubt?: boolean;
  readonly now?: Date;
}

/**
 * Puts a failed, cancelled or skipped message (or, knowingly, one in doubt) back in the queue now,
 * with a fresh allowance of attempts. The claim-time checks still apply: a customer who opted out
 * is skipped again.
 */
export async function retryMessage(
  db: Db,
  tenantId: string,
  id: string,
  action: RetryAction,
): Promise<Message> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await lockMessage(trx, tenantId, id);
    if (!row) throw notFound('message', id);
    const inDoubt = row.reconcile_reason !== null;
    if (inDoubt && !action.resendInDoubt) {
      throw conflict(
        `message ${id} is in doubt: its provider may already have it and would deliver a second copy; retry with resendInDoubt to send it again anyway`,
        { status: row.status, inDoubt: true },
      );
    }
    if (!inDoubt && !['failed', 'cancelled', 'skipped'].includes(row.status)) {
      throw conflict(
        `message ${id} is ${row.status}; only a failed, cancelled or skipped message can be retried`,
        {
          status: row.status,
        },
      );
    }
    const updated = await updateMessageRow(trx, tenantId, id, {
      status: 'queued',
      scheduled_for: action.now ?? new Date(),
      max_attempts: row.attempts + DEFAULT_MAX_ATTEMPTS,
      reconcile_reason: null,
      skip_reason: null,
      failed_at: null,
    });
    await appendEvents(trx, [
      {
        tenantId,
        messageId: id,
        actor: action.actor,
        from: row.status,
        to: 'queued',
        code: inDoubt ? 'resend_in_doubt' : 'retry',
        note:
          action.reason ?? (inDoubt ? 'sent again by an operator while in doubt' : 'retried by an operator'),
      },
    ]);
    return toMessage(updated);
  });
}

export interface DeliveryStatus {
  /** Which message: the provider's id, or the idempotency key the provider echoes back. */
  readonly providerMessageId?: string;
  readonly idempotencyKey?: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly at: Date;
  readonly code?: string;
  readonly error?: string;
  /** Who reports it, for the audit ('webhook:whatsapp'). */
  readonly actor?: string;
}

const RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, read: 3 };

/**
 * Applies a provider's status report (WhatsApp's `sent`, `delivered`, `read`, `failed`). Reports
 * arrive late, twice and out of order: a status only ever moves forward (read beats delivered
 * beats sent), and a failure after delivery is ignored. A report about a message in doubt settles
 * it. Null when no message matches.
 */
export async function recordDeliveryStatus(
  db: Db,
  tenantId: string,
  report: DeliveryStatus,
): Promise<Message | null> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await lockMessageByProviderRef(trx, tenantId, report);
    if (!row) return null;
    const next = nextStatus(row, report);
    if (!next) return toMessage(row);
    const at = report.at;
    const updated = await updateMessageRow(trx, tenantId, row.id, {
      status: next,
      lease_owner: null,
      lease_expires_at: null,
      reconcile_reason: null,
      ...(report.providerMessageId && !row.provider_message_id
        ? { provider_message_id: report.providerMessageId }
        : {}),
      ...(next !== 'failed' ? { sent_at: row.sent_at ?? at } : {}),
      ...(next === 'delivered' || next === 'read' ? { delivered_at: row.delivered_at ?? at } : {}),
      ...(next === 'read' ? { read_at: row.read_at ?? at } : {}),
      ...(next === 'failed'
        ? {
            failed_at: at,
            last_error_code: report.code ?? 'provider_failed',
            last_error: report.error ?? null,
          }
        : {}),
    });
    await appendEvents(trx, [
      {
        tenantId,
        messageId: row.id,
        actor: report.actor ?? 'provider',
        from: row.status,
        to: next,
        code: report.code ?? null,
        note:
          row.reconcile_reason !== null
            ? `settled by the provider's status report (${report.status})`
            : `provider reported ${report.status}`,
        details: { at: at.toISOString(), ...(report.error ? { error: report.error } : {}) },
      },
    ]);
    return toMessage(updated);
  });
}

function nextStatus(row: MessageRow, report: DeliveryStatus): MessageStatus | null {
  const current = RANK[row.status] ?? 0;
  // A failure reported after delivery is stale; before it, the provider could not deliver what it took.
  if (report.status === 'failed') return current >= 2 || row.status === 'failed' ? null : 'failed';
  return RANK[report.status]! > current ? report.status : null;
}

/**
 * Notes that a recipient wrote to the tenant (an inbound WhatsApp message): for 24 hours from then
 * WhatsApp accepts free text to them, which the dispatcher tells the channel.
 */
export async function recordInbound(
  db: Db,
  tenantId: string,
  inbound: { channel: Channel; from: string; at: Date },
): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    upsertInboundContact(trx, {
      tenantId,
      channel: inbound.channel,
      recipient: inbound.from,
      at: inbound.at,
    }),
  );
}
