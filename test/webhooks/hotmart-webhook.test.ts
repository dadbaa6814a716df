import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hotmartWebhook } from '../../src/adapters/webhooks/hotmart.ts';
import type { InboundEvent } from '../../src/domain/inbound/events.ts';
import { createTestTenant, setUpApiTests, type TestTenant } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { sharedDir } from '../support/shared.ts';

/**
 * `/webhooks/hotmart/{tenantId}` replayed with every Hotmart fixture (shared/fixtures/hotmart):
 * the hottok checked before anything is stored, each delivery stored once under its envelope id,
 * every event either mapped or deliberately ignored, bad payloads refused with nothing stored.
 */
const DIR = join(sharedDir(), 'fixtures/hotmart');
const fixture = (name: string) => readFileSync(join(DIR, name));
const json = (name: string) => JSON.parse(fixture(name).toString('utf8'));

/** What each delivery becomes: stored as this event type (`test`: only with acceptTestEvents), or ignored. */
const EXPECTED: Record<string, { type: InboundEvent['type']; test?: true } | 'ignored'> = {
  'club_first_access_real_anon.json': { type: 'course_access' },
  'club_first_access_test_payload.json': { type: 'course_access', test: true },
  'club_module_completed_real_anon.json': { type: 'course_access' },
  'club_module_completed_test_payload.json': { type: 'course_access', test: true },
  'purchase_approved_real_anon.json': { type: 'order' },
  'purchase_approved_test_payload.json': { type: 'order', test: true },
  'purchase_billet_printed_test_payload.json': 'ignored',
  'purchase_canceled_card_refused_real_anon.json': { type: 'order' },
  'purchase_canceled_test_payload.json': { type: 'order', test: true },
  'purchase_chargeback_real_anon.json': { type: 'order' },
  'purchase_chargeback_test_payload.json': { type: 'order', test: true },
  'purchase_complete_real_anon.json': { type: 'order' },
  'purchase_complete_test_payload.json': { type: 'order', test: true },
  'purchase_delayed_test_payload.json': 'ignored',
  'purchase_expired_test_payload.json': 'ignored',
  'purchase_out_of_shopping_cart_test_payload.json': 'ignored',
  'purchase_protest_test_payload.json': 'ignored',
  'purchase_refunded_real_anon.json': { type: 'order' },
  'purchase_refunded_test_payload.json': { type: 'order', test: true },
  // Hotmart's test button for this event names a real-looking product (788921), so it is stored
  'subscription_cancellation_real_anon.json': { type: 'subscription_cancelled' },
  'subscription_cancellation_test_payload.json': { type: 'subscription_cancelled' },
  'switch_plan_test_payload.json': 'ignored',
  'update_subscription_charge_date_test_payload.json': 'ignored',
};
const DELIVERIES = Object.keys(EXPECTED);
const SECRET = 'hottok-of-the-salon-account-0001';

describe.each(backends)('Hotmart webhook on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  const url = (tenantId = testbed.tenant.id) => `/webhooks/hotmart/${tenantId}`;
  const post = (body: Buffer | string, hottok: string | undefined, tenantId?: string) =>
    testbed.app.inject({
      method: 'POST',
      url: url(tenantId),
      headers: {
        'content-type': 'application/json',
        ...(hottok !== undefined ? { 'x-hotmart-hottok': hottok } : {}),
      },
      payload: body,
    });
  const stored = () =>
    testbed.database.db
      .selectFrom('inbox_events')
      .select(['provider', 'event_key', 'event_type', 'payload', 'headers'])
      .where('tenant_id', '=', testbed.tenant.id)
      .orderBy('event_key')
      .execute();

  const connect = (tenant: TestTenant, payload: object) =>
    testbed.app.inject({ method: 'PUT', url: '/v1/integrations/hotmart', headers: tenant.headers, payload });

  beforeAll(async () => {
    const put = await connect(testbed.tenant, { secret: SECRET });
    expect(put.statusCode, put.body).toBe(201);
  });

  it('has an expectation for every Hotmart fixture', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'headers_example.json');
    expect(DELIVERIES.sort()).toEqual(files.sort());
  });

  it('refuses a missing or wrong hottok, an unknown tenant and a tenant without the integration', async () => {
    const body = fixture('purchase_approved_real_anon.json');
    expect((await post(body, undefined)).statusCode).toBe(401);
    expect((await post(body, 'not-the-hottok')).statusCode).toBe(401);
    expect((await post(body, `${SECRET}x`)).statusCode).toBe(401);
    const wrong = await post(body, SECRET.slice(0, -1));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthorized');
    expect((await post(body, SECRET, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await post(body, SECRET, 'not-a-uuid')).statusCode).toBe(404);
    const other = await createTestTenant(testbed.database, 'Other school');
    const none = await post(body, SECRET, other.id);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toContain('no hotmart integration');
    // the other tenant's own hottok opens its endpoint, and not this one; this tenant's does not open it
    const put = await connect(other, { secret: 'hottok-of-the-other-account' });
    expect(put.statusCode).toBe(201);
    expect((await post(body, SECRET, other.id)).statusCode).toBe(401);
    expect((await post(body, 'hottok-of-the-other-account')).statusCode).toBe(401);
    expect(await stored()).toEqual([]);
    const get = await testbed.app.inject({ method: 'GET', url: url() });
    expect(get.statusCode).toBe(404);
  });

  it('stores every real delivery once, maps it, and ignores test payloads and unused events', async () => {
    for (const name of DELIVERIES) {
      const expected = EXPECTED[name]!;
      const response = await post(fixture(name), SECRET);
      expect(response.statusCode, `${name}: ${response.body}`).toBe(200);
      if (expected === 'ignored' || expected.test) {
        expect(response.json(), name).toMatchObject({ received: 0, new: 0 });
        expect(response.json().note, name).toContain(json(name).event);
      } else {
        expect(response.json(), name).toEqual({ received: 1, new: 1 });
      }
    }
    for (const name of DELIVERIES) {
      const again = await post(fixture(name), SECRET);
      expect(again.json().new, name).toBe(0);
    }
    const rows = await stored();
    const real = DELIVERIES.filter(
      (n) => EXPECTED[n] !== 'ignored' && !(EXPECTED[n] as { test?: true }).test,
    );
    expect(rows).toHaveLength(real.length);
    for (const name of real) {
      const body = json(name);
      const row = rows.find((r) => r.event_key === body.id);
      const parsed = hotmartWebhook.parse({ body, headers: {}, settings: {}, now: new Date() });
      if (parsed.kind !== 'events') throw new Error(`${name} did not parse`);
      expect(row, name).toMatchObject({
        provider: 'hotmart',
        event_type: (EXPECTED[name] as { type: string }).type,
        payload: parsed.events[0]!.event,
      });
      // the hottok is the secret: never kept with the event
      expect(JSON.stringify(row?.headers)).not.toContain(SECRET);
    }
    const integrations = (await api('GET', '/v1/integrations')).json().items;
    expect(integrations[0].lastEventAt).not.toBeNull();
  });

  it('maps a purchase, its refund and its cancellation onto the same order', async () => {
    const events = Object.fromEntries(
      [
        'purchase_approved_real_anon.json',
        'purchase_refunded_real_anon.json',
        'purchase_chargeback_real_anon.json',
      ].map((name) => {
        const parsed = hotmartWebhook.parse({ body: json(name), headers: {}, settings: {}, now: new Date() });
        if (parsed.kind !== 'events') throw new Error(name);
        return [name, parsed.events[0]!.event];
      }),
    );
    expect(events['purchase_approved_real_anon.json']).toEqual({
      type: 'order',
      source: 'hotmart',
      customer: {
        externalId: 'user_78903a16@example.com',
        email: 'user_78903a16@example.com',
        name: 'Maria Rodrigues',
        locale: 'pt-BR',
      },
      activity: {
        externalId: 'hotmart:HP0967750879',
        customerExternalId: 'user_78903a16@example.com',
        occurredAt: new Date(1745952627000).toISOString(),
        offering: 'Julia Santos',
        amount: 1497,
        status: 'completed',
        kind: 'purchase',
      },
      reason: 'approved',
    });
    expect(events['purchase_refunded_real_anon.json']).toMatchObject({
      activity: { externalId: 'hotmart:HP1212266242', status: 'cancelled', amount: 997 },
      reason: 'refunded',
    });
    expect(events['purchase_chargeback_real_anon.json']).toMatchObject({
      activity: { status: 'cancelled' },
      reason: 'chargeback',
    });
  });

  it('stores the test payloads once the integration accepts them', async () => {
    const put = await connect(testbed.tenant, { secret: SECRET, settings: { acceptTestEvents: true } });
    expect(put.statusCode, put.body).toBe(200);
    const tests = DELIVERIES.filter((n) => (EXPECTED[n] as { test?: true }).test);
    for (const name of tests) {
      const response = await post(fixture(name), SECRET);
      expect(response.json(), name).toEqual({ received: 1, new: 1 });
    }
    const row = (await stored()).find(
      (r) => r.event_key === json('club_module_completed_test_payload.json').id,
    );
    expect(row?.payload).toMatchObject({
      type: 'course_access',
      kind: 'module_completed',
      offering: { externalId: 'hotmart:00000', name: 'Produto test postback2' },
      module: { externalId: 'hotmart:module:hash123', name: 'Mudule test name' },
      activity: { kind: 'module_completion', offering: 'Mudule test name' },
      at: new Date(1763247745900).toISOString(),
    });
    const first = (await stored()).find(
      (r) => r.event_key === json('club_first_access_test_payload.json').id,
    );
    // CLUB_FIRST_ACCESS spells its date creationDate
    expect(first?.payload).toMatchObject({
      kind: 'first_access',
      activity: { kind: 'lesson', externalId: 'hotmart:first-access:0:teste@hotmart.com.br' },
      at: new Date(1763247745996).toISOString(),
    });
  });

  it('reads the hottok from the body of old deliveries, only when the header is absent', async () => {
    const body = { ...json('purchase_complete_real_anon.json'), id: 'old-delivery-1', hottok: SECRET };
    const withWrongHeader = await post(JSON.stringify(body), 'wrong-hottok-value');
    expect(withWrongHeader.statusCode).toBe(401);
    const inBody = await post(JSON.stringify(body), undefined);
    expect(inBody.json()).toEqual({ received: 1, new: 1 });
    const wrongInBody = await post(
      JSON.stringify({ ...body, id: 'old-delivery-2', hottok: 'nope-nope' }),
      undefined,
    );
    expect(wrongInBody.statusCode).toBe(401);
  });

  it('refuses malformed JSON, wrong types and huge bodies, storing nothing', async () => {
    const before = (await stored()).length;
    const broken = await post('{"id": "x", "event": ', SECRET);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    const body = json('purchase_approved_real_anon.json');
    body.id = 'wrong-types-1';
    body.data.purchase.price.value = '1497';
    const wrongType = await post(JSON.stringify(body), SECRET);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toContain('data.purchase.price.value');
    const noBuyer = { ...body, id: 'wrong-types-2', data: { ...body.data, buyer: { name: 'x' } } };
    const missing = await post(JSON.stringify(noBuyer), SECRET);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.issues[0].field).toBe('data.buyer.email');
    const notObject = await post('[1, 2, 3]', SECRET);
    expect(notObject.statusCode).toBe(400);
    const huge = await post(JSON.stringify({ ...body, id: 'huge', padding: 'x'.repeat(1_200_000) }), SECRET);
    expect(huge.statusCode).toBe(413);
    expect((await stored()).length).toBe(before);
  });

  it('never fails and never stores anything for random JSON or random bytes, even correctly authenticated', async () => {
    const before = (await stored()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
          fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
          fc
            .record({
              id: fc.string(),
              event: fc.constantFrom(...Object.keys(EXPECTED_EVENTS)),
              data: fc.jsonValue(),
            })
            .map((value) => JSON.stringify(value)),
        ),
        async (payload) => {
          const response = await post(payload, SECRET);
          expect(response.statusCode).toBeLessThan(500);
          expect([200, 400]).toContain(response.statusCode);
        },
      ),
      { numRuns: 150 },
    );
    expect((await stored()).length).toBe(before);
  });
});

/** Every event name the fixtures use, for payloads with a real event name around random data. */
const EXPECTED_EVENTS = Object.fromEntries(
  DELIVERIES.map((name) => [JSON.parse(readFileSync(join(DIR, name), 'utf8')).event as string, true]),
);

describe('Hotmart buyer phones (pure)', () => {
  const phoneOf = (code: string, phone: string, iso = 'BR') => {
    const body = JSON.parse(readFileSync(join(DIR, 'purchase_approved_real_anon.json'), 'utf8'));
    body.data.buyer.checkout_phone_code = code;
    body.data.buyer.checkout_phone = phone;
    body.data.purchase.checkout_country.iso = iso;
    const parsed = hotmartWebhook.parse({ body, headers: {}, settings: {}, now: new Date() });
    if (parsed.kind !== 'events' || parsed.events[0]!.event.type !== 'order') throw new Error('not an order');
    return parsed.events[0]!.event.customer.phone;
  };

  it('reads an area code or a country code, and leaves out what is not a phone', () => {
    expect(phoneOf('11', '987654321')).toBe('+5511987654321');
    expect(phoneOf('55', '11987654321')).toBe('+5511987654321');
    expect(phoneOf('', '+55 11 98765-4321')).toBe('+5511987654321');
    expect(phoneOf('351', '912345678', 'PT')).toBe('+351912345678');
    // the anonymised captures' hex-mangled digits, and junk
    expect(phoneOf('+55 11 94ab8-4ed8', '+55 11 99344-078a')).toBeUndefined();
    expect(phoneOf('1', '2')).toBeUndefined();
  });
});
