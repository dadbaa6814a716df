import { z } from 'zod';
import type { ConversationEvent, InboundMessageEvent } from '../../domain/inbound/events.ts';
import { text } from './contact.ts';
import {
  type Headers,
  header,
  optional,
  type ParseOutcome,
  type ProviderWebhook,
  sameSecret,
  toIsoInstant,
  type Verification,
  verifyTimestampedSignature,
  zodIssues,
} from './shared.ts';

/**
 * Chatwoot's account, API-inbox and agent-bot webhooks (shared/fixtures/README.md §2).
 *
 * Verification: Chatwoot signs deliveries only since v4.11.2 (account webhooks) and v4.13.0
 * (API inboxes, agent bots), with `X-Chatwoot-Timestamp` and `X-Chatwoot-Signature: sha256=<hex
 * HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. A signed delivery is checked that way (five
 * minutes of clock skew allowed); an unsigned one — older versions sign nothing — must carry the
 * secret in the URL instead: `/webhooks/chatwoot/{tenantId}?token=<secret>`.
 *
 * Mapped: a customer's message (`message_created`, incoming and not a private note) and a
 * conversation's creation, status change or label change. Our own outgoing messages come back as
 * `message_created` too; they, activity and template messages and private notes are ignored.
 */

function verifyChatwoot(request: {
  raw: Buffer;
  headers: Headers;
  query: Record<string, unknown>;
  secret: string;
  now: Date;
}): Verification {
  const signature = header(request.headers, 'x-chatwoot-signature');
  const timestamp = header(request.headers, 'x-chatwoot-timestamp');
  if (signature !== undefined || timestamp !== undefined) {
    return verifyTimestampedSignature({
      raw: request.raw,
      signature,
      timestamp,
      secret: request.secret,
      now: request.now,
      names: { signature: 'X-Chatwoot-Signature', timestamp: 'X-Chatwoot-Timestamp' },
    });
  }
  const token = request.query.token;
  if (typeof token !== 'string')
    return { ok: false, reason: 'no X-Chatwoot-Signature header and no ?token= in the URL' };
  return sameSecret(token, request.secret) ? { ok: true } : { ok: false, reason: 'token does not match' };
}

const id = z.union([z.number().int(), z.string().trim().min(1).max(100)]);
const instant = z.union([z.string(), z.number()]).nullish();
const contactSchema = z
  .object({
    id: id.nullish(),
    name: z.string().nullish(),
    email: z.string().nullish(),
    phone_number: z.string().nullish(),
  })
  .nullish();
type Contact = z.infer<typeof contactSchema>;

const messageSchema = z.object({
  id,
  content: z.string().nullish(),
  message_type: z.union([z.string(), z.number()]),
  private: z.boolean().nullish(),
  created_at: instant,
  sender: contactSchema,
  conversation: z.object({
    id,
    display_id: id.nullish(),
    meta: z.object({ sender: contactSchema }).nullish(),
    contact_inbox: z.object({ contact_id: id.nullish() }).nullish(),
  }),
});

const conversationSchema = z.object({
  id,
  display_id: id.nullish(),
  status: z.string().max(50).nullish(),
  labels: z.array(z.string().max(200)).max(500).nullish(),
  meta: z.object({ sender: contactSchema }).nullish(),
  changed_attributes: z.array(z.record(z.string(), z.unknown())).nullish(),
  updated_at: instant,
  timestamp: instant,
  created_at: instant,
});

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = z.email();

function phoneOf(contact: Contact): string | undefined {
  const phone = contact?.phone_number?.replace(/[\s()-]/g, '');
  return phone && E164.test(phone) ? phone : undefined;
}
function emailOf(contact: Contact): string | undefined {
  const email = contact?.email?.trim().toLowerCase();
  return email && EMAIL.safeParse(email).success ? email : undefined;
}

function parseMessage(body: unknown, key: (fallback: string) => string, now: Date): ParseOutcome {
  const parsed = messageSchema.safeParse(body);
  if (!parsed.success) return { kind: 'invalid', issues: zodIssues(parsed.error) };
  const m = parsed.data;
  const incoming = m.message_type === 'incoming' || m.message_type === 0;
  if (!incoming)
    return { kind: 'ignored', note: `message_created: a ${m.message_type} message, not the customer's` };
  if (m.private === true) return { kind: 'ignored', note: 'message_created: a private note' };
  const contact = m.conversation.meta?.sender;
  const contactId = m.sender?.id ?? contact?.id ?? m.conversation.contact_inbox?.contact_id;
  const from =
    phoneOf(m.sender) ??
    phoneOf(contact) ??
    emailOf(m.sender) ??
    emailOf(contact) ??
    (contactId !== undefined && contactId !== null ? `chatwoot-contact:${contactId}` : undefined);
  if (!from)
    return {
      kind: 'invalid',
      issues: [{ field: 'sender', message: 'no phone number, e-mail or contact id' }],
    };
  const createdAt = toIsoInstant(m.created_at);
  const event: InboundMessageEvent = {
    type: 'message',
    channel: 'chatwoot',
    from,
    text: m.content ?? '',
    at: createdAt ?? now.toISOString(),
    providerMessageId: String(m.id),
    ...optional('contactName', text(m.sender?.name) ?? text(contact?.name)),
    ...optional('email', emailOf(m.sender) ?? emailOf(contact)),
    conversationId: String(m.conversation.display_id ?? m.conversation.id),
  };
  return {
    kind: 'events',
    events: [{ key: key(`message_created:${m.id}:${m.created_at ?? ''}`), event }],
  };
}

/** The attributes a `conversation_updated` changed, when Chatwoot says (it sent null before 2024). */
function changedNames(changes: Record<string, unknown>[] | null | undefined): Set<string> | undefined {
  return changes ? new Set(changes.flatMap((change) => Object.keys(change))) : undefined;
}

function parseConversation(
  event: string,
  body: unknown,
  key: (fallback: string) => string,
  now: Date,
): ParseOutcome {
  const parsed = conversationSchema.safeParse(body);
  if (!parsed.success) return { kind: 'invalid', issues: zodIssues(parsed.error) };
  const c = parsed.data;
  const changed = changedNames(c.changed_attributes);
  const labelsChanged =
    changed === undefined || changed.has('label_list') || changed.has('cached_label_list');
  const statusChanged = changed === undefined || changed.has('status');
  if (event === 'conversation_updated' && !labelsChanged && !statusChanged)
    return { kind: 'ignored', note: 'conversation_updated: neither its labels nor its status changed' };
  const withLabels = event !== 'conversation_status_changed' && labelsChanged;
  const contact = c.meta?.sender;
  const when = c.updated_at ?? c.timestamp ?? c.created_at;
  const conversationId = String(c.display_id ?? c.id);
  const result: ConversationEvent = {
    type: 'conversation',
    provider: 'chatwoot',
    conversationId,
    ...optional('status', text(c.status, 50)),
    ...(withLabels ? { labels: c.labels ?? [] } : {}),
    ...optional('contact', phoneOf(contact) ?? emailOf(contact)),
    at: toIsoInstant(when) ?? now.toISOString(),
  };
  return {
    kind: 'events',
    events: [{ key: key(`${event}:${conversationId}:${when ?? ''}:${c.status ?? ''}`), event: result }],
  };
}

const CONVERSATION_EVENTS = new Set([
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
]);

function parseChatwoot({ body, headers, now }: { body: unknown; headers: Headers; now: Date }): ParseOutcome {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { kind: 'invalid', issues: [{ field: 'body', message: 'expected a JSON object' }] };
  const event = (body as { event?: unknown }).event;
  if (typeof event !== 'string')
    return { kind: 'invalid', issues: [{ field: 'event', message: 'expected the event name, a string' }] };
  // Chatwoot's delivery id is stable across its retries: the best key there is
  const delivery = text(header(headers, 'x-chatwoot-delivery'), 200);
  const key = (fallback: string) => delivery ?? fallback;
  if (event === 'message_created') return parseMessage(body, key, now);
  if (CONVERSATION_EVENTS.has(event)) return parseConversation(event, body, key, now);
  return { kind: 'ignored', note: `${event.slice(0, 100)}: not an event Rekindle uses` };
}

export const chatwootWebhook: ProviderWebhook = {
  provider: 'chatwoot',
  verify: verifyChatwoot,
  parse: parseChatwoot,
  keptHeaders: ['content-type', 'user-agent', 'x-chatwoot-delivery', 'x-chatwoot-timestamp'],
};
