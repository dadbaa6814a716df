/**
 * Chatwoot: the message goes into the customer's conversation in the sender's inbox, so the
 * business's agents see it beside everything else the customer said, and the labels mark why
 * it was sent (`reactivation`, a campaign…).
 *
 * Steps: find the contact by phone or e-mail (`GET contacts/search?q=`, exact match only — the
 * search is a substring match) or create it in the inbox (`POST contacts` with `inbox_id`);
 * take its newest unresolved conversation in this inbox (`GET contacts/{id}/conversations`) or
 * open one (`POST conversations` with `inbox_id`, `contact_id` and the contact-inbox
 * `source_id` when known); post the message (`POST conversations/{id}/messages`, body as
 * shared/fixtures/chatwoot/api_create_message_request.json); merge the labels
 * (`POST conversations/{id}/labels` replaces the whole list, so current ∪ new is sent).
 *
 * Recipient forms: `+5511987654321` (phone), `ana@example.com` (e-mail), `contact:42` (a known
 * contact id) or `conversation:7` (a known conversation display id).
 *
 * Idempotency: Chatwoot takes no idempotency key. A retry after a lost answer would post twice,
 * so before posting into an existing conversation the client looks at its last message (the
 * conversation listing carries it): an outgoing message with the very same content means the
 * earlier attempt went through, and its id is returned instead of posting again. This covers a
 * crash between Chatwoot's answer and the status write; it cannot help when someone wrote in
 * the conversation in between. Labels are best effort: once the message is in, a label failure
 * is logged, not reported, so it never causes the message to be posted again.
 */

import type { Logger } from 'pino';
import { z } from 'zod';
import type {
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
} from '../../../domain/outreach/channel.ts';
import { plannedForm } from '../content.ts';
import { type FetchFn, isRecord, type Json, type SendFailure } from '../http.ts';
import { readSenderPart } from '../sender-config.ts';
import { type ChatwootApi, createChatwootApi, idOf, payloadList } from './api.ts';

const numericId = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/, 'a numeric id').transform(Number),
]);

export const chatwootSettings = z.object({
  /** The Chatwoot installation, e.g. https://app.chatwoot.com or a self-hosted URL. */
  baseUrl: z.url(),
  accountId: numericId,
  /** The inbox messages are posted in (its WhatsApp, e-mail or API channel delivers them). */
  inboxId: numericId,
});

export const chatwootSecrets = z.object({
  /** A user's or agent bot's access token (profile settings → access token). */
  apiAccessToken: z.string().min(1),
});

export type ChatwootRecipient =
  | { readonly kind: 'conversation'; readonly id: string }
  | { readonly kind: 'contact'; readonly id: string }
  | { readonly kind: 'email'; readonly email: string }
  | { readonly kind: 'phone'; readonly phone: string };

export function parseChatwootRecipient(recipient: string): ChatwootRecipient | null {
  const value = recipient.trim();
  const ref = /^(conversation|contact):(\d+)$/.exec(value);
  if (ref) return { kind: ref[1] === 'conversation' ? 'conversation' : 'contact', id: ref[2]! };
  if (/^[^@\s]+@[^@\s]+$/.test(value)) return { kind: 'email', email: value.toLowerCase() };
  const digits = value.replace(/[^\d]/g, '');
  // Chatwoot stores phone numbers in E.164 and rejects others (422), so only those are tried.
  if (digits.length >= 7 && /^\+?[\d\s().-]+$/.test(value)) return { kind: 'phone', phone: `+${digits}` };
  return null;
}

export interface ChatwootOptions {
  readonly fetch?: FetchFn;
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
  readonly logger?: Pick<Logger, 'warn'>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

interface Conversation {
  readonly id: string;
  /** Current labels when the response carried them; null means ask. */
  readonly labels: readonly string[] | null;
  readonly lastMessage: Json;
}

type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: SendFailure };

function stringList(value: Json): readonly string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null;
}

function toConversation(value: Json): Conversation | null {
  const id = idOf(value);
  if (id === null || !isRecord(value)) return null;
  const messages = Array.isArray(value.messages) ? value.messages : [];
  return { id, labels: stringList(value.labels), lastMessage: messages[messages.length - 1] };
}

function matches(contact: Json, recipient: ChatwootRecipient): boolean {
  if (!isRecord(contact)) return false;
  if (recipient.kind === 'email') {
    return typeof contact.email === 'string' && contact.email.toLowerCase() === recipient.email;
  }
  if (recipient.kind === 'phone') {
    return (
      typeof contact.phone_number === 'string' &&
      `+${contact.phone_number.replace(/[^\d]/g, '')}` === recipient.phone
    );
  }
  return false;
}

/** The contact-inbox source id for our inbox, which older Chatwoot versions require. */
function sourceIdFor(contact: Json, inboxId: number): string | undefined {
  if (!isRecord(contact) || !Array.isArray(contact.contact_inboxes)) return undefined;
  for (const link of contact.contact_inboxes) {
    if (!isRecord(link) || typeof link.source_id !== 'string') continue;
    if (isRecord(link.inbox) && Number(link.inbox.id) === inboxId) return link.source_id;
  }
  return undefined;
}

async function findOrCreateContact(
  api: ChatwootApi,
  recipient: Extract<ChatwootRecipient, { kind: 'email' | 'phone' }>,
  message: OutboundMessage,
  inboxId: number,
): Promise<Step<{ id: string; sourceId?: string }>> {
  const query = recipient.kind === 'email' ? recipient.email : recipient.phone;
  const search = await api.get(
    `contacts/search?q=${encodeURIComponent(query)}`,
    'searching the contact',
    'pause_sender',
  );
  if (!search.ok) return search;
  const found = payloadList(search.body).find((contact) => matches(contact, recipient));
  const foundId = idOf(found);
  if (foundId !== null) {
    const sourceId = sourceIdFor(found, inboxId);
    return { ok: true, value: { id: foundId, ...(sourceId !== undefined ? { sourceId } : {}) } };
  }
  const created = await api.post(
    'contacts',
    {
      inbox_id: inboxId,
      name: message.customer.name ?? query,
      ...(recipient.kind === 'email' ? { email: recipient.email } : { phone_number: recipient.phone }),
    },
    'creating the contact',
    'pause_sender',
  );
  if (!created.ok) return created;
  // `{ payload: { contact, contact_inbox } }` today; some older versions answered the bare contact.
  const payload =
    isRecord(created.body) && isRecord(created.body.payload) ? created.body.payload : created.body;
  const contact = isRecord(payload) && isRecord(payload.contact) ? payload.contact : payload;
  const id = idOf(contact);
  if (id === null) return { ok: false, failure: badResponse('contact creation answered without an id') };
  const link = isRecord(payload) && isRecord(payload.contact_inbox) ? payload.contact_inbox : null;
  const sourceId =
    link && typeof link.source_id === 'string' ? link.source_id : sourceIdFor(contact, inboxId);
  return { ok: true, value: { id, ...(sourceId !== undefined ? { sourceId } : {}) } };
}

function badResponse(message: string): SendFailure {
  return { kind: 'failed', code: 'bad_response', action: 'retry', message };
}

async function findOrCreateConversation(
  api: ChatwootApi,
  contact: { id: string; sourceId?: string },
  inboxId: number,
  contactNamedByMessage: boolean,
): Promise<Step<Conversation>> {
  const listed = await api.get(
    `contacts/${contact.id}/conversations`,
    "listing the contact's conversations",
    contactNamedByMessage ? 'fail' : 'pause_sender',
  );
  if (!listed.ok) return listed;
  // Resolved conversations are closed cases; a new message to a returning customer starts a
  // fresh one, which also puts it back in the agents' open queue.
  const candidates = payloadList(listed.body).filter(
    (c) => isRecord(c) && Number(c.inbox_id) === inboxId && c.status !== 'resolved',
  );
  const newest = candidates
    .filter(isRecord)
    .sort((a, b) => Number(b.last_activity_at ?? 0) - Number(a.last_activity_at ?? 0))[0];
  const existing = toConversation(newest);
  if (existing) return { ok: true, value: existing };

  const created = await api.post(
    'conversations',
    {
      inbox_id: inboxId,
      contact_id: Number(contact.id),
      ...(contact.sourceId !== undefined ? { source_id: contact.sourceId } : {}),
    },
    'opening a conversation',
    'pause_sender',
  );
  if (!created.ok) return created;
  const conversation = toConversation(created.body);
  if (conversation === null)
    return { ok: false, failure: badResponse('conversation creation answered without an id') };
  // Nothing in a conversation we just opened can be an earlier attempt of this message.
  return { ok: true, value: { ...conversation, lastMessage: undefined } };
}

/** The earlier attempt of this same message, if it is the conversation's last message. */
function alreadyPosted(conversation: Conversation, content: string): string | null {
  const last = conversation.lastMessage;
  if (!isRecord(last) || last.content !== content) return null;
  // Integer inside conversation payloads (1 = outgoing), a string in message payloads.
  const outgoing = last.message_type === 1 || last.message_type === 'outgoing';
  return outgoing && last.private !== true ? idOf(last) : null;
}

function messageBody(
  message: OutboundMessage,
): { body: Record<string, unknown>; as: 'text' | 'template' } | null {
  const template = message.template;
  const form = plannedForm(message);
  if (form === null) return null;
  if (form === 'text' || template === null) {
    return {
      as: 'text',
      body: {
        content: message.text ?? '',
        message_type: 'outgoing',
        private: false,
        content_type: 'text',
        content_attributes: {},
      },
    };
  }
  // A WhatsApp inbox sends `template_params` as the approved template
  // (api_create_message_whatsapp_template_request.json); `content` is what agents read.
  const body = Object.fromEntries(template.bodyParams.map((value, index) => [String(index + 1), value]));
  return {
    as: 'template',
    body: {
      content: message.text ?? `[${template.name}] ${template.bodyParams.join(' · ')}`.trim(),
      message_type: 'outgoing',
      private: false,
      content_type: 'text',
      content_attributes: {},
      template_params: { name: template.name, language: template.language, processed_params: { body } },
    },
  };
}

export function createChatwootChannel(options: ChatwootOptions = {}): ChannelClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? (() => new Date());

  async function addLabels(api: ChatwootApi, conversation: Conversation, labels: readonly string[]) {
    let current = conversation.labels;
    if (current === null) {
      const read = await api.get(`conversations/${conversation.id}/labels`, 'reading labels', 'fail');
      if (!read.ok) return read.failure.message;
      current = payloadList(read.body).filter((label): label is string => typeof label === 'string');
    }
    const merged = [...new Set([...current, ...labels])];
    if (merged.length === current.length) return null;
    const written = await api.post(
      `conversations/${conversation.id}/labels`,
      { labels: merged },
      'adding labels',
      'fail',
    );
    return written.ok ? null : written.failure.message;
  }

  async function send(
    message: OutboundMessage,
    sender: SenderConfig,
    context: { signal: AbortSignal },
  ): Promise<SendResult> {
    const settings = readSenderPart(chatwootSettings, sender.settings, 'settings');
    if (!settings.ok) return settings.failure;
    const secrets = readSenderPart(chatwootSecrets, sender.secrets, 'secrets');
    if (!secrets.ok) return secrets.failure;
    const recipient = parseChatwootRecipient(message.recipient);
    if (recipient === null) {
      return {
        kind: 'failed',
        code: 'invalid_recipient',
        action: 'fail',
        message: `not a phone, e-mail, contact:<id> or conversation:<id>: ${message.recipient}`,
      };
    }
    const built = messageBody(message);
    if (built === null) {
      return { kind: 'failed', code: 'no_content', action: 'fail', message: 'no text to post' };
    }
    const { inboxId } = settings.value;
    const api = createChatwootApi({
      baseUrl: settings.value.baseUrl,
      accountId: String(settings.value.accountId),
      token: secrets.value.apiAccessToken,
      fetch: doFetch,
      timeoutMs,
      signal: context.signal,
      now: clock,
    });

    let conversation: Conversation;
    if (recipient.kind === 'conversation') {
      // Read first: a wrong id fails here, and its last message and labels come along.
      const read = await api.get(`conversations/${recipient.id}`, 'reading the conversation', 'fail');
      if (!read.ok) return read.failure;
      conversation = toConversation(read.body) ?? { id: recipient.id, labels: null, lastMessage: undefined };
    } else {
      const contact: Step<{ id: string; sourceId?: string }> =
        recipient.kind === 'contact'
          ? { ok: true, value: { id: recipient.id } }
          : await findOrCreateContact(api, recipient, message, inboxId);
      if (!contact.ok) return contact.failure;
      const found = await findOrCreateConversation(api, contact.value, inboxId, recipient.kind === 'contact');
      if (!found.ok) return found.failure;
      conversation = found.value;
    }

    let providerMessageId = alreadyPosted(conversation, String(built.body.content));
    if (providerMessageId === null) {
      const posted = await api.post(
        `conversations/${conversation.id}/messages`,
        built.body,
        'posting the message',
        recipient.kind === 'conversation' ? 'fail' : 'pause_sender',
      );
      if (!posted.ok) return posted.failure;
      providerMessageId = idOf(posted.body);
      // Chatwoot took the message; an unreadable answer must not turn into a second post.
      if (providerMessageId === null) providerMessageId = `chatwoot:conversation:${conversation.id}`;
    }

    const labels = message.labels ?? [];
    if (labels.length > 0) {
      const problem = await addLabels(api, conversation, labels);
      if (problem !== null) {
        options.logger?.warn(
          { messageId: message.id, senderId: sender.id, conversationId: conversation.id, problem },
          'chatwoot: message posted, labels not added',
        );
      }
    }
    return { kind: 'sent', providerMessageId, as: built.as };
  }

  return { channel: 'chatwoot', send };
}
