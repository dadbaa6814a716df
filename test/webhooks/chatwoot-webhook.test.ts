import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chatwootWebhook } from '../../src/adapters/webhooks/chatwoot.ts';
import type { InboundEvent } from '../../src/domain/inbound/events.ts';
import { createTestTenant, setUpApiTests, type TestTenant } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { sharedDir } from '../support/shared.ts';

/**
 * `/webhooks/chatwoot/{tenantId}` replayed with the Chatwoot fixtures (shared/fixtures/chatwoot):
 * signed deliveries (HMAC over "<timestamp>.<body>", five minutes of skew) and unsigned ones from
 * older versions (?token=), the fixture's own signature vector, each delivery stored once.
 */
const DIR = join(sharedDir(), 'fixtures/chatwoot');
const fixture = (name: string) => readFileSync(join(DIR, name));
const json = (name: string) => JSON.parse(fixture(name).toString('utf8'));
const vector = json('signature_vector_x_chatwoot_signature.json');
const SECRET: string = vector.webhook_secret;

/** Every webhook fixture and what it becomes: an event of this type, or ignored. */
const EXPECTED: Record<string, InboundEvent['type'] | 'ignored'> = {
  'message_created_incoming_api_inbox_sender_null_2022_douglara.json': 'message',
  'message_created_incoming_whatsapp_2023_arielcorte.json': 'message',
  'message_created_incoming_whatsapp_cloud_2023_douglara.json': 'message',
  'message_created_outgoing_agent_reply_derived.json': 'ignored',
  'conversation_created_derived.json': 'conversation',
  'conversation_status_changed_resolved_derived.json': 'conversation',
  'conversation_status_changed_whatsapp_2023_arielcorte.json': 'conversation',
  'conversation_updated_labels_derived.json': 'conversation',
};

const sign = (body: Buffer | string, ts: number, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(backends)('Chatwoot webhook on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  const post = (
    body: Buffer | string,
    options: { headers?: Record<string, string>; query?: string; tenantId?: string } = {},
  ) =>
    testbed.app.inject({
      method: 'POST',
      url: `/webhooks/chatwoot/${options.tenantId ?? testbed.tenant.id}${options.query ?? ''}`,
      headers: { 'content-type': 'application/json', ...options.headers },
      payload: body,
    });
  const signed = (body: Buffer | string, delivery?: string, ts = nowSeconds()) =>
    post(body, {
      headers: {
        'x-chatwoot-timestamp': String(ts),
        'x-chatwoot-signature': sign(body, ts),
        ...(delivery ? { 'x-chatwoot-delivery': delivery } : {}),
      },
    });
  const stored = () =>
    testbed.database.db
      .selectFrom('inbox_events')
      .select(['provider', 'event_key', 'event_type', 'payload'])
      .where('tenant_id', '=', testbed.tenant.id)
      .execute();
  const connect = (tenant: TestTenant, secret: string) =>
    testbed.app.inject({
      method: 'PUT',
      url: '/v1/integrations/chatwoot',
      headers: tenant.headers,
      payload: { secret },
    });

  beforeAll(async () => {
    expect((await connect(testbed.tenant, SECRET)).statusCode).toBe(201);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses bad, stale, half-present or missing signatures and tokens, storing nothing', async () => {
    const body = fixture(vector.body_file);
    const ts = nowSeconds();
    const tampered = Buffer.from(body.toString('utf8').replace('"oi"', '"quero cancelar"'));
    const cases: { headers?: Record<string, string>; query?: string }[] = [
      { headers: { 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': sign(tampered, ts) } },
      {
        headers: {
          'x-chatwoot-timestamp': String(ts),
          'x-chatwoot-signature': sign(body, ts, 'another-secret'),
        },
      },
      { headers: { 'x-chatwoot-timestamp': String(ts - 301), 'x-chatwoot-signature': sign(body, ts - 301) } },
      { headers: { 'x-chatwoot-timestamp': String(ts + 400), 'x-chatwoot-signature': sign(body, ts + 400) } },
      { headers: { 'x-chatwoot-signature': sign(body, ts) } },
      { headers: { 'x-chatwoot-timestamp': String(ts) } },
      { headers: { 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': 'sha256=zz' } },
      // signed headers take precedence: a right token does not rescue a wrong signature
      {
        headers: { 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': sign(tampered, ts) },
        query: `?token=${SECRET}`,
      },
      {},
      { query: '?token=wrong-token-value' },
      { query: `?token=${SECRET}x` },
    ];
    for (const [i, options] of cases.entries()) {
      const response = await post(body, options);
      expect(response.statusCode, `case ${i}: ${response.body}`).toBe(401);
    }
    // the fixture's own vector is five minutes past at real time
    expect((await post(body, { headers: vector.headers })).statusCode).toBe(401);
    expect(await stored()).toEqual([]);
  });

  it('accepts the fixture’s signature vector at its time, keyed by the delivery id', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date((1700000000 + 120) * 1000));
    const body = fixture(vector.body_file);
    const response = await post(body, { headers: vector.headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ received: 1, new: 1 });
    const again = await post(body, { headers: vector.headers });
    expect(again.json()).toEqual({ received: 1, new: 0 });
    vi.useRealTimers();
    const rows = await stored();
    expect(rows).toEqual([
      {
        provider: 'chatwoot',
        event_key: vector.headers['X-Chatwoot-Delivery'],
        event_type: 'message',
        payload: {
          type: 'message',
          channel: 'chatwoot',
          from: '+554190000000',
          text: 'oi',
          at: '2023-02-13T03:14:06.883Z',
          providerMessageId: '1082258',
          contactName: 'Douglas Lara',
          conversationId: '20484',
        },
      },
    ]);
  });

  it('maps every webhook fixture, signed, once each; ignores its own outgoing echo', async () => {
    const deliveryOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    for (const [i, name] of Object.keys(EXPECTED).entries()) {
      const expected = EXPECTED[name]!;
      const delivery = deliveryOf(i);
      const response = await signed(fixture(name), delivery);
      expect(response.statusCode, `${name}: ${response.body}`).toBe(200);
      if (expected === 'ignored') {
        expect(response.json(), name).toMatchObject({ received: 0, new: 0 });
        expect(response.json().note).toContain('outgoing');
        continue;
      }
      expect(response.json(), name).toEqual({ received: 1, new: 1 });
      expect((await signed(fixture(name), delivery)).json().new, name).toBe(0);
      const row = (await stored()).find((r) => r.event_key === delivery);
      const parsed = chatwootWebhook.parse({
        body: json(name),
        headers: { 'x-chatwoot-delivery': delivery },
        settings: {},
        now: new Date(),
      });
      if (parsed.kind !== 'events') throw new Error(name);
      expect(row, name).toEqual({
        provider: 'chatwoot',
        event_key: delivery,
        event_type: expected,
        payload: parsed.events[0]!.event,
      });
    }
    const labels = (await stored()).find((r) => r.event_key === deliveryOf(7));
    expect(labels?.payload).toEqual({
      type: 'conversation',
      provider: 'chatwoot',
      conversationId: '24',
      status: 'open',
      labels: ['lead', 'hotmart-comprador'],
      contact: '+5493510000000',
      at: new Date(1696997787123).toISOString(),
    });
    const resolved = (await stored()).find((r) => r.event_key === deliveryOf(5));
    expect(resolved?.payload).toMatchObject({ status: 'resolved' });
    expect(resolved?.payload).not.toHaveProperty('labels');
    const integrations = (await api('GET', '/v1/integrations')).json().items;
    expect(integrations[0]).toMatchObject({ provider: 'chatwoot' });
    expect(integrations[0].lastEventAt).not.toBeNull();
  });

  it('takes unsigned deliveries from older Chatwoot with ?token=, keyed by event, id and time', async () => {
    const name = 'message_created_incoming_whatsapp_2023_arielcorte.json';
    const first = await post(fixture(name), { query: `?token=${SECRET}` });
    expect(first.json()).toEqual({ received: 1, new: 1 });
    const again = await post(fixture(name), { query: `?token=${SECRET}` });
    expect(again.json()).toEqual({ received: 1, new: 0 });
    const row = (await stored()).find((r) => r.event_key.startsWith('message_created:17547:'));
    expect(row).toMatchObject({
      event_type: 'message',
      payload: { from: '+5493510000000', text: 'hola', conversationId: '25', contactName: 'Ariel Corte' },
    });
  });

  it('does not open tenant B’s endpoint with tenant A’s secret', async () => {
    const other = await createTestTenant(testbed.database, 'Other clinic');
    expect((await connect(other, 'secret-of-the-other-clinic')).statusCode).toBe(201);
    const body = fixture('conversation_created_derived.json');
    const ts = nowSeconds();
    const headers = { 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': sign(body, ts) };
    expect((await post(body, { headers, tenantId: other.id })).statusCode).toBe(401);
    expect((await post(body, { query: `?token=${SECRET}`, tenantId: other.id })).statusCode).toBe(401);
    const count = await testbed.database.db
      .selectFrom('inbox_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses malformed JSON, wrong types and huge bodies, storing nothing', async () => {
    const before = (await stored()).length;
    const broken = await signed('{"event": "message_created", ', 'bad-1');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    const body = json('message_created_incoming_whatsapp_cloud_2023_douglara.json');
    const wrongId = await signed(JSON.stringify({ ...body, id: { nested: true } }), 'bad-2');
    expect(wrongId.statusCode).toBe(400);
    expect(wrongId.json().error.details.issues[0].field).toBe('id');
    const noConversation = await signed(JSON.stringify({ ...body, conversation: 'x' }), 'bad-3');
    expect(noConversation.statusCode).toBe(400);
    expect(noConversation.json().error.message).toContain('conversation');
    const noEvent = await signed(JSON.stringify({ id: 1 }), 'bad-4');
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json().error.message).toContain('event');
    const huge = await signed(JSON.stringify({ ...body, padding: 'x'.repeat(1_100_000) }), 'bad-5');
    expect(huge.statusCode).toBe(413);
    const other = await signed(JSON.stringify({ event: 'contact_updated', id: 9 }), 'bad-6');
    expect(other.json()).toMatchObject({ received: 0, new: 0 });
    expect((await stored()).length).toBe(before);
  });

  it('never fails and never stores anything for random JSON or random bytes, even correctly signed', async () => {
    const before = (await stored()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
          fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
          fc
            .record({
              event: fc.constantFrom('message_created', 'conversation_updated', 'conversation_created'),
              // never a usable id: these shapes are always invalid
              id: fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.jsonValue()), fc.object()),
              conversation: fc.jsonValue(),
              labels: fc.jsonValue(),
            })
            .map((value) => Buffer.from(JSON.stringify(value))),
        ),
        fc.uuid(),
        async (payload, delivery) => {
          const response = await signed(payload, delivery);
          expect([200, 400]).toContain(response.statusCode);
        },
      ),
      { numRuns: 150 },
    );
    expect((await stored()).length).toBe(before);
  });
});

describe('Chatwoot signature check (pure, the clock passed in)', () => {
  const raw = fixture(vector.body_file);
  const headers = Object.fromEntries(
    Object.entries(vector.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const at = (seconds: number) =>
    chatwootWebhook.verify({ raw, headers, query: {}, secret: SECRET, now: new Date(seconds * 1000) });

  it('accepts the vector within five minutes of its timestamp either way, and not beyond', () => {
    expect(at(1700000000)).toEqual({ ok: true });
    expect(at(1700000300)).toEqual({ ok: true });
    expect(at(1699999700)).toEqual({ ok: true });
    expect(at(1700000301)).toMatchObject({ ok: false, reason: expect.stringContaining('5 minutes') });
    expect(at(1699999699)).toMatchObject({ ok: false });
    const wrongSecret = chatwootWebhook.verify({
      raw,
      headers,
      query: {},
      secret: 'not_the_webhook_secret',
      now: new Date(1700000000 * 1000),
    });
    expect(wrongSecret).toEqual({ ok: false, reason: 'X-Chatwoot-Signature does not match' });
  });
});
