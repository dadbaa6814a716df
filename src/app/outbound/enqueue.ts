import { randomUUID } from 'node:crypto';
import { type Db, type Trx, withTenant } from '../../adapters/db/kysely.ts';
import { setTrackedText } from '../../adapters/db/links.repository.ts';
import { appendEvents } from '../../adapters/db/outbound/claim-writes.repository.ts';
import { insertMessage } from '../../adapters/db/outbound/messages.repository.ts';
import {
  findCustomerByAddress,
  findCustomerForMessage,
} from '../../adapters/db/outbound/recipients.repository.ts';
import { findSender, hasSenderFor } from '../../adapters/db/outbound/senders.repository.ts';
import type { CustomerRow, MessageRow } from '../../adapters/db/schema.ts';
import { normalizePhone, resolveDefaultCountry } from '../../domain/contacts/phone.ts';
import { applyShortLinks, linksOf, restoreText } from '../../domain/links/index.ts';
import { CHANNELS, type Channel } from '../../domain/outreach/channel.ts';
import {
  DEFAULT_PRIORITY,
  MAX_PRIORITY,
  MESSAGE_KINDS,
  type MessageKind,
  MIN_PRIORITY,
  type SkipReason,
} from '../../domain/outreach/message.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../domain/outreach/retry.ts';
import { parseInstant } from '../../domain/time/parse-instant.ts';
import { AppError, conflict, isForeignKeyViolation } from '../errors.ts';
import { trackLinks } from '../links/index.ts';
import { getTenant } from '../tenants.ts';
import { type Message, toMessage } from './views.ts';

export interface EnqueueInput {
  readonly channel: Channel;
  /** What the message is for; decides the once-a-day rule and the default priority. Default `direct`. */
  readonly kind?: MessageKind;
  /** Exactly one of customerId, customerExternalId and to. */
  readonly customerId?: string;
  readonly customerExternalId?: string;
  /** A bare address: E.164 phone (WhatsApp, Chatwoot), e-mail address, or the endpoint's own reference. */
  readonly to?: string;
  /** Free text; WhatsApp sends it only inside the 24-hour service window. */
  readonly text?: string;
  /** An approved template; WhatsApp sends it outside the window (and when there is no text). */
  readonly template?: {
    readonly name: string;
    readonly language: string;
    readonly bodyParams?: readonly string[];
  };
  readonly subject?: string;
  readonly labels?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** 1–10, 10 the most urgent; default by kind (DEFAULT_PRIORITY). */
  readonly priority?: number;
  /** Not before this instant (a Date, or ISO 8601; without an offset read in the tenant's zone). */
  readonly scheduledFor?: Date | string;
  /**
   * One logical send. A repeat with the same key returns the first message instead of queueing a
   * second. Default: `attempt:<attemptId>:<kind>` for an attempt's message, else a fresh UUID.
   */
  readonly idempotencyKey?: string;
  readonly attemptId?: string;
  readonly campaignId?: string;
  /** A preferred sender of the channel; any usable one otherwise (and when this one is paused). */
  readonly senderId?: string;
  readonly maxAttempts?: number;
  /** Who queued it, for the audit (an API key's name, 'daily_run', an operator). */
  readonly actor?: string;
  /**
   * Swap every http(s) address in the text and the template's parameters for a tracked short
   * link (`${publicUrl}/r/{code}`), written with the message; metadata.links keeps the originals.
   * The same address in both shares one code.
   */
  readonly trackLinks?: { readonly publicUrl: string };
  readonly now?: Date;
}

type Issue = { field: string; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
/** WhatsApp refuses text bodies over 4,096 characters; other channels get a generous ceiling. */
const TEXT_LIMIT: Record<Channel, number> = {
  whatsapp: 4096,
  chatwoot: 10_000,
  email: 100_000,
  webhook: 100_000,
  log: 100_000,
};
const METADATA_LIMIT_BYTES = 16_384;

/**
 * Queues one message. Idempotent on the key: the same key gives back the message it first
 * created (`created: false`), and a different message under a used key is a conflict. A customer
 * who has opted out or is blacklisted gets no message: it is recorded as `skipped` with the reason.
 */
export async function enqueueMessage(
  db: Db,
  tenantId: string,
  input: EnqueueInput,
): Promise<{ message: Message; created: boolean }> {
  const issues = checkShape(input);
  if (issues.length > 0) throw validationError(issues);
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw new AppError('not_found', `tenant ${tenantId} was not found`, { id: tenantId });
  const scheduledFor =
    input.scheduledFor === undefined ? undefined : parseInstant(input.scheduledFor, tenant.timezone);
  if (input.scheduledFor !== undefined && !scheduledFor) {
    throw validationError([
      { field: 'scheduledFor', message: 'not a date-time such as 2025-03-01T10:00:00-03:00' },
    ]);
  }
  const country = resolveDefaultCountry(tenant.settings.defaultCountry, tenant.locale);

  return withTenant(db, tenantId, async (trx) => {
    const customer = await resolveCustomer(trx, tenantId, input, country);
    const recipient = recipientFor(input, customer, country);
    await checkSender(trx, tenantId, input);
    const kind = input.kind ?? 'direct';
    const blocked: SkipReason | null = customer?.blacklisted
      ? 'blacklisted'
      : (customer?.opted_out_at || customer?.consent === 'denied') && kind !== 'opt_out_confirmation'
        ? 'opted_out'
        : null;
    const key =
      input.idempotencyKey ??
      (input.attemptId ? `attempt:${input.attemptId}:${kind}` : `msg:${randomUUID()}`);
    let inserted: { row: MessageRow; created: boolean };
    try {
      inserted = await insertMessage(trx, {
        tenant_id: tenantId,
        customer_id: customer?.id ?? null,
        attempt_id: input.attemptId ?? null,
        campaign_id: input.campaignId ?? null,
        kind,
        channel: input.channel,
        sender_id: input.senderId ?? null,
        recipient,
        body: input.text ?? null,
        template: input.template
          ? JSON.stringify({
              name: input.template.name,
              language: input.template.language,
              bodyParams: [...(input.template.bodyParams ?? [])],
            })
          : null,
        subject: input.subject ?? null,
        labels: [...(input.labels ?? [])],
        metadata: JSON.stringify(input.metadata ?? {}),
        priority: input.priority ?? DEFAULT_PRIORITY[kind],
        ...(scheduledFor ? { scheduled_for: scheduledFor } : {}),
        max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        idempotency_key: key,
        ...(blocked ? { status: 'skipped', skip_reason: blocked } : {}),
      });
    } catch (error) {
      if (isForeignKeyViolation(error))
        throw validationError([{ field: 'attemptId', message: 'no such attempt' }]);
      throw error;
    }
    let { row } = inserted;
    const { created } = inserted;
    if (!created) {
      const differs = differences(row, input, { kind, recipient, customerId: customer?.id ?? null });
      if (differs.length > 0) {
        throw conflict(
          `idempotency key "${key}" was already used for a different message (${differs.join(', ')})`,
          {
            messageId: row.id,
            fields: differs,
          },
        );
      }
      return { message: toMessage(row), created };
    }
    if (input.trackLinks && !blocked) row = await withTrackedLinks(trx, row, input.trackLinks);
    await appendEvents(trx, [
      {
        tenantId,
        messageId: row.id,
        actor: input.actor ?? 'api',
        from: null,
        to: row.status,
        code: blocked,
        note: blocked
          ? `not queued: the customer ${blocked === 'blacklisted' ? 'is blacklisted' : 'opted out'}`
          : 'queued',
      },
    ]);
    return { message: toMessage(row), created };
  });
}

/**
 * The message with the addresses of its text and template parameters as tracked short links, the
 * links in the same transaction.
 */
async function withTrackedLinks(
  trx: Trx,
  row: MessageRow,
  options: { publicUrl: string },
): Promise<MessageRow> {
  const params = row.template?.bodyParams ?? [];
  // One pass over everything the customer reads, so an address in both the text and a parameter
  // gets one code; parameters never hold a line break (Meta refuses them), so none spans two.
  const { links } = await trackLinks(trx, row.tenant_id, [row.body ?? '', ...params].join('\n'), {
    publicUrl: options.publicUrl,
    customerId: row.customer_id,
    attemptId: row.attempt_id,
    messageId: row.id,
    channel: row.channel,
  });
  if (links.length === 0) return row;
  const body = row.body === null ? null : applyShortLinks(row.body, links);
  const limit = TEXT_LIMIT[row.channel];
  if (body !== null && body.length > limit) {
    throw validationError([
      { field: 'text', message: `at most ${limit} characters on ${row.channel} once links are shortened` },
    ]);
  }
  const template = row.template
    ? { ...row.template, bodyParams: params.map((param) => applyShortLinks(param, links)) }
    : null;
  const metadata = { ...row.metadata, links };
  await setTrackedText(trx, row.tenant_id, row.id, { body, template, metadata });
  return { ...row, body, template, metadata };
}

function validationError(issues: Issue[]): AppError {
  return new AppError('validation_error', issues.map((i) => `${i.field}: ${i.message}`).join('; '), {
    issues,
  });
}

function checkShape(input: EnqueueInput): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (!(CHANNELS as readonly string[]).includes(input.channel))
    add('channel', `must be one of ${CHANNELS.join(', ')}`);
  if (input.kind !== undefined && !(MESSAGE_KINDS as readonly string[]).includes(input.kind)) {
    add('kind', `must be one of ${MESSAGE_KINDS.join(', ')}`);
  }
  const targets = [input.customerId, input.customerExternalId, input.to].filter((t) => t !== undefined);
  if (targets.length !== 1) add('to', 'give exactly one of customerId, customerExternalId and to');
  if (input.customerId !== undefined && !UUID.test(input.customerId)) add('customerId', 'not a UUID');
  for (const [field, value] of [
    ['attemptId', input.attemptId],
    ['campaignId', input.campaignId],
    ['senderId', input.senderId],
  ] as const) {
    if (value !== undefined && !UUID.test(value)) add(field, 'not a UUID');
  }
  const text = input.text?.trim();
  if (input.text !== undefined && !text) add('text', 'must not be empty');
  if (text === undefined && input.template === undefined) add('text', 'give a text, a template or both');
  const limit = TEXT_LIMIT[input.channel as Channel];
  if (text && limit && text.length > limit) add('text', `at most ${limit} characters on ${input.channel}`);
  if (input.template) {
    if (!input.template.name?.trim()) add('template.name', 'must not be empty');
    if (!/^[a-z]{2,3}([_-][A-Za-z]{2,4})?$/.test(input.template.language ?? '')) {
      add('template.language', 'a language code such as pt_BR, en_US or ru');
    }
  }
  if (input.subject !== undefined && (input.subject.length === 0 || input.subject.length > 300)) {
    add('subject', 'must be 1–300 characters');
  }
  if (input.labels && (input.labels.length > 20 || input.labels.some((l) => !l.trim() || l.length > 100))) {
    add('labels', 'at most 20 labels of 1–100 characters');
  }
  if (input.metadata !== undefined && JSON.stringify(input.metadata).length > METADATA_LIMIT_BYTES) {
    add('metadata', `at most ${METADATA_LIMIT_BYTES} bytes of JSON`);
  }
  if (
    input.priority !== undefined &&
    !(Number.isInteger(input.priority) && input.priority >= MIN_PRIORITY && input.priority <= MAX_PRIORITY)
  ) {
    add('priority', `an integer from ${MIN_PRIORITY} (least urgent) to ${MAX_PRIORITY} (most urgent)`);
  }
  if (
    input.maxAttempts !== undefined &&
    !(Number.isInteger(input.maxAttempts) && input.maxAttempts >= 1 && input.maxAttempts <= 20)
  ) {
    add('maxAttempts', 'an integer from 1 to 20');
  }
  if (input.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    add('idempotencyKey', '1–200 printable ASCII characters without spaces');
  }
  return issues;
}

async function resolveCustomer(
  trx: Trx,
  tenantId: string,
  input: EnqueueInput,
  country: ReturnType<typeof resolveDefaultCountry>,
): Promise<CustomerRow | undefined> {
  if (input.customerId || input.customerExternalId) {
    const customer = await findCustomerForMessage(trx, tenantId, {
      ...(input.customerId ? { id: input.customerId } : {}),
      ...(input.customerExternalId ? { externalId: input.customerExternalId } : {}),
    });
    if (!customer) {
      const field = input.customerId ? 'customerId' : 'customerExternalId';
      throw validationError([{ field, message: 'no such customer' }]);
    }
    return customer;
  }
  // A bare address still answers to the customer it belongs to: their opt-out and daily limit.
  const address = addressOf(input.channel, input.to!, country);
  return address ? findCustomerByAddress(trx, tenantId, address) : undefined;
}

function addressOf(channel: Channel, to: string, country: ReturnType<typeof resolveDefaultCountry>) {
  if (channel === 'whatsapp' || channel === 'chatwoot') {
    const phone = normalizePhone(to, country);
    return phone ? { phone } : undefined;
  }
  if (channel === 'email') return EMAIL.test(to.trim()) ? { email: to.trim() } : undefined;
  return undefined;
}

function recipientFor(
  input: EnqueueInput,
  customer: CustomerRow | undefined,
  country: ReturnType<typeof resolveDefaultCountry>,
): string {
  const fail = (field: string, message: string) => validationError([{ field, message }]);
  if (input.to !== undefined) {
    const to = input.to.trim();
    switch (input.channel) {
      case 'whatsapp': {
        const phone = normalizePhone(to, country);
        if (!phone) throw fail('to', `"${to}" is not a phone number (write it as +<country code> …)`);
        return phone;
      }
      case 'email':
        if (!EMAIL.test(to)) throw fail('to', `"${to}" is not an e-mail address`);
        return to;
      default:
        if (!to || to.length > 320) throw fail('to', 'must be 1–320 characters');
        return normalizePhone(to, country) ?? to;
    }
  }
  const c = customer!;
  const field = input.customerId ? 'customerId' : 'customerExternalId';
  switch (input.channel) {
    case 'whatsapp':
      if (!c.phone) throw fail(field, 'the customer has no phone number for WhatsApp');
      return c.phone;
    case 'email':
      if (!c.email) throw fail(field, 'the customer has no e-mail address');
      return c.email;
    default: {
      const address = c.phone ?? c.email;
      if (!address) throw fail(field, `the customer has no phone or e-mail to reach on ${input.channel}`);
      return address;
    }
  }
}

async function checkSender(trx: Trx, tenantId: string, input: EnqueueInput): Promise<void> {
  if (input.senderId) {
    const sender = await findSender(trx, tenantId, input.senderId);
    if (!sender) throw validationError([{ field: 'senderId', message: 'no such sender' }]);
    if (sender.channel !== input.channel) {
      throw validationError([
        { field: 'senderId', message: `the sender is a ${sender.channel} sender, not ${input.channel}` },
      ]);
    }
    return;
  }
  if (!(await hasSenderFor(trx, tenantId, input.channel))) {
    throw validationError([
      { field: 'channel', message: `the tenant has no ${input.channel} sender; add one first` },
    ]);
  }
}

/** The fields of a repeated request that differ from the message its key created. */
function differences(
  row: MessageRow,
  input: EnqueueInput,
  resolved: { kind: MessageKind; recipient: string; customerId: string | null },
): string[] {
  const out: string[] = [];
  if (row.channel !== input.channel) out.push('channel');
  if (row.kind !== resolved.kind) out.push('kind');
  if (row.recipient !== resolved.recipient) out.push('recipient');
  if (row.customer_id !== resolved.customerId) out.push('customer');
  // A tracked text is compared as it was given: with its short links turned back into the addresses.
  const links = linksOf(row.metadata);
  const text = row.body === null ? undefined : restoreText(row.body, links);
  if (text !== (input.text ?? undefined)) out.push('text');
  const stored = row.template;
  const given = input.template;
  const sameTemplate =
    stored === null || given === undefined
      ? stored === null && given === undefined
      : stored.name === given.name &&
        stored.language === given.language &&
        JSON.stringify(stored.bodyParams.map((param) => restoreText(param, links))) ===
          JSON.stringify([...(given.bodyParams ?? [])]);
  if (!sameTemplate) out.push('template');
  return out;
}
