import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createChatwootChannel,
  parseChatwootRecipient,
} from '../../src/adapters/channels/chatwoot/client.ts';
import type { TemplateRef } from '../../src/domain/outreach/channel.ts';
import {
  NO_SIGNAL,
  outbound,
  type RecordedRequest,
  type Reply,
  readFixture,
  type StandIn,
  sender,
  startStandIn,
} from './support.ts';

/**
 * A Chatwoot stand-in that keeps contacts, conversations, messages and labels in memory and
 * answers in the shapes of Chatwoot's jbuilder views (see src/adapters/channels/chatwoot/api.ts).
 */
interface Contact {
  id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  contact_inboxes: { source_id: string; inbox: { id: number } }[];
}
interface Conversation {
  id: number;
  inbox_id: number;
  contact_id: number;
  status: 'open' | 'pending' | 'resolved';
  labels: string[];
  last_activity_at: number;
  messages: { id: number; content: string; message_type: number; private: boolean }[];
}

const ACCOUNT = 3;
const INBOX = 5;
const TOKEN = 'cw-token';

const state = {
  contacts: [] as Contact[],
  conversations: [] as Conversation[],
  nextId: 100,
  /** Overrides: answer this instead, for the path that matches. */
  faults: [] as { match: RegExp; reply: Reply }[],
};

function json(body: unknown, status = 200): Reply {
  return { status, body };
}

const notFound = json({ error: 'Resource could not be found' }, 404);

function chatwoot(request: RecordedRequest): Reply {
  const fault = state.faults.find((f) => f.match.test(`${request.method} ${request.path}`));
  if (fault) return fault.reply;
  if (request.headers.api_access_token !== TOKEN) {
    return json({ errors: ['You need to sign in or sign up before continuing.'] }, 401);
  }
  const url = new URL(request.path, 'http://x');
  const prefix = `/api/v1/accounts/${ACCOUNT}/`;
  if (!url.pathname.startsWith(prefix)) return notFound;
  const path = url.pathname.slice(prefix.length);
  const route = `${request.method} ${path}`;
  const conversationView = (c: Conversation) => ({ ...c, messages: c.messages.slice(-1) });
  const conversation = (id: string | undefined) => state.conversations.find((c) => c.id === Number(id));

  const routes: [RegExp, (m: RegExpExecArray) => Reply][] = [
    [
      /^GET contacts\/search$/,
      () => {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        // Chatwoot's search is a substring match on name, e-mail, phone and identifier.
        const hits = state.contacts.filter((c) =>
          [c.name, c.email, c.phone_number].some((v) => v?.toLowerCase().includes(q)),
        );
        return json({ meta: { count: hits.length, current_page: 1 }, payload: hits });
      },
    ],
    [
      /^POST contacts$/,
      () => {
        const body = request.json() as {
          inbox_id: number;
          name: string;
          email?: string;
          phone_number?: string;
        };
        if (body.inbox_id !== INBOX) return notFound;
        if (body.phone_number !== undefined && !/^\+[1-9]\d{1,14}$/.test(body.phone_number)) {
          return json(
            { message: 'Phone number should be in e164 format', attributes: ['phone_number'] },
            422,
          );
        }
        const id = state.nextId++;
        const contact: Contact = {
          id,
          name: body.name,
          email: body.email ?? null,
          phone_number: body.phone_number ?? null,
          contact_inboxes: [{ source_id: `src-${id}`, inbox: { id: INBOX } }],
        };
        state.contacts.push(contact);
        return json({
          payload: { contact, contact_inbox: { inbox: { id: INBOX }, source_id: `src-${id}` } },
        });
      },
    ],
    [
      /^GET contacts\/(\d+)\/conversations$/,
      (m) => {
        const contactId = Number(m[1]);
        if (!state.contacts.some((c) => c.id === contactId)) return notFound;
        return json({
          payload: state.conversations.filter((c) => c.contact_id === contactId).map(conversationView),
        });
      },
    ],
    [
      /^POST conversations$/,
      () => {
        const body = request.json() as { inbox_id: number; contact_id: number; source_id?: string };
        if (body.inbox_id !== INBOX || !state.contacts.some((c) => c.id === body.contact_id)) return notFound;
        const created: Conversation = {
          id: state.nextId++,
          inbox_id: body.inbox_id,
          contact_id: body.contact_id,
          status: 'open',
          labels: [],
          last_activity_at: 1,
          messages: [],
        };
        state.conversations.push(created);
        return json(conversationView(created));
      },
    ],
    [
      /^GET conversations\/(\d+)$/,
      (m) => {
        const found = conversation(m[1]);
        return found ? json(conversationView(found)) : notFound;
      },
    ],
    [
      /^POST conversations\/(\d+)\/messages$/,
      (m) => {
        const found = conversation(m[1]);
        if (!found) return notFound;
        const body = request.json() as { content: string; private: boolean };
        const message = { id: state.nextId++, content: body.content, message_type: 1, private: body.private };
        found.messages.push(message);
        return json({
          ...readFixture<Record<string, unknown>>('chatwoot', 'api_create_message_response_docs_schema.json'),
          ...message,
        });
      },
    ],
    [
      /^(GET|POST) conversations\/(\d+)\/labels$/,
      (m) => {
        const found = conversation(m[2]);
        if (!found) return notFound;
        if (m[1] === 'POST') found.labels = (request.json() as { labels: string[] }).labels;
        return json({ payload: found.labels });
      },
    ],
  ];
  for (const [pattern, handle] of routes) {
    const match = pattern.exec(route);
    if (match) return handle(match);
  }
  return notFound;
}

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn(chatwoot);
});
afterAll(() => standIn.close());
afterEach(() => {
  state.contacts = [];
  state.conversations = [];
  state.faults = [];
  standIn.requests.length = 0;
});

const client = createChatwootChannel({ timeoutMs: 2000 });
const chatwootSender = (token = TOKEN, inboxId: number | string = INBOX) =>
  sender('chatwoot', { baseUrl: standIn.url, accountId: ACCOUNT, inboxId }, { apiAccessToken: token });
const calls = () =>
  standIn.requests.map((r) => `${r.method} ${r.path.replace(`/api/v1/accounts/${ACCOUNT}/`, '')}`);

function seedContact(overrides: Partial<Contact> = {}): Contact {
  const contact: Contact = {
    id: state.nextId++,
    name: 'Ana Souza',
    email: 'ana@example.com',
    phone_number: '+5511987654321',
    contact_inboxes: [],
    ...overrides,
  };
  state.contacts.push(contact);
  return contact;
}

function seedConversation(contact: Contact, overrides: Partial<Conversation> = {}): Conversation {
  const conversation: Conversation = {
    id: state.nextId++,
    inbox_id: INBOX,
    contact_id: contact.id,
    status: 'open',
    labels: [],
    last_activity_at: 10,
    messages: [{ id: 1, content: 'Olá, quero marcar um horário', message_type: 0, private: false }],
    ...overrides,
  };
  state.conversations.push(conversation);
  return conversation;
}

describe('Chatwoot: a new customer', () => {
  it('creates the contact in the inbox, opens a conversation, posts the message and labels it', async () => {
    const message = outbound({ labels: ['reactivation'] });
    const result = await client.send(message, chatwootSender(), NO_SIGNAL);

    const contact = state.contacts[0]!;
    const conversation = state.conversations[0]!;
    expect(calls()).toEqual([
      'GET contacts/search?q=%2B5511987654321',
      'POST contacts',
      `GET contacts/${contact.id}/conversations`,
      'POST conversations',
      `POST conversations/${conversation.id}/messages`,
      `POST conversations/${conversation.id}/labels`,
    ]);
    const [, createContact, , createConversation, postMessage, addLabels] = standIn.requests;
    expect(createContact?.headers.api_access_token).toBe(TOKEN);
    expect(createContact?.json()).toEqual({
      inbox_id: INBOX,
      name: 'Ana Souza',
      phone_number: '+5511987654321',
    });
    expect(createConversation?.json()).toEqual({
      inbox_id: INBOX,
      contact_id: contact.id,
      source_id: `src-${contact.id}`,
    });
    expect(postMessage?.json()).toEqual({
      ...readFixture('chatwoot', 'api_create_message_request.json'),
      content: message.text,
    });
    expect(addLabels?.json()).toEqual({ labels: ['reactivation'] });
    expect(Object.keys(addLabels?.json() as object)).toEqual(
      Object.keys(readFixture('chatwoot', 'api_add_labels_request.json')),
    );
    expect(result).toEqual({
      kind: 'sent',
      providerMessageId: String(conversation.messages[0]?.id),
      as: 'text',
    });
    expect(conversation.labels).toEqual(['reactivation']);
  });

  it('matches contacts exactly: a substring hit on another address is not the customer', async () => {
    seedContact({ email: 'xana@example.com', phone_number: null });
    await client.send(outbound({ recipient: 'ANA@example.com' }), chatwootSender(), NO_SIGNAL);
    expect(state.contacts.map((c) => c.email)).toEqual(['xana@example.com', 'ana@example.com']);
    expect(standIn.requests[1]?.json()).toEqual({
      inbox_id: INBOX,
      name: 'Ana Souza',
      email: 'ana@example.com',
    });
  });

  it("fails the message when Chatwoot rejects the customer's number (422)", async () => {
    const result = await client.send(outbound({ recipient: '+0123456789' }), chatwootSender(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'http_422', action: 'fail' });
    expect(result.kind === 'failed' && result.message).toContain('e164');
  });
});

describe('Chatwoot: a known customer', () => {
  it('posts into the newest open conversation of this inbox and merges the labels', async () => {
    const contact = seedContact();
    seedConversation(contact, { last_activity_at: 5, labels: ['old'] });
    const current = seedConversation(contact, { last_activity_at: 50, labels: ['vip'] });
    seedConversation(contact, { last_activity_at: 99, inbox_id: 6 });
    seedConversation(contact, { last_activity_at: 99, status: 'resolved' });

    const result = await client.send(
      outbound({ labels: ['reactivation', 'vip'] }),
      chatwootSender(),
      NO_SIGNAL,
    );

    expect(calls()).toEqual([
      'GET contacts/search?q=%2B5511987654321',
      `GET contacts/${contact.id}/conversations`,
      `POST conversations/${current.id}/messages`,
      `POST conversations/${current.id}/labels`,
    ]);
    expect(current.labels).toEqual(['vip', 'reactivation']);
    expect(result).toMatchObject({ kind: 'sent', as: 'text' });
  });

  it('opens a new conversation when the only ones are resolved', async () => {
    const contact = seedContact();
    seedConversation(contact, { status: 'resolved' });
    await client.send(outbound(), chatwootSender(), NO_SIGNAL);
    expect(calls()).toContain('POST conversations');
    expect(state.conversations.filter((c) => c.status === 'open')).toHaveLength(1);
  });

  it('does not post twice when a retry finds its own message already last in the conversation', async () => {
    const contact = seedContact();
    const conversation = seedConversation(contact);
    const message = outbound();
    const first = await client.send(message, chatwootSender(), NO_SIGNAL);
    const second = await client.send(message, chatwootSender(), NO_SIGNAL);

    expect(second).toEqual(first);
    expect(conversation.messages.filter((m) => m.content === message.text)).toHaveLength(1);
  });

  it('posts straight into a named conversation (conversation:<id>)', async () => {
    const conversation = seedConversation(seedContact());
    const result = await client.send(
      outbound({ recipient: `conversation:${conversation.id}` }),
      chatwootSender(),
      NO_SIGNAL,
    );
    expect(calls()).toEqual([
      `GET conversations/${conversation.id}`,
      `POST conversations/${conversation.id}/messages`,
    ]);
    expect(result).toMatchObject({ kind: 'sent' });
  });

  it('fails the message when the named conversation does not exist (404)', async () => {
    const result = await client.send(
      outbound({ recipient: 'conversation:999' }),
      chatwootSender(),
      NO_SIGNAL,
    );
    expect(result).toMatchObject({ kind: 'failed', code: 'http_404', action: 'fail' });
  });

  it('sends a WhatsApp template as template_params when the window is closed', async () => {
    const template: TemplateRef = {
      name: 'purchase_receipt',
      language: 'en_US',
      bodyParams: ['Visa', 'Nike'],
    };
    const conversation = seedConversation(seedContact());
    const result = await client.send(
      outbound({ recipient: `conversation:${conversation.id}`, serviceWindowOpen: false, template }),
      chatwootSender(),
      NO_SIGNAL,
    );
    const documented = readFixture<{ template_params: Record<string, unknown> }>(
      'chatwoot',
      'api_create_message_whatsapp_template_request.json',
    );
    const body = standIn.requests[1]?.json() as { template_params: Record<string, unknown> };
    expect(body.template_params).toEqual({
      name: 'purchase_receipt',
      language: 'en_US',
      processed_params: { body: { 1: 'Visa', 2: 'Nike' } },
    });
    for (const key of Object.keys(body.template_params))
      expect(Object.keys(documented.template_params)).toContain(key);
    expect(result).toMatchObject({ kind: 'sent', as: 'template' });
  });
});

describe('Chatwoot: error answers', () => {
  it('pauses the sender on a rejected token (401)', async () => {
    const result = await client.send(outbound(), chatwootSender('wrong'), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'http_401', action: 'pause_sender' });
    expect(standIn.requests).toHaveLength(1);
  });

  it('pauses the sender when its inbox does not exist (404 on contact creation)', async () => {
    const result = await client.send(outbound(), chatwootSender(TOKEN, 77), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'http_404', action: 'pause_sender' });
  });

  it('pauses the sender on 403', async () => {
    state.faults = [{ match: /contacts\/search/, reply: json({ error: 'Access denied' }, 403) }];
    expect(await client.send(outbound(), chatwootSender(), NO_SIGNAL)).toMatchObject({
      code: 'http_403',
      action: 'pause_sender',
    });
  });

  it('retries a throttled request after the time Chatwoot names (429)', async () => {
    state.faults = [
      {
        match: /contacts\/search/,
        reply: { status: 429, body: 'Retry later', headers: { 'retry-after': '7' } },
      },
    ];
    expect(await client.send(outbound(), chatwootSender(), NO_SIGNAL)).toMatchObject({
      code: 'http_429',
      action: 'retry',
      retryAfterMs: 7000,
    });
  });

  it('retries a server error while posting', async () => {
    state.faults = [{ match: /POST .*\/messages$/, reply: json({ error: 'boom' }, 500) }];
    const conversation = seedConversation(seedContact());
    const result = await client.send(
      outbound({ recipient: `conversation:${conversation.id}` }),
      chatwootSender(),
      NO_SIGNAL,
    );
    expect(result).toMatchObject({ code: 'http_500', action: 'retry' });
  });

  it('still reports the message sent when only the labels fail (a retry would post it twice)', async () => {
    state.faults = [{ match: /labels$/, reply: json({ error: 'boom' }, 500) }];
    const warnings: unknown[] = [];
    const withLogger = createChatwootChannel({
      logger: { warn: (obj: unknown) => warnings.push(obj) } as never,
    });
    const result = await withLogger.send(outbound({ labels: ['reactivation'] }), chatwootSender(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'sent' });
    expect(warnings).toHaveLength(1);
  });

  it('fails a recipient that is neither phone, e-mail nor reference, without calling Chatwoot', async () => {
    expect(await client.send(outbound({ recipient: 'Ana' }), chatwootSender(), NO_SIGNAL)).toMatchObject({
      code: 'invalid_recipient',
      action: 'fail',
    });
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('parseChatwootRecipient', () => {
  it.each([
    ['+55 11 98765-4321', { kind: 'phone', phone: '+5511987654321' }],
    ['Ana@Example.com', { kind: 'email', email: 'ana@example.com' }],
    ['contact:42', { kind: 'contact', id: '42' }],
    ['conversation:7', { kind: 'conversation', id: '7' }],
    ['Ana', null],
    ['12', null],
  ])('%s', (input, expected) => {
    expect(parseChatwootRecipient(input)).toEqual(expected);
  });
});
