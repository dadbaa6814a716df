import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogStore } from '../../src/app/dialog/store.ts';
import type { DialogStore } from '../../src/app/dialog/types.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { apiAs, createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { dialogContext, redisUrl } from './helpers.ts';

/**
 * GET and DELETE /v1/contexts/{phone} through the app, with Redis when TEST_REDIS_URL is set
 * (PostgreSQL otherwise): phones in any common format, 400 / 404, and one tenant never reading
 * or clearing another's context.
 */
describe.each(backends)('dialog context API on %s', (backend) => {
  let database: TestDatabase;
  let dialog: DialogStore;
  let app: FastifyInstance;
  let tenant: TestTenant;
  let other: TestTenant;
  const expectedSource = redisUrl ? 'redis' : 'postgres';
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    dialog = createDialogStore({ db: database.db, ...(redisUrl ? { redisUrl } : {}) });
    app = await buildApp({ db: database.db, dialog });
    await app.ready();
    tenant = await createTestTenant(database, 'Salão Bela');
    other = await createTestTenant(database, 'Other salon');
  });
  afterAll(async () => {
    await app.close();
    await dialog.close();
    await database.dispose();
  });
  const api = (who: () => TestTenant) => (method: 'GET' | 'DELETE', phone: string) =>
    apiAs(app, who())(method, `/v1/contexts/${encodeURIComponent(phone)}`);
  const asTenant = api(() => tenant);
  const asOther = api(() => other);

  it('answers with the context, the prompt, where it lives and its TTL, for any common phone format', async () => {
    const context = dialogContext(tenant.id, '+5511987654321');
    expect(await dialog.write(context, 3600)).toBe(expectedSource);
    for (const phone of ['+5511987654321', '+55 (11) 98765-4321', '(11) 98765-4321', '11987654321']) {
      const response = await asTenant('GET', phone);
      expect(response.statusCode, `${phone}: ${response.body}`).toBe(200);
      const body = response.json();
      expect(body.context).toEqual(context);
      expect(body.source).toBe(expectedSource);
      expect(body.ttlSeconds).toBeGreaterThan(0);
      expect(body.ttlSeconds).toBeLessThanOrEqual(3600);
      expect(body.prompt).toContain('You are the chat assistant of Salão Bela.');
      expect(body.prompt).toContain('> Oi Mariana! Sentimos sua falta.');
      expect(body.prompt).toContain('(America/Sao_Paulo)');
    }
    // A literal + in the path is a plus, not a space.
    const raw = await app.inject({
      method: 'GET',
      url: '/v1/contexts/+5511987654321',
      headers: tenant.headers,
    });
    expect(raw.statusCode).toBe(200);
  });

  it('rejects what is not a phone with a 400 naming the field', async () => {
    for (const phone of ['not-a-phone', '123']) {
      const response = await asTenant('GET', phone);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'validation_error',
        details: { issues: [{ field: 'phone' }] },
      });
    }
    expect((await asTenant('DELETE', 'not-a-phone')).statusCode).toBe(400);
  });

  it('answers 404 when the phone has no context', async () => {
    const response = await asTenant('GET', '+5511912340000');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('keeps tenants apart: another tenant neither reads nor clears the context', async () => {
    const context = dialogContext(tenant.id, '+5511987650101');
    await dialog.write(context, 3600);
    expect((await asOther('GET', context.phone)).statusCode).toBe(404);
    expect((await asOther('DELETE', context.phone)).statusCode).toBe(204);
    expect((await asTenant('GET', context.phone)).statusCode).toBe(200);
  });

  it('clears the context on DELETE, idempotently', async () => {
    const context = dialogContext(tenant.id, '+5511987650102');
    await dialog.write(context, 3600);
    const deleted = await asTenant('DELETE', '(11) 98765-0102');
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await asTenant('GET', context.phone)).statusCode).toBe(404);
    expect(await dialog.read(tenant.id, context.phone)).toBeNull();
    expect((await asTenant('DELETE', context.phone)).statusCode).toBe(204);
  });

  it('needs an API key', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/contexts/%2B5511987654321' });
    expect(response.statusCode).toBe(401);
  });
});
