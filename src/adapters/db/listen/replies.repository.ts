import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type { ReplyLabel } from '../schema.ts';

export interface ReplyCustomerRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  opted_out_at: Date | null;
}

/** The customer a message came from: by phone (E.164) or e-mail, the most recently active first. */
export async function findCustomerByContact(
  trx: Trx,
  tenantId: string,
  contact: { phone?: string; email?: string },
): Promise<ReplyCustomerRow | undefined> {
  if (!contact.phone && !contact.email) return undefined;
  return trx
    .selectFrom('customers')
    .select(['id', 'name', 'phone', 'email', 'locale', 'opted_out_at'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(contact.phone ? [eb('phone', '=', contact.phone)] : []),
        ...(contact.email ? [eb(sql`lower(email)`, '=', contact.email.toLowerCase())] : []),
      ]),
    )
    .orderBy(sql`last_activity_at desc nulls last`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface AnsweredMessageRow {
  id: string;
  attempt_id: string | null;
  customer_id: string | null;
  channel: string;
  body: string | null;
}

/**
 * The outbound message a reply answers: the one it quotes (WhatsApp `context.id`), else the latest
 * message that reached this recipient or customer in the last 30 days.
 */
export async function findAnsweredMessage(
  trx: Trx,
  tenantId: string,
  where: { providerMessageId?: string; recipient: string; customerId?: string; before: Date },
): Promise<AnsweredMessageRow | undefined> {
  const columns = ['id', 'attempt_id', 'customer_id', 'channel', 'body'] as const;
  if (where.providerMessageId) {
    const quoted = await trx
      .selectFrom('messages')
      .select(columns)
      .where('tenant_id', '=', tenantId)
      .where('provider_message_id', '=', where.providerMessageId)
      .executeTakeFirst();
    if (quoted) return quoted;
  }
  const since = new Date(where.before.getTime() - 30 * 86_400_000);
  return trx
    .selectFrom('messages')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('recipient', '=', where.recipient),
        ...(where.customerId ? [eb('customer_id', '=', where.customerId)] : []),
      ]),
    )
    .where('status', 'in', ['sent', 'delivered', 'read'])
    .where('kind', '<>', 'opt_out_confirmation')
    .where('sent_at', '>=', since)
    .where('sent_at', '<=', where.before)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The customer's open attempt (there is at most one). */
export async function findOpenAttempt(
  trx: Trx,
  tenantId: string,
  customerId: string,
): Promise<{ id: string; status: string } | undefined> {
  return trx
    .selectFrom('attempts')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', ['PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS'])
    .executeTakeFirst();
}

/**
 * Suppresses a customer for good: opted out now (an earlier opt-out keeps its date and reason).
 * Import and the API never clear it by themselves; only an explicit `optedOut: false` does.
 */
export async function optOutCustomer(trx: Trx, tenantId: string, customerId: string, reason: string) {
  await trx
    .updateTable('customers')
    .set({
      opted_out_at: sql`coalesce(opted_out_at, now())`,
      opt_out_reason: sql`coalesce(opt_out_reason, ${reason.slice(0, 500)})`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

/**
 * A sender nobody knew asked to be left alone: kept as a customer (`optout:<contact>`) whose only
 * purpose is to be suppressed, since sends to a bare number are checked against customers.
 */
export async function suppressUnknownContact(
  trx: Trx,
  tenantId: string,
  contact: { phone?: string; email?: string },
  reason: string,
): Promise<string> {
  const externalId = `optout:${contact.phone ?? contact.email}`;
  const row = await trx
    .insertInto('customers')
    .values({
      tenant_id: tenantId,
      external_id: externalId,
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      opted_out_at: new Date(),
      opt_out_reason: reason.slice(0, 500),
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'external_id']).doUpdateSet({
        opted_out_at: sql`coalesce(customers.opted_out_at, now())`,
        updated_at: sql`now()`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Withdraws the messages still waiting for a customer (or a bare recipient), with an audit row
 * each; `keepKinds` survive (an opt-out's own confirmation). Messages already handed to a worker
 * are not touched here: the claim-time check stops them, or they were already on their way.
 */
export async function cancelQueuedMessages(
  trx: Trx,
  tenantId: string,
  who: { customerId?: string; recipients?: readonly string[] },
  reason: string,
  actor: string,
  keepKinds: readonly string[] = ['opt_out_confirmation'],
): Promise<number> {
  const recipients = who.recipients ?? [];
  if (!who.customerId && recipients.length === 0) return 0;
  const result = await sql<{ n: number }>`
    with cancelled as (
      update messages m set status = 'cancelled', last_error = ${reason}, lease_owner = null,
        lease_expires_at = null, updated_at = now()
      where m.tenant_id = ${tenantId}::uuid and m.status = 'queued'
        and (m.customer_id = ${who.customerId ?? null}::uuid
          or m.recipient = any(${toPgArray(recipients)}::text::text[]))
        and not (m.kind = any(${toPgArray(keepKinds)}::text::text[]))
      returning m.id
    ), audit as (
      insert into message_events (tenant_id, message_id, actor, from_status, to_status, note)
      select ${tenantId}::uuid, id, ${actor}, 'queued', 'cancelled', ${reason} from cancelled
    )
    select count(*)::int as n from cancelled`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}

export interface NewReply {
  provider: string;
  eventKey: string;
  channel: string;
  sender: string;
  customerId: string | null;
  attemptId: string | null;
  messageId: string | null;
  text: string;
  label: ReplyLabel;
  confidence: number;
  awayUntil: string | null;
  classifiedBy: string;
  action: string;
  actionNote: string | null;
  receivedAt: Date;
}

/** Records a reply once per inbox event; false when it was already recorded (a redelivery). */
export async function insertReply(trx: Trx, tenantId: string, reply: NewReply): Promise<boolean> {
  const row = await trx
    .insertInto('replies')
    .values({
      tenant_id: tenantId,
      provider: reply.provider,
      event_key: reply.eventKey,
      channel: reply.channel,
      sender: reply.sender,
      customer_id: reply.customerId,
      attempt_id: reply.attemptId,
      message_id: reply.messageId,
      text: reply.text,
      label: reply.label,
      confidence: reply.confidence,
      away_until: reply.awayUntil,
      classified_by: reply.classifiedBy,
      action: reply.action,
      action_note: reply.actionNote,
      received_at: reply.receivedAt,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'provider', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function snoozeCustomer(trx: Trx, tenantId: string, customerId: string, until: Date) {
  await trx
    .updateTable('customers')
    .set({ snoozed_until: until, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

/** Merges `patch` into the customer's attributes (what a reply taught about their preferences). */
export async function mergeCustomerAttributes(
  trx: Trx,
  tenantId: string,
  customerId: string,
  patch: Record<string, unknown>,
) {
  await trx
    .updateTable('customers')
    .set({
      attributes: sql`attributes || ${JSON.stringify(patch)}::jsonb`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}
