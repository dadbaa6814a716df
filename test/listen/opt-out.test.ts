import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import { ingestCustomers } from '../../src/app/ingest/index.ts';
import { createListening, type Listening } from '../../src/app/listen/index.ts';
import { claimMessages, createSender, enqueueMessage } from '../../src/app/outbound/index.ts';
import { createReplyClassifier } from '../../src/app/replies/classifier.ts';
import { updateTenant } from '../../src/app/tenant-settings.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * DESIGN non-negotiable 2 through the real webhook: an opt-out in any of the four languages, on
 * WhatsApp, suppresses the customer as soon as the inbox has processed it — their queued messages
 * are withdrawn and the send loop's claim finds nothing for them. (How fast is measured in
 * bench/opt-out.ts, not asserted here.)
 */
const APP_SECRET = 'opt-out-app-secret';
const REPLIES = [
  ['pt', 'Por favor, não me mande mais mensagens'],
  ['ru', 'СТОП'],
  ['en', 'Unsubscribe me please'],
  ['es', 'BAJA'],
] as const;

describe.each(backends)('opting out by WhatsApp on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tenant: TestTenant;
  let listening: Listening;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    listening = createListening({ db: database.db, classifier: createReplyClassifier() });
    app = await buildApp({
      db: database.db,
      classifier: listening.classifier,
      dialog: listening.dialog,
      inbox: listening.inbox,
    });
    await app.ready();
    tenant = await createTestTenant(database, 'Opt-out salon');
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' };
    await updateTenant(database.db, tenant.id, { settings: { outreach: { window } } });
    await createSender(database.db, tenant.id, {
      channel: 'whatsapp',
      name: 'Main',
      settings: { phoneNumberId: '1', apiBaseUrl: 'http://127.0.0.1:9' },
      secrets: { accessToken: 't', appSecret: APP_SECRET },
    });
  });
  afterAll(async () => {
    await listening.close();
    await app.close();
    await database.dispose();
  });

  it.each(REPLIES)('in %s: "%s" stops everything queued and everything after', async (language, text) => {
    const phone = `+55119${String(10000000 + Math.floor(Math.random() * 89999999)).slice(0, 8)}`;
    const externalId = `opt-${language}`;
    expect((await ingestCustomers(database.db, tenant.id, [{ externalId, phone }])).rejected).toBe(0);
    const queued = await enqueueMessage(database.db, tenant.id, {
      channel: 'whatsapp',
      customerExternalId: externalId,
      kind: 'campaign',
      text: 'Novidades!',
    });
    expect(queued.message.status).toBe('queued');

    const body = Buffer.from(
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550000000', phone_number_id: '1' },
                  messages: [
                    {
                      from: phone.slice(1),
                      id: `wamid.${language}`,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: 'text',
                      text: { body: text },
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
    expect(response.statusCode).toBe(200);
    await listening.processor.idle();

    const state = await withTenant(database.db, tenant.id, async (trx) => ({
      customer: await trx
        .selectFrom('customers')
        .select(['id', 'opted_out_at'])
        .where('tenant_id', '=', tenant.id)
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow(),
      message: await trx
        .selectFrom('messages')
        .select('status')
        .where('tenant_id', '=', tenant.id)
        .where('id', '=', queued.message.id)
        .executeTakeFirstOrThrow(),
      reply: await trx
        .selectFrom('replies')
        .select(['label', 'action'])
        .where('tenant_id', '=', tenant.id)
        .where('sender', '=', phone)
        .executeTakeFirstOrThrow(),
    }));
    expect(state.customer.opted_out_at).not.toBeNull();
    expect(state.message.status).toBe('cancelled');
    expect(state.reply).toEqual({ label: 'opt_out', action: 'suppressed' });

    // anything queued afterwards is refused at once, and the claim hands out nothing for them
    const later = await enqueueMessage(database.db, tenant.id, {
      channel: 'whatsapp',
      customerExternalId: externalId,
      text: 'Oi de novo',
    });
    expect(later.message.status).toBe('skipped');
    const claimed = await claimMessages(database.db, { workerId: 'test', limit: 50, leaseMs: 60_000 });
    expect(
      claimed.filter(
        (c) =>
          c.message.customer.id === state.customer.id &&
          !c.message.idempotencyKey.startsWith('opt-out-confirmation:'),
      ),
    ).toEqual([]);
  });
});
