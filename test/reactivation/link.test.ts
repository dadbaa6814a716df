import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/adapters/channels/index.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { type RunningDispatcher, startDispatcher } from '../../src/workers/dispatcher.ts';
import { type StandIn, startStandIn } from '../channels/support.ts';
import { type Api, apiAs, createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { loadDemoThroughApi } from '../support/demo.ts';
import { until } from '../support/until.ts';

/**
 * The tenant's own page in every reactivation message (`reactivation.link`): Rekindle adds it,
 * not the model, and with PUBLIC_URL set the customer gets a tracked short link tied to the
 * attempt, so a click is a touch for the attribution and can be counted.
 */
const PUBLIC_URL = 'https://rk.example.com';
const BOOKING = 'https://studiobella.example/agendar?via=rekindle';

interface TemplateCall {
  to: string;
  type: string;
  template?: { name: string; components: { type: string; parameters: { type: string; text: string }[] }[] };
}

describe.each(backends)('the reactivation link on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let plainApp: FastifyInstance;
  let tenant: TestTenant;
  let api: Api;
  let whatsapp: StandIn;
  let dispatcher: RunningDispatcher;
  let suggestions: string[] = [];
  let offeringOf = new Map<string, string | null>();
  let wamid = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    app = await buildApp({ db: database.db, logger: false, publicUrl: PUBLIC_URL });
    await app.ready();
    // the same database served without PUBLIC_URL: nothing to build short links on
    plainApp = await buildApp({ db: database.db, logger: false });
    await plainApp.ready();
    tenant = await createTestTenant(database, 'Studio Bella', 'pt-BR');
    api = apiAs(app, tenant);
    whatsapp = await startStandIn(() => ({
      status: 200,
      body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.LINK${++wamid}` }] },
    }));
    await loadDemoThroughApi(api, { customers: 120, seed: 21, now: new Date('2025-06-15T15:00:00Z') });
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' };
    const settings = await api('PATCH', '/v1/tenant', {
      settings: {
        outreach: { window },
        reactivation: {
          link: BOOKING,
          whatsappTemplate: { name: 'reactivation_v1', language: 'pt_BR', params: ['firstName', 'text'] },
        },
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const sender = await api('POST', '/v1/senders', {
      channel: 'whatsapp',
      name: 'Salon number',
      settings: { phoneNumberId: '106540352242922', apiBaseUrl: whatsapp.url },
      secrets: { accessToken: 'EAAG-test', appSecret: 'link-app-secret', verifyToken: 'verify-me' },
    });
    expect(sender.statusCode, sender.body).toBe(201);
    const plan = await api('POST', '/v1/reactivation/plan', { asOf: '2025-06-15T15:00:00Z', limit: 30 });
    expect(plan.statusCode, plan.body).toBe(200);
    const planned = plan.json().attempts as {
      id: string;
      status: string;
      channel: string | null;
      offering: { id: string } | null;
    }[];
    const eligible = planned.filter((a) => a.status === 'SUGGESTED' && a.channel === 'whatsapp');
    suggestions = eligible.map((a) => a.id);
    offeringOf = new Map(eligible.map((a) => [a.id, a.offering?.id ?? null]));
    expect(suggestions.length).toBeGreaterThanOrEqual(5);
    dispatcher = startDispatcher({
      db: database.db,
      registry: createChannelRegistry(),
      logger: pino({ level: 'silent' }),
      idleDelayMs: 50,
    });
  }, 240_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await app?.close();
    await plainApp?.close();
    await whatsapp?.close();
    await database?.dispose();
  });

  async function queuedFor(attemptId: string) {
    const items = (await api('GET', `/v1/messages?attemptId=${attemptId}`)).json().items;
    expect(items).toHaveLength(1);
    return items[0] as {
      id: string;
      text: string;
      template: { bodyParams: string[] } | null;
      status: string;
    };
  }

  it('follows the text as a tracked short link that redirects to the page and counts the click', {
    timeout: 60_000,
  }, async () => {
    const id = suggestions[0]!;
    const approved = await api('POST', `/v1/reactivation/inbox/${id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const written = approved.json().message.text as string;
    // the attempt keeps the text as written; the message carries the link after it
    expect(written).not.toContain('http');
    const message = await queuedFor(id);
    const short = new RegExp(
      `^${written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${PUBLIC_URL}/r/([0-9A-Za-z]+)$`,
    );
    const code = short.exec(message.text)?.[1];
    expect(code, message.text).toBeDefined();
    // the WhatsApp template's text parameter is what the customer reads: the same short link
    expect(message.template?.bodyParams[1]).toBe(message.text);

    const sent = await until('the message sent', async () => {
      const call = whatsapp.requests.find((r) => (r.json() as TemplateCall).template)?.json() as
        | TemplateCall
        | undefined;
      return call;
    });
    expect(JSON.stringify(sent.template)).toContain(`${PUBLIC_URL}/r/${code}`);
    expect(JSON.stringify(sent.template)).not.toContain('studiobella.example');

    const links = (await api('GET', `/v1/links?attemptId=${id}`)).json().items;
    expect(links).toEqual([
      expect.objectContaining({ code, targetUrl: BOOKING, attemptId: id, messageId: message.id, clicks: 0 }),
    ]);
    // a link preview (WhatsApp fetching the page for its card) is not a click; the customer is
    const preview = await app.inject({
      method: 'GET',
      url: `/r/${code}`,
      headers: { 'user-agent': 'WhatsApp/2.23.20.0 A' },
    });
    expect(preview.statusCode).toBe(302);
    const click = await app.inject({
      method: 'GET',
      url: `/r/${code}`,
      headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile' },
    });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe(BOOKING);
    expect((await api('GET', `/v1/links?attemptId=${id}`)).json().items[0]).toMatchObject({
      clicks: 1,
      previews: 1,
    });
  });

  it("fills the template's own link parameter instead of lengthening the text", async () => {
    const settings = await api('PATCH', '/v1/tenant', {
      settings: {
        reactivation: {
          whatsappTemplate: {
            name: 'reactivation_link_v1',
            language: 'pt_BR',
            params: ['firstName', 'text', 'link'],
          },
        },
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const id = suggestions[1]!;
    const approved = await api('POST', `/v1/reactivation/inbox/${id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const message = await queuedFor(id);
    expect(message.text).toBe(approved.json().message.text);
    expect(message.template?.bodyParams[1]).toBe(message.text);
    expect(message.template?.bodyParams[2]).toMatch(new RegExp(`^${PUBLIC_URL}/r/[0-9A-Za-z]+$`));
    const links = (await api('GET', `/v1/links?attemptId=${id}`)).json().items;
    expect(links).toHaveLength(1);
    expect(`${PUBLIC_URL}${links[0].path}`).toBe(message.template?.bodyParams[2]);
  });

  it('goes out as the plain address when there is no public URL to shorten it on', async () => {
    const id = suggestions[2]!;
    const approved = await apiAs(plainApp, tenant)('POST', `/v1/reactivation/inbox/${id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const message = await queuedFor(id);
    expect(message.template?.bodyParams[2]).toBe(BOOKING);
    expect((await api('GET', `/v1/links?attemptId=${id}`)).json().items).toEqual([]);
  });

  it("prefers the offering's own page, else its course's, to the tenant's", async () => {
    const [first, second] = suggestions
      .slice(3)
      .filter((id) => offeringOf.get(id))
      .reduce<string[]>((picked, id) => {
        if (picked.every((other) => offeringOf.get(other) !== offeringOf.get(id))) picked.push(id);
        return picked;
      }, []);
    expect(second, 'two suggestions about different offerings').toBeDefined();
    const own = 'https://studiobella.example/servicos/corte';
    expect((await api('PATCH', `/v1/offerings/${offeringOf.get(first!)}`, { url: own })).statusCode).toBe(
      200,
    );
    // the other offering becomes a module of a course with a page, and has none of its own
    const course = await api('POST', '/v1/offerings', {
      name: 'Curso de automaquiagem',
      kind: 'course',
      url: 'https://club.example/automaquiagem',
    });
    expect(course.statusCode, course.body).toBe(201);
    expect(
      (await api('PATCH', `/v1/offerings/${offeringOf.get(second!)}`, { parentId: course.json().id }))
        .statusCode,
    ).toBe(200);
    for (const [id, target] of [
      [first!, own],
      [second!, 'https://club.example/automaquiagem'],
    ] as const) {
      const approved = await api('POST', `/v1/reactivation/inbox/${id}/approve`, {});
      expect(approved.statusCode, approved.body).toBe(200);
      const links = (await api('GET', `/v1/links?attemptId=${id}`)).json().items;
      expect(links.map((l: { targetUrl: string }) => l.targetUrl)).toEqual([target]);
    }
  });

  it('refuses an address that is not http(s), naming the field, and keeps the stored one', async () => {
    for (const link of ['javascript:alert(1)', 'ftp://studiobella.example/', 'agende no site', '']) {
      const response = await api('PATCH', '/v1/tenant', { settings: { reactivation: { link } } });
      expect(response.statusCode, link).toBe(400);
      expect(response.body).toContain('settings.reactivation.link');
    }
    const tenantNow = (await api('GET', '/v1/tenant')).json();
    expect(tenantNow.settings.reactivation.link).toBe(BOOKING);
  });
});
