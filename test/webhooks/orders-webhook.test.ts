import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, setUpApiTests, type TestTenant } from '../support/app.ts';
import { backends } from '../support/database.ts';

/**
 * `/webhooks/orders/{tenantId}`, Rekindle's own signed format for orders and bookings from any
 * system: `X-Rekindle-Signature: sha256=HMAC(secret, "<X-Rekindle-Timestamp>.<body>")`, one event
 * or a batch, all-or-nothing validation in the canonical ingest shapes.
 */
const SECRET = 'orders-signing-key-of-the-salon';
const sign = (body: string | Buffer, ts: number, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

const order = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  type: 'order',
  customer: {
    externalId: 'yc-client-77',
    name: 'Ana Lima',
    phone: '+5511987654321',
    email: 'ana@example.com',
  },
  order: {
    externalId: 'yc-sale-9001',
    occurredAt: '2025-06-01T14:30:00-03:00',
    offering: 'Corte feminino',
    staff: 'Nurzad',
    amount: 120.5,
    ...overrides,
  },
});
const booking = (id: string) => ({
  id,
  type: 'booking',
  customer: { externalId: 'yc-client-77' },
  booking: {
    externalId: 'yc-record-596792980',
    startsAt: '2025-07-13T12:10:00+03:00',
    endsAt: '2025-07-13T12:35:00+03:00',
    offering: 'Стрижка детская',
    staff: 'Нурзад',
    amount: 4000,
    status: 'confirmed',
  },
});

describe.each(backends)('orders webhook on %s', (backend) => {
  const { testbed } = setUpApiTests(backend);
  const post = (body: string | Buffer, headers: Record<string, string> = {}, tenantId = testbed.tenant.id) =>
    testbed.app.inject({
      method: 'POST',
      url: `/webhooks/orders/${tenantId}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
  const signed = (value: unknown, ts = nowSeconds(), tenantId?: string) => {
    const body = typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
    return post(
      body,
      { 'x-rekindle-timestamp': String(ts), 'x-rekindle-signature': sign(body, ts) },
      tenantId,
    );
  };
  const stored = () =>
    testbed.database.db
      .selectFrom('inbox_events')
      .select(['provider', 'event_key', 'event_type', 'payload'])
      .where('tenant_id', '=', testbed.tenant.id)
      .orderBy('event_key')
      .execute();
  const connect = (tenant: TestTenant, secret: string) =>
    testbed.app.inject({
      method: 'PUT',
      url: '/v1/integrations/orders',
      headers: tenant.headers,
      payload: { secret },
    });

  beforeAll(async () => {
    expect((await connect(testbed.tenant, SECRET)).statusCode).toBe(201);
  });

  it('refuses missing, wrong, stale and other tenants’ signatures, storing nothing', async () => {
    const body = JSON.stringify(order('evt-1'));
    const ts = nowSeconds();
    const cases: Record<string, string>[] = [
      {},
      { 'x-rekindle-timestamp': String(ts) },
      { 'x-rekindle-signature': sign(body, ts) },
      { 'x-rekindle-timestamp': String(ts), 'x-rekindle-signature': sign(body, ts, 'another-key-1234') },
      { 'x-rekindle-timestamp': String(ts), 'x-rekindle-signature': sign(`${body} `, ts) },
      { 'x-rekindle-timestamp': String(ts + 1), 'x-rekindle-signature': sign(body, ts) },
      { 'x-rekindle-timestamp': String(ts - 301), 'x-rekindle-signature': sign(body, ts - 301) },
      { 'x-rekindle-timestamp': 'yesterday', 'x-rekindle-signature': sign(body, ts) },
      { 'x-rekindle-timestamp': String(ts), 'x-rekindle-signature': sign(body, ts).replace('sha256=', '') },
    ];
    for (const [i, headers] of cases.entries()) {
      const response = await post(body, headers);
      expect(response.statusCode, `case ${i}: ${response.body}`).toBe(401);
    }
    const other = await createTestTenant(testbed.database, 'Other shop');
    expect((await signed(order('evt-1'), nowSeconds(), other.id)).statusCode).toBe(401);
    expect((await connect(other, 'key-of-the-other-shop')).statusCode).toBe(201);
    expect((await signed(order('evt-1'), nowSeconds(), other.id)).statusCode).toBe(401);
    expect(
      (await signed(order('evt-1'), nowSeconds(), '00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect(await stored()).toEqual([]);
  });

  it('stores a single order and a batch once each, in the inbox’s provider-neutral shape', async () => {
    const single = await signed(order('evt-order-1'));
    expect(single.statusCode, single.body).toBe(200);
    expect(single.json()).toEqual({ received: 1, new: 1 });
    const batch = {
      events: [
        order('evt-order-1'),
        booking('evt-booking-1'),
        order('evt-cancel-1', { status: 'cancelled' }),
      ],
    };
    const first = await signed(batch);
    expect(first.json()).toEqual({ received: 3, new: 2 });
    expect((await signed(batch)).json()).toEqual({ received: 3, new: 0 });
    const rows = await stored();
    expect(rows.map((r) => [r.provider, r.event_key, r.event_type])).toEqual([
      ['orders', 'evt-booking-1', 'booking'],
      ['orders', 'evt-cancel-1', 'order'],
      ['orders', 'evt-order-1', 'order'],
    ]);
    expect(rows[2]!.payload).toEqual({
      type: 'order',
      source: 'orders',
      customer: {
        externalId: 'yc-client-77',
        name: 'Ana Lima',
        phone: '+5511987654321',
        email: 'ana@example.com',
      },
      activity: {
        externalId: 'yc-sale-9001',
        customerExternalId: 'yc-client-77',
        occurredAt: '2025-06-01T14:30:00-03:00',
        offering: 'Corte feminino',
        staff: 'Nurzad',
        amount: 120.5,
        kind: 'order',
      },
    });
    expect(rows[1]!.payload).toMatchObject({ activity: { externalId: 'yc-sale-9001', status: 'cancelled' } });
    expect(rows[0]!.payload).toEqual({
      type: 'booking',
      source: 'orders',
      customer: { externalId: 'yc-client-77' },
      booking: { ...booking('x').booking, customerExternalId: 'yc-client-77' },
    });
  });

  it('refuses a whole delivery when any event is invalid, naming every bad field', async () => {
    const before = (await stored()).length;
    const bad = {
      events: [
        order('evt-ok-2'),
        { ...order('evt-bad-1'), customer: { externalId: '', email: 'not-an-email' } },
        { ...booking('evt-bad-2'), booking: { startsAt: 'tomorrow' } },
        { id: 'evt-bad-3', type: 'refund' },
        order('evt-ok-2'),
      ],
    };
    const response = await signed(bad);
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'events.1.customer.externalId',
        'events.1.customer.email',
        'events.2.booking.startsAt',
        'events.3.type',
        'events.4.id',
      ]),
    );
    expect(fields.some((f: string) => f.startsWith('events.0'))).toBe(false);
    for (const body of [
      '{"events": [',
      '',
      '[]',
      '{"events": []}',
      '{"events": {}}',
      JSON.stringify({ events: Array.from({ length: 501 }, (_, i) => order(`evt-many-${i}`)) }),
      JSON.stringify({ ...order('evt-amount'), order: { ...order('x').order, amount: '120' } }),
    ]) {
      const refused = await signed(body);
      expect(refused.statusCode, body.slice(0, 50)).toBe(400);
    }
    const amount = await signed({ ...order('evt-amount'), order: { ...order('x').order, amount: '120' } });
    expect(amount.json().error.message).toContain('order.amount');
    const huge = await signed(
      JSON.stringify({
        events: Array.from({ length: 400 }, (_, i) => ({ ...order(`big-${i}`), pad: 'x'.repeat(3000) })),
      }),
    );
    expect(huge.statusCode).toBe(413);
    expect((await stored()).length).toBe(before);
  });

  it('verifies the bytes whatever the content type says', async () => {
    const body = JSON.stringify(order('evt-plain-1'));
    const ts = nowSeconds();
    const response = await post(body, {
      'content-type': 'text/plain',
      'x-rekindle-timestamp': String(ts),
      'x-rekindle-signature': sign(body, ts),
    });
    expect(response.json()).toEqual({ received: 1, new: 1 });
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
              id: fc.string(),
              type: fc.constantFrom('order', 'booking'),
              customer: fc.jsonValue(),
              order: fc.jsonValue(),
              booking: fc.jsonValue(),
            })
            .map((value) => Buffer.from(JSON.stringify({ events: [value] }))),
        ),
        async (payload) => {
          const response = await signed(payload);
          expect(response.statusCode).toBe(400);
        },
      ),
      { numRuns: 150 },
    );
    expect((await stored()).length).toBe(before);
  });
});
