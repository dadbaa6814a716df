import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogStore } from '../../src/app/dialog/store.ts';
import { type Api, apiAs, createTestApp, createTestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Two tenants hold rows with the same external ids and names everywhere. Tenant B's key tries
 * every /v1 route against tenant A's rows; every attempt must miss, and A's rows must be exactly
 * as they were. The routes come from the app itself, so a route added without a case here fails
 * "has a case for every /v1 route".
 */

type Resource = 'customers' | 'offerings' | 'staff' | 'activities' | 'bookings';
type World = Record<Resource, string>;
interface Context {
  asA: Api;
  asB: Api;
  a: World;
  b: World;
  /** A suggestion waiting in A's approval inbox. */
  aAttempt: string;
  /** A queued message and a sender of A's. */
  aMessage: string;
  aSender: string;
  /** A's reply, failed inbox event and dialog context's phone (seeded straight into the database). */
  aReply: string;
  aInboxEvent: string;
  aPhone: string;
}

const RESOURCES: Resource[] = ['customers', 'offerings', 'staff', 'activities', 'bookings'];
const NOWHERE = '00000000-0000-4000-8000-000000000000';

/** The same rows for each tenant: same external ids, same names. */
async function seed(api: Api): Promise<World> {
  const post = async (path: string, payload: object): Promise<string> => {
    const response = await api('POST', path, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  const customers = await post('/v1/customers', {
    externalId: 'shared-c',
    name: 'Ana Souza',
    phone: '+5511987654321',
    email: 'ana@example.com',
    tags: ['vip'],
  });
  const offerings = await post('/v1/offerings', {
    externalId: 'shared-o',
    name: 'Haircut',
    category: 'Hair',
  });
  const staff = await post('/v1/staff', {
    externalId: 'shared-s',
    name: 'Maria',
    email: 'maria@example.com',
  });
  const refs = { customerId: customers, offeringId: offerings, staffId: staff };
  const activities = await post('/v1/activities', {
    ...refs,
    externalId: 'shared-a',
    occurredAt: '2024-03-05T10:00:00Z',
    amount: 100,
  });
  const bookings = await post('/v1/bookings', {
    ...refs,
    externalId: 'shared-b',
    startsAt: '2030-03-05T10:00:00Z',
    endsAt: '2030-03-05T11:00:00Z',
  });
  return { customers, offerings, staff, activities, bookings };
}

/** Everything tenant A can see, read through A's own key. */
async function snapshot(asA: Api, a: World) {
  const seen: Record<string, unknown> = {};
  for (const resource of RESOURCES) {
    seen[resource] = (await asA('GET', `/v1/${resource}?limit=500`)).json();
    seen[`${resource}/${a[resource]}`] = (await asA('GET', `/v1/${resource}/${a[resource]}`)).json();
  }
  seen.timeline = (await asA('GET', `/v1/customers/${a.customers}/timeline`)).json();
  seen.attempts = (await asA('GET', '/v1/reactivation/attempts?limit=500')).json();
  seen.tenant = (await asA('GET', '/v1/tenant')).json();
  seen.messages = (await asA('GET', '/v1/messages?limit=500')).json();
  seen.senders = (await asA('GET', '/v1/senders')).json();
  seen.replies = (await asA('GET', '/v1/replies')).json();
  seen.conversions = (await asA('GET', '/v1/conversions')).json();
  seen.inbox = (await asA('GET', '/v1/inbox/events')).json();
  seen.links = (await asA('GET', '/v1/links')).json();
  seen.integrations = (await asA('GET', '/v1/integrations')).json();
  // the time it has left runs down between two snapshots
  const { ttlSeconds: _ttl, ...context } = (await asA('GET', '/v1/contexts/%2B5511987654321')).json();
  seen.context = context;
  return seen;
}

/** "METHOD /path" of every route the app serves under /v1, read from its route tree. */
function v1Routes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes.length = depth;
    prefixes.push(path);
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD' && path.startsWith('/v1/')) routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

async function expectNotFound(
  api: Api,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const response = await api(method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(404);
  expect(response.json().error.code).toBe('not_found');
  // The answer for another tenant's row is the answer for a row that exists nowhere.
  const nowhere = await api(method, url.replace(/[0-9a-f-]{36}/, NOWHERE), payload);
  expect(response.json().error.message.replace(/[0-9a-f-]{36}/, '<id>')).toBe(
    nowhere.json().error.message.replace(/[0-9a-f-]{36}/, '<id>'),
  );
}

async function expectRefused(
  api: Api,
  method: 'POST' | 'PATCH',
  url: string,
  payload: object,
  field: string,
) {
  const response = await api(method, url, payload);
  expect(response.statusCode, `${method} ${url} ${JSON.stringify(payload)}: ${response.body}`).toBe(400);
  expect(response.json().error.details.issues[0].field).toBe(field);
}

/** Lists as B: B's own row is there, none of A's, however the list is filtered. */
async function expectListsOnlyB(ctx: Context, resource: Resource, filters: (a: World) => string[]) {
  const aIds = new Set(Object.values(ctx.a));
  const all = (await ctx.asB('GET', `/v1/${resource}?limit=500`)).json().items as { id: string }[];
  expect(all.map((item) => item.id)).toContain(ctx.b[resource]);
  for (const filter of ['', ...filters(ctx.a)]) {
    const response = await ctx.asB('GET', `/v1/${resource}?limit=500&${filter}`);
    expect(response.statusCode, filter).toBe(200);
    const ids = (response.json().items as { id: string }[]).map((item) => item.id);
    expect(
      ids.filter((id) => aIds.has(id)),
      filter,
    ).toEqual([]);
  }
}

const itemPatch: Record<Resource, object> = {
  customers: { name: 'Taken over', optedOut: true },
  offerings: { name: 'Taken over', price: 1 },
  staff: { name: 'Taken over', active: false },
  activities: { amount: 1, status: 'cancelled' },
  bookings: { status: 'cancelled' },
};

const listFilters: Record<Resource, (a: World) => string[]> = {
  customers: () => ['externalId=shared-c', 'q=Ana', 'q=shared-c', 'tag=vip', 'vip=false'],
  offerings: () => ['q=Haircut', 'q=shared-o', 'category=Hair', 'active=true', 'kind=service'],
  staff: () => ['q=Maria', 'q=shared-s', 'active=true'],
  activities: (a) => [
    `customerId=${a.customers}`,
    `offeringId=${a.offerings}`,
    `staffId=${a.staff}`,
    'status=completed',
    'from=2024-01-01&to=2025-01-01',
  ],
  bookings: (a) => [`customerId=${a.customers}`, `staffId=${a.staff}`, 'upcoming=true', 'from=2030-01-01'],
};

/** How B tries to create rows that reach into A: every id of A it could reference. */
const createAttempts: Record<Resource, (ctx: Context) => Promise<void>> = {
  // External ids and names only A has are free for B: uniqueness is per tenant.
  customers: async ({ asB }) => {
    expect((await asB('POST', '/v1/customers', { externalId: 'only-a' })).statusCode).toBe(201);
  },
  offerings: async ({ asB, a }) => {
    expect((await asB('POST', '/v1/offerings', { externalId: 'only-a', name: 'Only A' })).statusCode).toBe(
      201,
    );
    await expectRefused(asB, 'POST', '/v1/offerings', { name: 'Module', parentId: a.offerings }, 'parentId');
  },
  staff: async ({ asB }) => {
    expect((await asB('POST', '/v1/staff', { externalId: 'only-a', name: 'Only A' })).statusCode).toBe(201);
  },
  activities: (ctx) =>
    refusesReferencesToA(ctx, '/v1/activities', { occurredAt: '2024-06-01T10:00:00Z', amount: 5000 }),
  bookings: (ctx) => refusesReferencesToA(ctx, '/v1/bookings', { startsAt: '2031-01-01T10:00:00Z' }),
};

/** An activity or booking of B that points at A's customer, offering or staff member is a 400. */
async function refusesReferencesToA({ asB, a, b }: Context, path: string, fields: object) {
  await expectRefused(asB, 'POST', path, { ...fields, customerId: a.customers }, 'customerId');
  await expectRefused(
    asB,
    'POST',
    path,
    { ...fields, customerId: b.customers, offeringId: a.offerings },
    'offeringId',
  );
  await expectRefused(asB, 'POST', path, { ...fields, customerId: b.customers, staffId: a.staff }, 'staffId');
}

/** B upserts by A's external ids: only B's own rows may change. */
const batchItems: Record<Resource, object> = {
  customers: { externalId: 'shared-c', name: 'Batch B' },
  offerings: { externalId: 'shared-o', name: 'Haircut', price: 7 },
  staff: { externalId: 'shared-s', name: 'Maria', phone: '+5511912345678' },
  activities: {
    externalId: 'shared-a',
    customerExternalId: 'shared-c',
    occurredAt: '2024-03-05T10:00:00Z',
    offering: 'Haircut',
    staff: 'Maria',
    amount: 7,
  },
  bookings: {
    externalId: 'shared-b',
    customerExternalId: 'shared-c',
    startsAt: '2030-03-05T10:00:00Z',
    offering: 'shared-o',
    staff: 'shared-s',
    status: 'confirmed',
  },
};

/** What B's own row looks like after that batch: the upsert found B's rows, by B's names. */
const batchEffects: Record<Resource, (b: World) => object> = {
  customers: () => ({ name: 'Batch B' }),
  offerings: () => ({ price: 7 }),
  staff: () => ({ phone: '+5511912345678' }),
  activities: (b) => ({ amount: 7, customerId: b.customers, offeringId: b.offerings, staffId: b.staff }),
  bookings: (b) => ({
    status: 'confirmed',
    customerId: b.customers,
    offeringId: b.offerings,
    staffId: b.staff,
  }),
};

function casesFor(resource: Resource): Record<string, (ctx: Context) => Promise<void>> {
  const item = `/v1/${resource}/:id`;
  return {
    [`POST /v1/${resource}`]: createAttempts[resource],
    [`GET /v1/${resource}`]: (ctx) => expectListsOnlyB(ctx, resource, listFilters[resource]),
    [`GET ${item}`]: ({ asB, a }) => expectNotFound(asB, 'GET', `/v1/${resource}/${a[resource]}`),
    [`PATCH ${item}`]: async (ctx) => {
      await expectNotFound(ctx.asB, 'PATCH', `/v1/${resource}/${ctx.a[resource]}`, itemPatch[resource]);
      // B's own activity or booking cannot be pointed at A's customer, offering or staff member.
      if (resource === 'activities' || resource === 'bookings') {
        const own = `/v1/${resource}/${ctx.b[resource]}`;
        await expectRefused(ctx.asB, 'PATCH', own, { customerId: ctx.a.customers }, 'customerId');
        await expectRefused(ctx.asB, 'PATCH', own, { offeringId: ctx.a.offerings }, 'offeringId');
        await expectRefused(ctx.asB, 'PATCH', own, { staffId: ctx.a.staff }, 'staffId');
      }
    },
    [`DELETE ${item}`]: ({ asB, a }) => expectNotFound(asB, 'DELETE', `/v1/${resource}/${a[resource]}`),
    [`POST /v1/${resource}/batch`]: async ({ asA, asB, a, b }) => {
      const before = (await asA('GET', `/v1/${resource}/${a[resource]}`)).json();
      const response = await asB('POST', `/v1/${resource}/batch`, { items: [batchItems[resource]] });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().rejected, response.body).toBe(0);
      expect((await asA('GET', `/v1/${resource}/${a[resource]}`)).json()).toEqual(before);
      expect((await asB('GET', `/v1/${resource}/${b[resource]}`)).json()).toMatchObject(
        batchEffects[resource](b),
      );
    },
  };
}

const cases: Record<string, (ctx: Context) => Promise<void>> = {
  ...Object.assign({}, ...RESOURCES.map(casesFor)),
  'GET /v1/customers/:id/timeline': async ({ asB, a, b }) => {
    await expectNotFound(asB, 'GET', `/v1/customers/${a.customers}/timeline`);
    const own = (await asB('GET', `/v1/customers/${b.customers}/timeline`)).json().items as { id: string }[];
    expect(own.map((entry) => entry.id).sort()).toEqual([b.activities, b.bookings].sort());
  },
  // Detection: B's scan, fits and medians are computed from B's rows only.
  'GET /v1/candidates': async ({ asB, a, b }) => {
    const aIds = new Set(Object.values(a));
    for (const query of ['all=true', 'all=true&asOf=2024-06-01', `all=true&offeringId=${a.offerings}`]) {
      const response = await asB('GET', `/v1/candidates?limit=500&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const ids = (response.json().items as { id: string }[]).map((item) => item.id);
      expect(
        ids.filter((id) => aIds.has(id)),
        query,
      ).toEqual([]);
      if (!query.includes('offeringId')) expect(ids).toContain(b.customers);
    }
    const customersOfB = (await asB('GET', '/v1/customers?limit=500')).json().items.length;
    expect((await asB('GET', '/v1/candidates?all=true')).json().summary.customers).toBe(customersOfB);
  },
  'GET /v1/customers/:id/insights': async ({ asB, a, b }) => {
    await expectNotFound(asB, 'GET', `/v1/customers/${a.customers}/insights`);
    const own = await asB('GET', `/v1/customers/${b.customers}/insights?asOf=2024-06-01`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().intervals.map((i: { offeringId: string }) => i.offeringId)).toEqual([b.offerings]);
  },
  'POST /v1/model/fit': async ({ asB }) => {
    // B has one customer with one purchase: nothing to fit, whatever A holds
    const response = await asB('POST', '/v1/model/fit', {});
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error.details).toEqual({ customers: 1, repeatCustomers: 0 });
  },
  'POST /v1/intervals/recompute': async ({ asB, a }) => {
    const response = await asB('POST', '/v1/intervals/recompute', {});
    expect(response.statusCode, response.body).toBe(200);
    const offeringIds = (response.json().medians as { offeringId: string | null }[]).map((m) => m.offeringId);
    expect(offeringIds.filter((id) => id !== null && Object.values(a).includes(id))).toEqual([]);
  },
};

/** Lists as B under /v1/reactivation: nothing of A's, ever. */
async function expectNoAttemptsOfA(ctx: Context, url: string) {
  const response = await ctx.asB('GET', url);
  expect(response.statusCode, response.body).toBe(200);
  const items = response.json().items as { id: string; customer: { id: string } }[];
  expect(items.filter((i) => i.id === ctx.aAttempt || i.customer.id === ctx.a.customers)).toEqual([]);
}

const reactivationCases: Record<string, (ctx: Context) => Promise<void>> = {
  'GET /v1/customers/:id/slots': ({ asB, a }) =>
    expectNotFound(asB, 'GET', `/v1/customers/${a.customers}/slots`),
  'GET /v1/reactivation/candidates': async ({ asB, a }) => {
    const response = await asB('GET', '/v1/reactivation/candidates?limit=500');
    expect(response.statusCode, response.body).toBe(200);
    const ids = (response.json().items as { id: string }[]).map((i) => i.id);
    expect(ids.filter((id) => Object.values(a).includes(id))).toEqual([]);
  },
  'POST /v1/reactivation/attempts': ({ asB, a }) =>
    expectNotFound(asB, 'POST', '/v1/reactivation/attempts', { customerId: a.customers }),
  'GET /v1/reactivation/attempts': (ctx) => expectNoAttemptsOfA(ctx, '/v1/reactivation/attempts?limit=500'),
  'GET /v1/reactivation/attempts/:id': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'GET', `/v1/reactivation/attempts/${aAttempt}`),
  'POST /v1/reactivation/attempts/:id/start': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'POST', `/v1/reactivation/attempts/${aAttempt}/start`, {}),
  'POST /v1/reactivation/attempts/:id/outcome': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'POST', `/v1/reactivation/attempts/${aAttempt}/outcome`, { outcome: 'DECLINED' }),
  'POST /v1/reactivation/attempts/:id/cancel': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'POST', `/v1/reactivation/attempts/${aAttempt}/cancel`, { reason: 'mine now' }),
  'GET /v1/reactivation/active': (ctx) => expectNoAttemptsOfA(ctx, '/v1/reactivation/active?limit=500'),
  'GET /v1/reactivation/history/:customerId': (ctx) =>
    expectNoAttemptsOfA(ctx, `/v1/reactivation/history/${ctx.a.customers}`),
  'GET /v1/reactivation/metrics': async ({ asB }) => {
    expect((await asB('GET', '/v1/reactivation/metrics')).json().treated.attempts).toBe(0);
  },
  'GET /v1/reactivation/strategy-effectiveness': async ({ asB }) => {
    const rows = (await asB('GET', '/v1/reactivation/strategy-effectiveness')).json() as {
      treated: { attempts: number };
    }[];
    expect(rows.every((r) => r.treated.attempts === 0)).toBe(true);
  },
  'POST /v1/reactivation/plan': async ({ asB }) => {
    const response = await asB('POST', '/v1/reactivation/plan', {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().created).toBe(0);
  },
  'GET /v1/reactivation/inbox': (ctx) => expectNoAttemptsOfA(ctx, '/v1/reactivation/inbox?limit=500'),
  'POST /v1/reactivation/inbox/:id/approve': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'POST', `/v1/reactivation/inbox/${aAttempt}/approve`, {}),
  'POST /v1/reactivation/inbox/:id/reject': ({ asB, aAttempt }) =>
    expectNotFound(asB, 'POST', `/v1/reactivation/inbox/${aAttempt}/reject`, { reason: 'mine now' }),
  'POST /v1/reactivation/inbox/approve': async ({ asB, aAttempt }) => {
    const response = await asB('POST', '/v1/reactivation/inbox/approve', { filter: { ids: [aAttempt] } });
    expect(response.json()).toEqual({ matched: 0, done: [], failed: [] });
  },
  'POST /v1/reactivation/inbox/reject': async ({ asB }) => {
    const response = await asB('POST', '/v1/reactivation/inbox/reject', { filter: {}, reason: 'wipe' });
    expect(response.json()).toEqual({ matched: 0, done: [], failed: [] });
  },
  'GET /v1/tenant': async ({ asB }) => {
    expect((await asB('GET', '/v1/tenant')).json().name).toBe('Salon B');
  },
  'PATCH /v1/tenant': async ({ asB }) => {
    const response = await asB('PATCH', '/v1/tenant', { settings: { reactivation: { controlShare: 0.3 } } });
    expect(response.statusCode, response.body).toBe(200);
  },
};
Object.assign(cases, reactivationCases);

const outboundCases: Record<string, (ctx: Context) => Promise<void>> = {
  'POST /v1/messages': async ({ asB, a }) => {
    // A's customer is unknown to B, by id and by external id; B's own is reachable
    await asB('POST', '/v1/senders', { channel: 'log', name: 'B dry run' });
    await expectRefused(
      asB,
      'POST',
      '/v1/messages',
      { channel: 'log', customerId: a.customers, text: 'x' },
      'customerId',
    );
    const own = await asB('POST', '/v1/messages', {
      channel: 'log',
      customerExternalId: 'shared-c',
      text: 'hello',
    });
    expect(own.statusCode, own.body).toBe(201);
  },
  'GET /v1/messages': async ({ asB, aMessage }) => {
    const items = (await asB('GET', '/v1/messages?limit=500')).json().items as { id: string }[];
    expect(items.map((m) => m.id)).not.toContain(aMessage);
  },
  'GET /v1/messages/:id': ({ asB, aMessage }) => expectNotFound(asB, 'GET', `/v1/messages/${aMessage}`),
  'POST /v1/messages/:id/cancel': ({ asB, aMessage }) =>
    expectNotFound(asB, 'POST', `/v1/messages/${aMessage}/cancel`, {}),
  'POST /v1/messages/:id/retry': ({ asB, aMessage }) =>
    expectNotFound(asB, 'POST', `/v1/messages/${aMessage}/retry`, {}),
  'POST /v1/senders': async ({ asB }) => {
    const response = await asB('POST', '/v1/senders', { channel: 'log', name: 'B log' });
    expect(response.statusCode, response.body).toBe(201);
  },
  'GET /v1/senders': async ({ asB, aSender }) => {
    const ids = ((await asB('GET', '/v1/senders')).json() as { id: string }[]).map((s) => s.id);
    expect(ids).not.toContain(aSender);
  },
  'GET /v1/senders/:id': ({ asB, aSender }) => expectNotFound(asB, 'GET', `/v1/senders/${aSender}`),
  'PATCH /v1/senders/:id': ({ asB, aSender }) =>
    expectNotFound(asB, 'PATCH', `/v1/senders/${aSender}`, { name: 'Taken over' }),
  'POST /v1/senders/:id/pause': ({ asB, aSender }) =>
    expectNotFound(asB, 'POST', `/v1/senders/${aSender}/pause`, { reason: 'mine now' }),
  'POST /v1/senders/:id/resume': ({ asB, aSender }) =>
    expectNotFound(asB, 'POST', `/v1/senders/${aSender}/resume`),
};
Object.assign(cases, outboundCases);

const listenCases: Record<string, (ctx: Context) => Promise<void>> = {
  'POST /v1/replies/classify': async ({ asB }) => {
    const response = await asB('POST', '/v1/replies/classify', { text: 'PARAR' });
    expect(response.json()).toMatchObject({ label: 'opt_out' });
  },
  'GET /v1/replies': async ({ asB, aReply }) => {
    const items = (await asB('GET', '/v1/replies?limit=500')).json().items as { id: string }[];
    expect(items.map((r) => r.id)).not.toContain(aReply);
  },
  'GET /v1/conversions': async ({ asB }) => {
    const page = (await asB('GET', '/v1/conversions')).json();
    expect(page.items).toEqual([]);
    expect(page.totals.treated.conversions).toBe(0);
  },
  'GET /v1/inbox/events': async ({ asB, aInboxEvent }) => {
    const items = (await asB('GET', '/v1/inbox/events?limit=500')).json().items as { id: string }[];
    expect(items.map((e) => e.id)).not.toContain(aInboxEvent);
  },
  'POST /v1/inbox/events/:id/retry': ({ asB, aInboxEvent }) =>
    expectNotFound(asB, 'POST', `/v1/inbox/events/${aInboxEvent}/retry`, {}),
  'GET /v1/contexts/:phone': ({ asB, aPhone }) =>
    expectNotFound(asB, 'GET', `/v1/contexts/${encodeURIComponent(aPhone)}`),
  'DELETE /v1/contexts/:phone': async ({ asA, asB, aPhone }) => {
    expect((await asB('DELETE', `/v1/contexts/${encodeURIComponent(aPhone)}`)).statusCode).toBe(204);
    expect((await asA('GET', `/v1/contexts/${encodeURIComponent(aPhone)}`)).statusCode).toBe(200);
  },
  'GET /v1/links': async ({ asB }) => {
    expect((await asB('GET', '/v1/links')).json().items).toEqual([]);
  },
  'GET /v1/first-accesses': async ({ asA, asB, a }) => {
    // A's own first access is there for A, and none of it for B
    expect((await asA('GET', '/v1/first-accesses')).json().items).toHaveLength(1);
    for (const filter of [
      '',
      `customerId=${a.customers}`,
      `offeringId=${a.offerings}`,
      'origin=organic,link_whatsapp',
    ]) {
      const response = await asB('GET', `/v1/first-accesses?limit=500&${filter}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().items, filter).toEqual([]);
    }
  },
  'GET /v1/first-accesses/summary': async ({ asA, asB, a }) => {
    expect((await asA('GET', '/v1/first-accesses/summary')).json().total).toMatchObject({
      total: 1,
      viaLinks: 1,
    });
    for (const filter of ['', `offeringId=${a.offerings}`]) {
      const summary = (await asB('GET', `/v1/first-accesses/summary?${filter}`)).json();
      expect(summary.offerings, filter).toEqual([]);
      expect(summary.total, filter).toMatchObject({
        total: 0,
        viaLinks: 0,
        viaLinksShare: null,
        attempts: 0,
      });
    }
  },
  'GET /v1/conversation-labels/summary': async ({ asA, asB }) => {
    expect((await asA('GET', '/v1/conversation-labels/summary')).json()).toMatchObject({
      conversations: 1,
      labelled: 1,
      labels: [{ label: 'satisfeito', conversations: 1 }],
    });
    for (const filter of ['', 'provider=chatwoot', 'status=resolved']) {
      const response = await asB('GET', `/v1/conversation-labels/summary?${filter}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json(), filter).toMatchObject({ conversations: 0, labelled: 0, labels: [] });
    }
  },
  'GET /v1/integrations': async ({ asB }) => {
    expect((await asB('GET', '/v1/integrations')).json().items).toEqual([]);
  },
  'PUT /v1/integrations/:provider': async ({ asA, asB }) => {
    const mine = await asB('PUT', '/v1/integrations/orders', { secret: 'tenant-b-orders-secret-bbbb' });
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = (await asA('GET', '/v1/integrations')).json().items as {
      provider: string;
      secret: string;
    }[];
    expect(theirs.find((i) => i.provider === 'orders')?.secret).not.toBe(mine.json().secret);
  },
  'DELETE /v1/integrations/:provider': async ({ asA, asB }) => {
    await asB('DELETE', '/v1/integrations/hotmart');
    const theirs = (await asA('GET', '/v1/integrations')).json().items as { provider: string }[];
    expect(theirs.map((i) => i.provider)).toContain('hotmart');
  },
};
Object.assign(cases, listenCases);

/**
 * A's listening rows: an integration, a reply, a failed webhook event, a tracked link, a first
 * access, a dialog context.
 */
async function seedListening(database: TestDatabase, asA: Api, customerId: string, attemptId: string) {
  expect((await asA('PUT', '/v1/integrations/hotmart', { secret: 'tenant-a-hottok' })).statusCode).toBe(201);
  expect(
    (await asA('PUT', '/v1/integrations/orders', { secret: 'tenant-a-orders-secret-aaaa' })).statusCode,
  ).toBe(201);
  const tenantId = (await asA('GET', '/v1/tenant')).json().id as string;
  const phone = '+5511987654321';
  const reply = await database.db
    .insertInto('replies')
    .values({
      tenant_id: tenantId,
      provider: 'whatsapp',
      event_key: 'message:wamid.A',
      channel: 'whatsapp',
      sender: phone,
      customer_id: customerId,
      attempt_id: attemptId,
      text: 'Quero sim',
      label: 'positive',
      confidence: 0.9,
      classified_by: 'rules',
      action: 'in_progress',
      received_at: new Date('2026-01-01T12:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event = await database.db
    .insertInto('inbox_events')
    .values({
      tenant_id: tenantId,
      provider: 'orders',
      event_key: 'evt-a',
      event_type: 'order',
      payload: JSON.stringify({ type: 'order' }),
      status: 'failed',
      last_error: 'bad phone',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('tracked_links')
    .values({
      tenant_id: tenantId,
      code: 'AAAAAAAAAA',
      target_url: 'https://a.example/book',
      customer_id: customerId,
    })
    .execute();
  await database.db
    .insertInto('first_accesses')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      offering_key: 'course-a',
      at: new Date('2026-01-02T12:00:00Z'),
      origin: 'link_whatsapp',
      link_code: 'AAAAAAAAAA',
      attempt_id: attemptId,
    })
    .execute();
  await database.db
    .insertInto('conversation_labels')
    .values({
      tenant_id: tenantId,
      provider: 'chatwoot',
      conversation_id: '24',
      customer_id: customerId,
      contact: phone,
      labels: ['satisfeito'],
      status: 'resolved',
      updated_at: new Date('2026-01-03T12:00:00Z'),
    })
    .execute();
  await createDialogStore({ db: database.db }).write(
    { tenantId, phone, pendingAction: null, updatedAt: new Date().toISOString() },
    3600,
  );
  return { aReply: reply.id, aInboxEvent: event.id, aPhone: phone };
}

/** A's suggestion, written straight to the database: A's tiny history makes no candidate of its own. */
async function seedAttempt(database: TestDatabase, asA: Api, customerId: string): Promise<string> {
  const tenantId = (await asA('GET', '/v1/tenant')).json().id as string;
  const row = await database.db
    .insertInto('attempts')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      status: 'SUGGESTED',
      strategy: 'PERSONAL_CONTACT',
      trigger_state: 'AT_RISK',
      message_text: 'Oi Ana, sentimos sua falta!',
      message_source: 'pt-BR.gentle.general.1',
      max_discount_pct: 0,
      offer_pct: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(backends)('tenant isolation on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: Context;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    app = await createTestApp(database);
    const asA = apiAs(app, await createTestTenant(database, 'Salon A'));
    const asB = apiAs(app, await createTestTenant(database, 'Salon B'));
    const a = await seed(asA);
    const aSender = (await asA('POST', '/v1/senders', { channel: 'log', name: 'A log' })).json().id as string;
    const aMessage = (
      await asA('POST', '/v1/messages', {
        channel: 'log',
        customerId: a.customers,
        text: 'Oi Ana',
        senderId: aSender,
      })
    ).json().id as string;
    ctx = {
      asA,
      asB,
      a,
      b: await seed(asB),
      aAttempt: await seedAttempt(database, asA, a.customers),
      aMessage,
      aSender,
      aReply: '',
      aInboxEvent: '',
      aPhone: '',
    };
    Object.assign(ctx, await seedListening(database, asA, a.customers, ctx.aAttempt));
    await asA('POST', '/v1/customers', { externalId: 'only-a' });
    await asA('POST', '/v1/offerings', { externalId: 'only-a', name: 'Only A' });
    await asA('POST', '/v1/staff', { externalId: 'only-a', name: 'Only A' });
    before = await snapshot(asA, ctx.a);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('has a case for every /v1 route, and no case for a route that is gone', () => {
    expect(Object.keys(cases).sort()).toEqual(v1Routes(app));
  });

  it.each(Object.keys(cases).sort())("%s: tenant B's key cannot reach tenant A's rows", async (route) => {
    await cases[route]!(ctx);
  });

  it("leaves every one of tenant A's rows exactly as it was", async () => {
    expect(await snapshot(ctx.asA, ctx.a)).toEqual(before);
    expect(before[`customers/${ctx.a.customers}`]).toMatchObject({ activityCount: 1, totalSpent: 100 });
  });
});
