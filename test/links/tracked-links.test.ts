import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import { recordClick, trackLinks } from '../../src/app/links/index.ts';
import { enqueueMessage } from '../../src/app/outbound/index.ts';
import { registerBearerAuth } from '../../src/http/auth.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { linkRoutes } from '../../src/http/routes/link-stats.ts';
import { addCustomer, addSender } from '../outbound/helpers.ts';
import { createTestTenant, pageThrough, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Tracked links end to end: a message queued with link tracking gets short links (written with
 * it), /r/{code} logs the click and redirects to the stored target, preview bots are logged but
 * not counted, codes resolve to their own tenant only, and /v1/links lists the clicks.
 */
const PUBLIC_URL = 'https://rk.example.com';
const WHATSAPP_PREVIEW = 'WhatsApp/2.23.20.0 A';
const PHONE_BROWSER =
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

describe.each(backends)('tracked links on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tenantA: TestTenant;
  let tenantB: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    app = await buildApp({ db: database.db, logger: false, publicUrl: PUBLIC_URL });
    // /v1/links is registered under /v1 in build-app.ts; until then the test mounts it the same way.
    if (!app.hasRoute({ method: 'GET', url: '/v1/links' })) {
      await app.register(
        async (v1) => {
          registerBearerAuth(v1, database.db);
          await v1.register(linkRoutes({ db: database.db } as Parameters<typeof linkRoutes>[0]));
        },
        { prefix: '/v1' },
      );
    }
    await app.ready();
    tenantA = await createTestTenant(database, 'Salão A');
    tenantB = await createTestTenant(database, 'Salão B');
    await addSender(database.db, tenantA.id, { channel: 'whatsapp' });
    await addSender(database.db, tenantB.id, { channel: 'whatsapp' });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const visit = (path: string, userAgent = PHONE_BROWSER) =>
    app.inject({ method: 'GET', url: path, headers: { 'user-agent': userAgent } });
  const linkRow = (code: string) =>
    database.db.selectFrom('tracked_links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const clickRows = (code: string) =>
    database.db.selectFrom('link_clicks').selectAll().where('code', '=', code).orderBy('at').execute();
  const codeIn = (path: string) => path.split('/r/')[1]!;

  async function attemptFor(tenantId: string, customerId: string): Promise<string> {
    const row = await database.db
      .insertInto('attempts')
      .values({ tenant_id: tenantId, customer_id: customerId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Queues a WhatsApp message to a new customer of `tenant` with the given text, tracked. */
  async function queueTracked(tenant: TestTenant, text: string, key?: string) {
    const customer = await addCustomer(database.db, tenant.id);
    const attemptId = await attemptFor(tenant.id, customer.id);
    const { message } = await enqueueMessage(database.db, tenant.id, {
      channel: 'whatsapp',
      kind: 'reactivation',
      customerId: customer.id,
      attemptId,
      text,
      ...(key ? { idempotencyKey: key } : {}),
      trackLinks: { publicUrl: PUBLIC_URL },
    });
    return { message, customerId: customer.id, attemptId };
  }

  it('swaps every address of a queued text for a short link written with the message', async () => {
    const text =
      'Oi Ana! Agende em https://salao.example.com/agenda?servico=corte (ou veja https://salao.example.com/precos). Até!';
    const { message, customerId, attemptId } = await queueTracked(tenantA, text);
    const shortLinks = message.text!.match(/https:\/\/rk\.example\.com\/r\/[A-Za-z0-9]{10}/g) ?? [];
    expect(shortLinks).toHaveLength(2);
    expect(message.text).toBe(`Oi Ana! Agende em ${shortLinks[0]} (ou veja ${shortLinks[1]}). Até!`);
    expect(message.text).not.toContain('salao.example.com');
    const links = message.metadata.links as { code: string; url: string; shortUrl: string }[];
    expect(links.map((l) => l.url)).toEqual([
      'https://salao.example.com/agenda?servico=corte',
      'https://salao.example.com/precos',
    ]);
    expect(links.map((l) => l.shortUrl)).toEqual(shortLinks);
    for (const link of links) {
      expect(await linkRow(link.code)).toMatchObject({
        tenant_id: tenantA.id,
        target_url: link.url,
        customer_id: customerId,
        attempt_id: attemptId,
        message_id: message.id,
        channel: 'whatsapp',
        clicks: 0,
        first_clicked_at: null,
      });
    }
    const stored = await database.db
      .selectFrom('messages')
      .select(['body', 'metadata'])
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe(message.text);
    expect(stored.metadata).toMatchObject({ links });
  });

  it('makes no second set of links when the same key is queued again, and still refuses other text', async () => {
    const customer = await addCustomer(database.db, tenantA.id);
    const input = {
      channel: 'whatsapp' as const,
      customerId: customer.id,
      text: 'Volte! https://salao.example.com/volta',
      idempotencyKey: 'tracked-once',
      trackLinks: { publicUrl: PUBLIC_URL },
    };
    const first = await enqueueMessage(database.db, tenantA.id, input);
    const again = await enqueueMessage(database.db, tenantA.id, input);
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(first.message.id);
    expect(again.message.text).toBe(first.message.text);
    const rows = await database.db
      .selectFrom('tracked_links')
      .select('code')
      .where('message_id', '=', first.message.id)
      .execute();
    expect(rows).toHaveLength(1);
    await expect(
      enqueueMessage(database.db, tenantA.id, { ...input, text: 'Volte! https://salao.example.com/outra' }),
    ).rejects.toMatchObject({ code: 'conflict', details: { fields: ['text'] } });
  });

  it("leaves the text and template alone without tracking, and gives a template's address the text's code", async () => {
    const customer = await addCustomer(database.db, tenantA.id);
    const plain = await enqueueMessage(database.db, tenantA.id, {
      channel: 'whatsapp',
      customerId: customer.id,
      text: 'Sem rastreio: https://salao.example.com/x',
    });
    expect(plain.message.text).toBe('Sem rastreio: https://salao.example.com/x');
    expect(plain.message.metadata).toEqual({});
    const input = {
      channel: 'whatsapp',
      customerId: customer.id,
      text: 'Veja https://salao.example.com/y',
      template: {
        name: 'volte',
        language: 'pt_BR',
        bodyParams: ['Ana', 'https://salao.example.com/y', 'ou https://salao.example.com/z'],
      },
      idempotencyKey: 'template-links',
      trackLinks: { publicUrl: PUBLIC_URL },
    } as const;
    const withTemplate = await enqueueMessage(database.db, tenantA.id, input);
    expect(withTemplate.message.text).toMatch(/^Veja https:\/\/rk\.example\.com\/r\/[A-Za-z0-9]{10}$/);
    const short = withTemplate.message.text?.slice('Veja '.length);
    const [name, same, other] = withTemplate.message.template?.bodyParams ?? [];
    expect(name).toBe('Ana');
    expect(same).toBe(short);
    expect(other).toMatch(/^ou https:\/\/rk\.example\.com\/r\/[A-Za-z0-9]{10}$/);
    expect(other).not.toBe(`ou ${short}`);
    const tracked = await database.db
      .selectFrom('tracked_links')
      .select(['code', 'target_url'])
      .where('message_id', 'in', [plain.message.id, withTemplate.message.id])
      .orderBy('target_url')
      .execute();
    expect(tracked.map((t) => t.target_url)).toEqual([
      'https://salao.example.com/y',
      'https://salao.example.com/z',
    ]);
    // the same request again is the same message: its template compared as it was given
    const again = await enqueueMessage(database.db, tenantA.id, input);
    expect(again).toMatchObject({ created: false, message: { id: withTemplate.message.id } });
  });

  it('tracks nothing for a customer who opted out, and refuses a text the short links push over the limit', async () => {
    const optedOut = await addCustomer(database.db, tenantA.id, { optedOut: true });
    const skipped = await enqueueMessage(database.db, tenantA.id, {
      channel: 'whatsapp',
      customerId: optedOut.id,
      text: 'https://salao.example.com/nunca',
      trackLinks: { publicUrl: PUBLIC_URL },
    });
    expect(skipped.message).toMatchObject({ status: 'skipped', text: 'https://salao.example.com/nunca' });
    const customer = await addCustomer(database.db, tenantA.id);
    // 4,096 characters on WhatsApp: an 11-character address becomes a 35-character short link.
    const text = `${'a'.repeat(4096 - 12)} http://a.co`;
    await expect(
      enqueueMessage(database.db, tenantA.id, {
        channel: 'whatsapp',
        customerId: customer.id,
        text,
        idempotencyKey: 'too-long-once-tracked',
        trackLinks: { publicUrl: PUBLIC_URL },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', message: expect.stringContaining('text') });
    // Nothing of it stays: neither the message nor a link.
    const messages = await database.db
      .selectFrom('messages')
      .select('id')
      .where('idempotency_key', '=', 'too-long-once-tracked')
      .execute();
    expect(messages).toEqual([]);
    const links = await database.db
      .selectFrom('tracked_links')
      .select('code')
      .where('target_url', 'in', ['http://a.co', 'https://salao.example.com/nunca'])
      .execute();
    expect(links).toEqual([]);
  });

  it('redirects /r/{code} to the stored target and counts the click', async () => {
    const { message } = await queueTracked(tenantA, 'Agende: https://salao.example.com/agenda?x=1&y=2');
    const [link] = message.metadata.links as { code: string; url: string }[];
    const res = await visit(`/r/${link!.code}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://salao.example.com/agenda?x=1&y=2');
    expect(res.headers['cache-control']).toContain('no-store');
    const row = await linkRow(link!.code);
    expect(row.clicks).toBe(1);
    expect(row.first_clicked_at).toBeInstanceOf(Date);
    const firstClick = row.first_clicked_at!;
    const second = await visit(`/r/${link!.code}`);
    expect(second.statusCode).toBe(302);
    const after = await linkRow(link!.code);
    expect(after.clicks).toBe(2);
    expect(after.first_clicked_at).toEqual(firstClick);
    const clicks = await clickRows(link!.code);
    expect(clicks).toHaveLength(2);
    expect(clicks[0]).toMatchObject({
      tenant_id: tenantA.id,
      customer_id: row.customer_id,
      attempt_id: row.attempt_id,
      user_agent: PHONE_BROWSER,
      is_preview: false,
    });
  });

  it('logs a WhatsApp preview fetch without counting it', async () => {
    const { message } = await queueTracked(tenantA, 'https://salao.example.com/preview');
    const [link] = message.metadata.links as { code: string; url: string }[];
    const res = await visit(`/r/${link!.code}`, WHATSAPP_PREVIEW);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://salao.example.com/preview');
    expect(await linkRow(link!.code)).toMatchObject({ clicks: 0, first_clicked_at: null });
    expect(await clickRows(link!.code)).toMatchObject([{ is_preview: true, user_agent: WHATSAPP_PREVIEW }]);
    // HEAD (link checkers) redirects too and records nothing.
    const head = await app.inject({ method: 'HEAD', url: `/r/${link!.code}` });
    expect(head.statusCode).toBe(302);
    expect(await clickRows(link!.code)).toHaveLength(1);
  });

  it('answers an unknown or malformed code with a 404 page', async () => {
    for (const path of ['/r/ZZZZZZZZZZ', '/r/abc', '/r/not%20a%20code', `/r/${'a'.repeat(40)}`]) {
      const res = await visit(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Link not found');
      expect(res.headers.location).toBeUndefined();
    }
    expect((await app.inject({ method: 'HEAD', url: '/r/ZZZZZZZZZZ' })).statusCode).toBe(404);
  });

  it('resolves a code to its own tenant only, and lists each tenant its own links', async () => {
    const a = await queueTracked(tenantA, 'A: https://a.example.com/only-a');
    const b = await queueTracked(tenantB, 'B: https://b.example.com/only-b');
    const [linkA] = a.message.metadata.links as { code: string }[];
    const [linkB] = b.message.metadata.links as { code: string }[];
    const clickA = await recordClick(database.db, linkA!.code, PHONE_BROWSER);
    expect(clickA).toEqual({
      tenantId: tenantA.id,
      customerId: a.customerId,
      attemptId: a.attemptId,
      target: 'https://a.example.com/only-a',
      counted: true,
    });
    expect(await recordClick(database.db, linkB!.code, WHATSAPP_PREVIEW)).toMatchObject({
      tenantId: tenantB.id,
      counted: false,
    });
    // Row-level security: inside tenant B's scope, tenant A's link and click do not exist.
    const seenByB = await withTenant(database.db, tenantB.id, (trx) =>
      trx.selectFrom('tracked_links').select('code').where('code', '=', linkA!.code).execute(),
    );
    expect(seenByB).toEqual([]);

    const listA = await pageThrough<{ code: string }>(
      (method, url) => app.inject({ method, url, headers: tenantA.headers }),
      '/v1/links?limit=2',
    );
    const listB = await pageThrough<{ code: string }>(
      (method, url) => app.inject({ method, url, headers: tenantB.headers }),
      '/v1/links',
    );
    expect(listA.items.map((l) => l.code)).toContain(linkA!.code);
    expect(listA.items.map((l) => l.code)).not.toContain(linkB!.code);
    expect(listB.items.map((l) => l.code)).toEqual([linkB!.code]);
  });

  it('lists links with their clicks, filtered and paged', async () => {
    const first = await queueTracked(
      tenantA,
      'https://salao.example.com/one e https://salao.example.com/two',
    );
    const [one, two] = first.message.metadata.links as { code: string; url: string }[];
    await visit(`/r/${one!.code}`);
    await visit(`/r/${one!.code}`, 'curl/8.5.0');
    await visit(`/r/${one!.code}`, 'TelegramBot (like TwitterBot)');
    const list = (path: string) => app.inject({ method: 'GET', url: path, headers: tenantA.headers });

    const byMessage = await list(`/v1/links?messageId=${first.message.id}`);
    expect(byMessage.statusCode, byMessage.body).toBe(200);
    // Links written together share created_at; the list orders them by code after it.
    const items = byMessage.json().items as Record<string, unknown>[];
    expect(items.map((l) => l.code)).toEqual([one!.code, two!.code].sort());
    const byCode = (code: string) => items.find((l) => l.code === code);
    expect(byCode(one!.code)).toMatchObject({
      code: one!.code,
      path: `/r/${one!.code}`,
      targetUrl: 'https://salao.example.com/one',
      customerId: first.customerId,
      attemptId: first.attemptId,
      messageId: first.message.id,
      channel: 'whatsapp',
      clicks: 2,
      previews: 1,
    });
    expect(byCode(one!.code)?.firstClickedAt).toEqual(expect.any(String));
    expect(byCode(one!.code)?.lastClickedAt).toEqual(expect.any(String));
    expect(byCode(two!.code)).toMatchObject({
      clicks: 0,
      previews: 0,
      firstClickedAt: null,
      lastClickedAt: null,
    });

    const byAttempt = (await list(`/v1/links?attemptId=${first.attemptId}&clicked=true`)).json();
    expect(byAttempt.items.map((l: { code: string }) => l.code)).toEqual([one!.code]);
    const byCustomer = (await list(`/v1/links?customerId=${first.customerId}&clicked=false`)).json();
    expect(byCustomer.items.map((l: { code: string }) => l.code)).toEqual([two!.code]);

    const paged = await pageThrough<{ code: string }>(
      (method, url) => app.inject({ method, url, headers: tenantA.headers }),
      '/v1/links?limit=1',
    );
    const all = (await list('/v1/links?limit=500')).json().items.map((l: { code: string }) => l.code);
    expect(paged.items.map((l) => l.code)).toEqual(all);
    expect(paged.pages).toBe(all.length);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses bad list filters by name, and needs an API key', async () => {
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/links?customerId=nope',
      headers: tenantA.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('customerId');
    const badCursor = await app.inject({
      method: 'GET',
      url: '/v1/links?cursor=xyz',
      headers: tenantA.headers,
    });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.message).toContain('cursor');
    expect((await app.inject({ method: 'GET', url: '/v1/links' })).statusCode).toBe(401);
  });

  it('keeps codes already tracked and shares one code for an address written twice', async () => {
    const { tracked } = await withTenant(database.db, tenantA.id, async (trx) => {
      const once = await trackLinks(trx, tenantA.id, 'x https://a.example.com/p y https://a.example.com/p', {
        publicUrl: `${PUBLIC_URL}/`,
      });
      const twice = await trackLinks(trx, tenantA.id, once.text, { publicUrl: PUBLIC_URL });
      return { tracked: { once, twice } };
    });
    expect(tracked.once.links).toHaveLength(1);
    const short = tracked.once.links[0]!.shortUrl;
    expect(short).toMatch(/^https:\/\/rk\.example\.com\/r\/[A-Za-z0-9]{10}$/);
    expect(tracked.once.text).toBe(`x ${short} y ${short}`);
    expect(tracked.twice).toEqual({ text: tracked.once.text, links: [] });
    expect(codeIn(short)).toHaveLength(10);
  });
});
