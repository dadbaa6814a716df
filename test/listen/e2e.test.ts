import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/adapters/channels/index.ts';
import { createListening, type Listening, rememberSent } from '../../src/app/listen/index.ts';
import { createReplyClassifier } from '../../src/app/replies/classifier.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { type RunningDispatcher, startDispatcher } from '../../src/workers/dispatcher.ts';
import { type StandIn, startStandIn } from '../channels/support.ts';
import { type Api, apiAs, createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { loadDemoThroughApi } from '../support/demo.ts';
import { until } from '../support/until.ts';

/**
 * The whole loop on real components: the plan suggests, an operator approves, the send loop
 * hands the message to a WhatsApp Cloud API stand-in on 127.0.0.1, the dialog context holds the
 * pending action (in Redis when TEST_REDIS_URL is set, else in PostgreSQL/PGlite), the customer
 * answers through the signed webhook, the answer is classified and acted on, and a booking
 * arriving through the signed orders webhook wins the attempt with its value. The same loop with
 * an opt-out leaves the customer suppressed for good.
 */
const APP_SECRET = 'e2e-app-secret';
const ORDERS_SECRET = 'e2e-orders-secret';
const redisUrl = process.env.TEST_REDIS_URL;

describe.each(backends)('listening end to end on %s', (backend) => {
  // Redis where CI proves the production shape (PostgreSQL + Redis); PGlite shows the fallback
  const useRedis = backend === 'postgres' && redisUrl !== undefined;
  let database: TestDatabase;
  let app: FastifyInstance;
  let tenant: TestTenant;
  let api: Api;
  let listening: Listening;
  let dispatcher: RunningDispatcher;
  let whatsapp: StandIn;
  let redis: Redis | undefined;
  let wamid = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    listening = createListening({
      db: database.db,
      classifier: createReplyClassifier(),
      ...(useRedis ? { redisUrl } : {}),
    });
    app = await buildApp({
      db: database.db,
      logger: false,
      classifier: listening.classifier,
      dialog: listening.dialog,
      inbox: listening.inbox,
    });
    await app.ready();
    tenant = await createTestTenant(database, 'Studio Bella', 'pt-BR');
    api = apiAs(app, tenant);
    if (useRedis) redis = new Redis(redisUrl!);
    whatsapp = await startStandIn((request) => {
      if (!request.path.endsWith('/messages')) return { status: 404, body: { error: { message: 'no' } } };
      wamid++;
      const to = String((request.json() as { to?: unknown }).to);
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to.replace('+', '') }],
          messages: [{ id: `wamid.E2E${wamid}` }],
        },
      };
    });
    await loadDemoThroughApi(api, { customers: 120, seed: 21, now: new Date('2025-06-15T15:00:00Z') });
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' };
    const settings = await api('PATCH', '/v1/tenant', {
      settings: {
        outreach: { window },
        reactivation: {
          whatsappTemplate: { name: 'reactivation_v1', language: 'pt_BR', params: ['firstName', 'text'] },
        },
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const sender = await api('POST', '/v1/senders', {
      channel: 'whatsapp',
      name: 'Salon number',
      settings: { phoneNumberId: '106540352242922', apiBaseUrl: whatsapp.url },
      secrets: { accessToken: 'EAAG-test', appSecret: APP_SECRET, verifyToken: 'verify-me' },
    });
    expect(sender.statusCode, sender.body).toBe(201);
    const integration = await api('PUT', '/v1/integrations/orders', { secret: ORDERS_SECRET });
    expect(integration.statusCode, integration.body).toBe(201);
    const dialog = listening.dialog;
    dispatcher = startDispatcher({
      db: database.db,
      registry: createChannelRegistry(),
      logger: pino({ level: 'silent' }),
      idleDelayMs: 50,
      onSent: (claimed) =>
        void rememberSent({ db: database.db, dialog }, claimed.message.tenantId, claimed.message.id),
    });
  }, 240_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await listening?.close();
    await app?.close();
    await whatsapp?.close();
    redis?.disconnect();
    await database?.dispose();
  });

  /** Plans, approves one suggestion for a customer with a phone, and waits until it is sent. */
  async function suggestApproveSend(skip: readonly string[]) {
    const plan = await api('POST', '/v1/reactivation/plan', { asOf: '2025-06-15T15:00:00Z', limit: 20 });
    expect(plan.statusCode, plan.body).toBe(200);
    const inbox = (await api('GET', '/v1/reactivation/inbox?limit=50')).json().items as {
      id: string;
      customer: { id: string };
    }[];
    for (const suggestion of inbox) {
      if (skip.includes(suggestion.customer.id)) continue;
      const customer = (await api('GET', `/v1/customers/${suggestion.customer.id}`)).json();
      if (!customer.phone) continue;
      const approved = await api('POST', `/v1/reactivation/inbox/${suggestion.id}/approve`, {});
      expect(approved.statusCode, approved.body).toBe(200);
      const [queued] = (await api('GET', `/v1/messages?attemptId=${suggestion.id}`)).json().items;
      // the running send loop may already have it
      expect(queued.channel).toBe('whatsapp');
      expect(['queued', 'sending', 'sent']).toContain(queued.status);
      const sent = await until('the message to be sent', async () => {
        const m = (await api('GET', `/v1/messages/${queued.id}`)).json();
        return m.status === 'sent' ? m : undefined;
      });
      return { attemptId: suggestion.id, customer, message: sent };
    }
    throw new Error('no suggestion for a customer with a phone');
  }

  async function postWhatsApp(phone: string, text: string, replyTo: string) {
    const id = `wamid.IN${Math.random().toString(36).slice(2)}`;
    const body = Buffer.from(
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                  contacts: [{ profile: { name: 'Cliente' }, wa_id: phone.slice(1) }],
                  messages: [
                    {
                      from: phone.slice(1),
                      id,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: 'text',
                      text: { body: text },
                      context: { from: '15550783881', id: replyTo },
                    },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    const response = await app.inject({
      method: 'POST',
      url: `/webhooks/whatsapp/${tenant.id}`,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
      },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    await listening.processor.idle();
    return id;
  }

  async function postBooking(customerExternalId: string, phone: string, amount: number) {
    const body = Buffer.from(
      JSON.stringify({
        id: `booking-${customerExternalId}`,
        type: 'booking',
        customer: { externalId: customerExternalId, phone },
        booking: {
          externalId: `yc-${customerExternalId}`,
          startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          amount,
          status: 'booked',
        },
      }),
    );
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', ORDERS_SECRET)
      .update(`${ts}.${body.toString('utf8')}`)
      .digest('hex');
    const response = await app.inject({
      method: 'POST',
      url: `/webhooks/orders/${tenant.id}`,
      headers: {
        'content-type': 'application/json',
        'x-rekindle-timestamp': ts,
        'x-rekindle-signature': `sha256=${signature}`,
      },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    await listening.processor.idle();
  }

  async function contextOf(phone: string) {
    if (redis) {
      const raw = await redis.get(`dialog:${tenant.id}:${phone}`);
      return raw ? JSON.parse(raw) : undefined;
    }
    const response = await api('GET', `/v1/contexts/${encodeURIComponent(phone)}`);
    return response.statusCode === 200 ? response.json().context : undefined;
  }

  it('suggests, sends, remembers, hears a yes, and wins the attempt when the booking arrives', {
    timeout: 120_000,
  }, async () => {
    const { attemptId, customer, message } = await suggestApproveSend([]);
    const context = await until('the dialog context', () => contextOf(customer.phone));
    expect(context.pendingAction).toMatchObject({
      type: 'reactivation_response',
      attemptId,
      messageId: message.id,
      customerId: customer.id,
    });
    expect(context.pendingAction.messageText.length).toBeGreaterThan(0);
    if (redis) expect(await redis.ttl(`dialog:${tenant.id}:${customer.phone}`)).toBeGreaterThan(71 * 3600);

    await postWhatsApp(customer.phone, 'Sim, quero agendar! Pode ser sexta?', message.providerMessageId);
    const reply = await database.db
      .selectFrom('replies')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('attempt_id', '=', attemptId)
      .executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ message_id: message.id, customer_id: customer.id });
    expect(['positive', 'reschedule']).toContain(reply.label);
    const answered = (await api('GET', `/v1/reactivation/attempts/${attemptId}`)).json();
    expect(answered.status).toBe('IN_PROGRESS');
    const afterReply = await contextOf(customer.phone);
    expect(afterReply.lastReply).toMatchObject({ label: reply.label });

    await postBooking(customer.externalId, customer.phone, 180);
    const won = (await api('GET', `/v1/reactivation/attempts/${attemptId}`)).json();
    expect(won).toMatchObject({ status: 'WON', outcome: 'REACTIVATED' });
    expect(won.nextOrder?.value ?? won.nextOrderValue).toBe(180);
    const conversion = await database.db
      .selectFrom('conversions')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('attempt_id', '=', attemptId)
      .executeTakeFirstOrThrow();
    expect(conversion).toMatchObject({ source_kind: 'booking', control: false });
    expect(Number(conversion.value)).toBe(180);
    // the assistant's pending action is done with once the booking is in
    expect(await contextOf(customer.phone)).toBeUndefined();
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`rekindle_replies_last_day{label="${reply.label}"} 1`);
    expect(metrics).toContain('rekindle_conversions_last_day{group="treated"} 1');
    expect(metrics).toContain('rekindle_conversion_value_last_day{group="treated"} 180');
  });

  it('suppresses a customer who answers STOP, for good, and confirms once', {
    timeout: 120_000,
  }, async () => {
    const done = (
      await database.db
        .selectFrom('attempts')
        .select('customer_id')
        .where('tenant_id', '=', tenant.id)
        .where('status', '=', 'WON')
        .execute()
    ).map((r) => r.customer_id);
    const { attemptId, customer, message } = await suggestApproveSend(done);
    await until('the dialog context', () => contextOf(customer.phone));
    // something else is already waiting to go to them
    const extra = await api('POST', '/v1/messages', {
      channel: 'whatsapp',
      customerId: customer.id,
      kind: 'campaign',
      text: 'Promoção de primavera!',
      scheduledFor: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(extra.statusCode, extra.body).toBe(201);

    await postWhatsApp(customer.phone, 'PARAR', message.providerMessageId);
    const stored = (await api('GET', `/v1/customers/${customer.id}`)).json();
    expect(stored.optedOut).toBe(true);
    expect((await api('GET', `/v1/messages/${extra.json().id}`)).json().status).toBe('cancelled');
    const lost = (await api('GET', `/v1/reactivation/attempts/${attemptId}`)).json();
    expect(lost).toMatchObject({ status: 'LOST', outcome: 'DECLINED' });
    expect(await contextOf(customer.phone)).toBeUndefined();
    // the confirmation goes out (the only message an opted-out customer can get), once
    const confirmation = await until('the confirmation', async () => {
      const items = (
        await api('GET', `/v1/messages?customerId=${customer.id}&kind=opt_out_confirmation`)
      ).json().items as { id: string; status: string }[];
      return items.length === 1 && items[0]!.status === 'sent' ? items[0] : undefined;
    });
    expect(confirmation).toBeDefined();

    // forever: a re-import, a new plan and a direct send all leave them alone
    const reimport = await api('POST', '/v1/customers/batch', {
      items: [{ externalId: customer.externalId, name: customer.name, phone: customer.phone }],
    });
    expect(reimport.statusCode).toBe(200);
    expect((await api('GET', `/v1/customers/${customer.id}`)).json().optedOut).toBe(true);
    const direct = await api('POST', '/v1/messages', {
      channel: 'whatsapp',
      customerId: customer.id,
      text: 'Oi!',
    });
    expect(direct.json().status).toBe('skipped');
    await api('POST', '/v1/reactivation/plan', { asOf: '2025-06-15T15:00:00Z', limit: 50 });
    const again = (
      await api('GET', `/v1/reactivation/attempts?customerId=${customer.id}&status=SUGGESTED`)
    ).json();
    expect(again.items).toHaveLength(0);
    await postWhatsApp(customer.phone, 'PARAR', message.providerMessageId);
    const confirmations = (
      await api('GET', `/v1/messages?customerId=${customer.id}&kind=opt_out_confirmation`)
    ).json();
    expect(confirmations.items).toHaveLength(1);
  });
});
