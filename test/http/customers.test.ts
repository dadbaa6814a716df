import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

describe.each(backends)('customers API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let salon: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    app = await createTestApp(database);
    salon = await createTestTenant(database);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('creates, reads, updates, lists and deletes a customer, normalising the phone', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: salon.headers,
      payload: {
        externalId: 'c-1',
        name: 'Ana Souza',
        phone: '(11) 98765-4321',
        email: 'ana@example.com',
        tags: ['vip'],
      },
    });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer).toMatchObject({
      externalId: 'c-1',
      phone: '+5511987654321',
      lifecycleState: 'NEW',
      optedOut: false,
    });

    const read = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}`,
      headers: salon.headers,
    });
    expect(read.json().name).toBe('Ana Souza');

    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/customers/${customer.id}`,
      headers: salon.headers,
      payload: { optedOut: true, optedOutReason: 'asked by phone', vip: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ optedOut: true, vip: true });

    const listed = await app.inject({ method: 'GET', url: '/v1/customers?q=souza', headers: salon.headers });
    expect(listed.json().items.map((c: { externalId: string }) => c.externalId)).toEqual(['c-1']);

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/v1/customers/${customer.id}`,
      headers: salon.headers,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}`,
      headers: salon.headers,
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
  });

  it('pages through customers with a cursor, without repeats or gaps', async () => {
    for (let i = 0; i < 7; i++) {
      await app.inject({
        method: 'POST',
        url: '/v1/customers',
        headers: salon.headers,
        payload: { externalId: `p-${i}` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: salon.headers })).json();
      seen.push(...page.items.map((c: { externalId: string }) => c.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith('p-')).sort()).toEqual([
      'p-0',
      'p-1',
      'p-2',
      'p-3',
      'p-4',
      'p-5',
      'p-6',
    ]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = (
      await app.inject({ method: 'GET', url: '/v1/customers?limit=500', headers: salon.headers })
    ).json().items.length;
    const badEmail = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: salon.headers,
      payload: { externalId: 'x', email: 'not-an-email' },
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error).toMatchObject({ code: 'validation_error' });
    expect(badEmail.json().error.message).toContain('email');

    const badPhone = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: salon.headers,
      payload: { externalId: 'y', phone: '123' },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.issues[0].field).toBe('phone');

    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { ...salon.headers, 'content-type': 'application/json' },
      payload: '{"externalId": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');

    const huge = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { ...salon.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ externalId: 'z', name: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');

    const badId = await app.inject({
      method: 'GET',
      url: '/v1/customers/not-a-uuid',
      headers: salon.headers,
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain('params.id');

    const after = (
      await app.inject({ method: 'GET', url: '/v1/customers?limit=500', headers: salon.headers })
    ).json().items.length;
    expect(after).toBe(before);
  });

  it('refuses duplicates of an external id with 409', async () => {
    await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: salon.headers,
      payload: { externalId: 'dup' },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: salon.headers,
      payload: { externalId: 'dup' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('answers 401 without a valid key, the same for every kind of wrong key', async () => {
    for (const authorization of [undefined, 'Bearer nope', `Bearer rk_${'a'.repeat(32)}`, salon.apiKey]) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/customers',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toMatchObject({
      status: 'ready',
      pendingMigrations: [],
    });
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toContain('/v1/customers/{id}');
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
