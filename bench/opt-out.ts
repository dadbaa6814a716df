/**
 * How long an opt-out takes to stop sending (issue 6: "within one second"): from the moment the
 * WhatsApp webhook request starts to the moment the customer is suppressed and their queued
 * message is withdrawn, through the real HTTP route (Fastify inject), the inbox and the rules
 * classifier. Replies rotate through the four languages; each customer has one queued message.
 *
 *   node bench/opt-out.ts [--backend pglite|postgres|both] [--replies 200] [--concurrency 1]
 *
 * Prints one JSON line per backend: p50 / p95 / p99 / max milliseconds. --concurrency > 1 posts
 * that many webhooks at once (a burst of opt-outs after a campaign).
 */
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { withTenant } from '../src/adapters/db/kysely.ts';
import { ingestCustomers } from '../src/app/ingest/index.ts';
import { createListening } from '../src/app/listen/index.ts';
import { createSender, enqueueMessage } from '../src/app/outbound/index.ts';
import { createReplyClassifier } from '../src/app/replies/classifier.ts';
import { updateTenant } from '../src/app/tenant-settings.ts';
import { createTenant } from '../src/app/tenants.ts';
import { buildApp } from '../src/http/build-app.ts';
import { openBenchDatabase } from './bench-database.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    replies: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1' },
  },
});
const REPLIES = [
  'PARAR',
  'Não quero mais receber mensagens',
  'СТОП',
  'Отпишите меня',
  'STOP',
  'Unsubscribe',
  'BAJA',
  'No me escriban más',
];
const SECRET = 'bench-app-secret';

async function run(backend: 'pglite' | 'postgres') {
  const count = Number(values.replies);
  const concurrency = Math.max(1, Number(values.concurrency));
  const database = await openBenchDatabase(backend);
  const listening = createListening({ db: database.db, classifier: createReplyClassifier() });
  const app = await buildApp({
    db: database.db,
    classifier: listening.classifier,
    dialog: listening.dialog,
    inbox: listening.inbox,
  });
  await app.ready();
  const { tenant } = await createTenant(database.db, { name: 'Bench', timezone: 'UTC' });
  const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' };
  await updateTenant(database.db, tenant.id, {
    settings: { outreach: { window }, listening: { optOutConfirmation: { whatsapp: false } } },
  });
  await createSender(database.db, tenant.id, {
    channel: 'whatsapp',
    name: 'Main',
    settings: { phoneNumberId: '1', apiBaseUrl: 'http://127.0.0.1:9' },
    secrets: { accessToken: 't', appSecret: SECRET },
  });
  const phones = Array.from({ length: count }, (_, i) => `+5511${String(900000000 + i)}`);
  await ingestCustomers(
    database.db,
    tenant.id,
    phones.map((phone, i) => ({ externalId: `b${i}`, phone })),
  );
  for (let i = 0; i < count; i++) {
    await enqueueMessage(database.db, tenant.id, {
      channel: 'whatsapp',
      customerExternalId: `b${i}`,
      kind: 'campaign',
      text: 'Oi',
    });
  }

  const latencies: number[] = [];
  async function one(i: number) {
    const phone = phones[i]!;
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
                  metadata: { display_phone_number: '1', phone_number_id: '1' },
                  messages: [
                    {
                      from: phone.slice(1),
                      id: `wamid.b${i}`,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: 'text',
                      text: { body: REPLIES[i % REPLIES.length] },
                    },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: `/webhooks/whatsapp/${tenant.id}`,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      payload: body,
    });
    if (response.statusCode !== 200)
      throw new Error(`webhook answered ${response.statusCode}: ${response.body}`);
    for (;;) {
      const done = await withTenant(database.db, tenant.id, (trx) =>
        trx
          .selectFrom('customers as c')
          .innerJoin('messages as m', (j) =>
            j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.customer_id', '=', 'c.id'),
          )
          .select(['c.opted_out_at', 'm.status'])
          .where('c.tenant_id', '=', tenant.id)
          .where('c.phone', '=', phone)
          .executeTakeFirst(),
      );
      if (done?.opted_out_at && done.status === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
  }
  for (let i = 0; i < count; i += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, (_, k) => one(i + k)));
  }
  await listening.close();
  await app.close();
  await database.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  console.log(
    JSON.stringify({
      backend,
      replies: count,
      concurrency,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: at(1),
    }),
  );
}

const backends =
  values.backend === 'both' ? (['pglite', 'postgres'] as const) : [values.backend as 'pglite' | 'postgres'];
for (const backend of backends) await run(backend);
