import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { sharedDir } from '../support/shared.ts';

/**
 * The WhatsApp Cloud API webhook: Meta's handshake, signature over the raw bytes, each event
 * stored once, status reports moving messages forward (settling one in doubt), inbound messages
 * opening the 24-hour window. Payloads are the real fixtures from shared/fixtures/whatsapp.
 */
const fixture = (name: string) => readFileSync(join(sharedDir(), 'fixtures/whatsapp', name));
const sign = (body: Buffer, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe.each(backends)('WhatsApp webhook on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  const url = () => `/webhooks/whatsapp/${testbed.tenant.id}`;
  const post = (body: Buffer, signature: string | undefined) =>
    testbed.app.inject({
      method: 'POST',
      url: url(),
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      payload: body,
    });
  const inboxCount = async () =>
    Number(
      (
        await testbed.database.db
          .selectFrom('inbox_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', testbed.tenant.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers the subscription handshake only with the sender’s verify token', async () => {
    const created = await api('POST', '/v1/senders', {
      channel: 'whatsapp',
      name: 'Main number',
      settings: { phoneNumberId: '106540352242922', apiBaseUrl: 'http://127.0.0.1:9' },
      secrets: { accessToken: 'EAAG-token', appSecret: 'test_app_secret', verifyToken: 'meu-token-secreto' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ok = await testbed.app.inject({
      method: 'GET',
      url: `${url()}?hub.mode=subscribe&hub.verify_token=meu-token-secreto&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await testbed.app.inject({
      method: 'GET',
      url: `${url()}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
    });
    expect(wrong.statusCode).toBe(403);
    const nobody = await testbed.app.inject({
      method: 'GET',
      url: '/webhooks/whatsapp/00000000-0000-4000-8000-000000000000?hub.mode=subscribe&hub.verify_token=x',
    });
    expect(nobody.statusCode).toBe(404);
  });

  it('refuses a delivery whose signature does not match, storing nothing', async () => {
    const body = fixture('inbound_text_meta_docs.json');
    expect((await post(body, undefined)).statusCode).toBe(401);
    expect((await post(body, sign(body, 'another_secret'))).statusCode).toBe(401);
    const tampered = Buffer.from(body.toString('utf8').replace('another color', 'a discount'));
    const vector = JSON.parse(fixture('signature_vector_x_hub_signature_256.json').toString('utf8'));
    expect((await post(tampered, vector.headers['X-Hub-Signature-256'])).statusCode).toBe(401);
    expect(await inboxCount()).toBe(0);
  });

  it('stores an inbound message once, however often Meta delivers it, and opens the service window', async () => {
    const body = fixture('inbound_text_meta_docs.json');
    const vector = JSON.parse(fixture('signature_vector_x_hub_signature_256.json').toString('utf8'));
    const first = await post(body, vector.headers['X-Hub-Signature-256']);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: 1, new: 1 });
    const again = await post(body, vector.headers['X-Hub-Signature-256']);
    expect(again.json()).toEqual({ received: 1, new: 0 });
    expect(await inboxCount()).toBe(1);
    const window = await testbed.database.db
      .selectFrom('inbound_contacts')
      .selectAll()
      .where('tenant_id', '=', testbed.tenant.id)
      .execute();
    expect(window).toHaveLength(1);
    expect(window[0]).toMatchObject({ channel: 'whatsapp', recipient: '+16505551234' });
  });

  it('moves a sent message to delivered, and settles one in doubt by the echoed key', async () => {
    const queued = await api('POST', '/v1/messages', {
      channel: 'whatsapp',
      to: '+5511987654321',
      text: 'Olá!',
      idempotencyKey: 'order-77',
    });
    expect(queued.statusCode, queued.body).toBe(201);
    // as the dispatcher leaves a WhatsApp message whose worker died mid-call: sending, no lease, in doubt
    await testbed.database.db
      .updateTable('messages')
      .set({ status: 'sending', reconcile_reason: 'worker lost during the provider call', attempts: 1 })
      .where('id', '=', queued.json().id)
      .execute();
    // the fixture, echoing our key as Meta does with biz_opaque_callback_data
    const sent = Buffer.from(
      fixture('status_sent_with_biz_opaque_callback_data_pywa.json')
        .toString('utf8')
        .replace('some data', 'order-77'),
    );
    expect((await post(sent, sign(sent, 'test_app_secret'))).statusCode).toBe(200);
    const settled = (await api('GET', `/v1/messages/${queued.json().id}`)).json();
    expect(settled).toMatchObject({ status: 'sent', inDoubt: false, providerMessageId: 'wamid.xyzxyz' });

    const delivered = fixture('status_delivered_pywa.json');
    expect((await post(delivered, sign(delivered, 'test_app_secret'))).statusCode).toBe(200);
    const after = (await api('GET', `/v1/messages/${queued.json().id}`)).json();
    expect(after.status).toBe('delivered');
    expect(after.events.at(-1)).toMatchObject({ from: 'sent', to: 'delivered', actor: 'webhook:whatsapp' });
  });

  it('answers malformed, mistyped and oversized deliveries with a 4xx, storing nothing', async () => {
    const before = await inboxCount();
    const send = (text: string) => post(Buffer.from(text), sign(Buffer.from(text), 'test_app_secret'));
    const notJson = await send('{"object": "whatsapp_business_account", "entry": [');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid_json');
    const wrongType = await send(JSON.stringify({ object: 'whatsapp_business_account', entry: 'nope' }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details.issues[0].field).toBe('body.entry');
    const notMeta = await send(JSON.stringify({ hello: 'world' }));
    expect(notMeta.json().error.details.issues[0].field).toBe('body.object');
    const huge = await send(
      JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(1_100_000) }),
    );
    expect(huge.statusCode).toBe(413);
    expect(await inboxCount()).toBe(before);
  });

  it('never fails and never stores anything for random payloads, even correctly signed', async () => {
    const before = await inboxCount();
    const junkMessage = fc.record({
      // never a usable message: no string id, or a sender that is not a phone number
      id: fc.oneof(fc.integer(), fc.constant(null), fc.object()),
      from: fc.jsonValue(),
      type: fc.jsonValue(),
      text: fc.jsonValue(),
    });
    const junkStatus = fc.record({ id: fc.oneof(fc.integer(), fc.constant(null)), status: fc.jsonValue() });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
          fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
          fc
            .record({
              object: fc.constant('whatsapp_business_account'),
              entry: fc.array(
                fc.record({
                  id: fc.jsonValue(),
                  changes: fc.oneof(
                    fc.jsonValue(),
                    fc.array(
                      fc.record({
                        field: fc.constant('messages'),
                        value: fc.record({ messages: fc.array(junkMessage), statuses: fc.array(junkStatus) }),
                      }),
                    ),
                  ),
                }),
              ),
            })
            .map((value) => Buffer.from(JSON.stringify(value))),
        ),
        async (payload) => {
          const response = await post(payload, sign(payload, 'test_app_secret'));
          expect([200, 400]).toContain(response.statusCode);
        },
      ),
      { numRuns: 150 },
    );
    expect(await inboxCount()).toBe(before);
  });
});
