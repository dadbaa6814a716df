import { sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import { applyPage, toPage } from '../pagination.ts';
import type {
  MessageEventRow,
  MessageRow,
  MessageRowKind,
  MessageRowStatus,
  MessageTable,
  NewMessageRow,
  SenderChannel,
} from '../schema.ts';

/**
 * Inserts the message unless its idempotency key is taken; `created` says which. The existing
 * message is returned on a repeat, so a retried request gets the same answer.
 */
export async function insertMessage(
  db: DbOrTrx,
  row: NewMessageRow & { tenant_id: string; idempotency_key: string },
): Promise<{ row: MessageRow; created: boolean }> {
  const inserted = await db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await findMessageByKey(db, row.tenant_id, row.idempotency_key);
  if (!existing) throw new Error(`message with key ${row.idempotency_key} neither inserted nor found`);
  return { row: existing, created: false };
}

export async function findMessageByKey(
  db: DbOrTrx,
  tenantId: string,
  key: string,
): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function findMessage(
  db: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface MessageFilters {
  statuses?: readonly MessageRowStatus[];
  kinds?: readonly MessageRowKind[];
  channels?: readonly SenderChannel[];
  customerId?: string;
  senderId?: string;
  attemptId?: string;
  campaignId?: string;
  recipient?: string;
  /** Only messages in doubt (sending, no lease, waiting for reconciliation). */
  inDoubt?: boolean;
  createdAfter?: Date;
  createdBefore?: Date;
}

export async function listMessageRows(
  db: DbOrTrx,
  tenantId: string,
  f: MessageFilters,
  page: { limit: number; cursor?: string },
): Promise<{ rows: MessageRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('messages as m').selectAll('m').where('m.tenant_id', '=', tenantId);
  if (f.statuses?.length) query = query.where('m.status', 'in', [...f.statuses]);
  if (f.kinds?.length) query = query.where('m.kind', 'in', [...f.kinds]);
  if (f.channels?.length) query = query.where('m.channel', 'in', [...f.channels]);
  if (f.customerId) query = query.where('m.customer_id', '=', f.customerId);
  if (f.senderId) query = query.where('m.sender_id', '=', f.senderId);
  if (f.attemptId) query = query.where('m.attempt_id', '=', f.attemptId);
  if (f.campaignId) query = query.where('m.campaign_id', '=', f.campaignId);
  if (f.recipient) query = query.where('m.recipient', '=', f.recipient);
  if (f.inDoubt !== undefined) {
    query = f.inDoubt
      ? query.where('m.reconcile_reason', 'is not', null)
      : query.where('m.reconcile_reason', 'is', null);
  }
  if (f.createdAfter) query = query.where('m.created_at', '>=', f.createdAfter);
  if (f.createdBefore) query = query.where('m.created_at', '<=', f.createdBefore);
  const rows = await applyPage(query, 'm', page.cursor, page.limit).execute();
  return toPage(rows, page.limit);
}

export async function listMessageEvents(
  db: DbOrTrx,
  tenantId: string,
  messageId: string,
): Promise<MessageEventRow[]> {
  return db
    .selectFrom('message_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * Locks and returns the message for a change by an operator or a webhook; null when there is none.
 * A message a claim holds right now is waited for: that claim commits within milliseconds.
 */
export async function lockMessage(
  db: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function lockMessageByProviderRef(
  db: DbOrTrx,
  tenantId: string,
  ref: { providerMessageId?: string; idempotencyKey?: string },
): Promise<MessageRow | undefined> {
  let query = db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId);
  if (ref.idempotencyKey) query = query.where('idempotency_key', '=', ref.idempotencyKey);
  else if (ref.providerMessageId) query = query.where('provider_message_id', '=', ref.providerMessageId);
  else return undefined;
  return query.forUpdate().executeTakeFirst();
}

export async function updateMessageRow(
  db: DbOrTrx,
  tenantId: string,
  id: string,
  patch: Updateable<MessageTable>,
): Promise<MessageRow> {
  return db
    .updateTable('messages')
    .set({ ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function upsertInboundContact(
  db: DbOrTrx,
  row: { tenantId: string; channel: string; recipient: string; at: Date },
): Promise<void> {
  await db
    .insertInto('inbound_contacts')
    .values({
      tenant_id: row.tenantId,
      channel: row.channel,
      recipient: row.recipient,
      last_inbound_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'channel', 'recipient']).doUpdateSet({
        last_inbound_at: sql`greatest(inbound_contacts.last_inbound_at, excluded.last_inbound_at)`,
      }),
    )
    .execute();
}
