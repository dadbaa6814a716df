import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTenant } from '../../src/app/tenants.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { type Backend, createTestDatabase, type TestDatabase } from './database.ts';

export interface TestTenant {
  id: string;
  apiKey: string;
  headers: { authorization: string };
}

export async function createTestApp(database: TestDatabase): Promise<FastifyInstance> {
  const app = await buildApp({ db: database.db, logger: false });
  await app.ready();
  return app;
}

export async function createTestTenant(
  database: TestDatabase,
  name = 'Test salon',
  locale = 'pt-BR',
): Promise<TestTenant> {
  const { tenant, apiKey } = await createTenant(database.db, { name, locale, timezone: 'America/Sao_Paulo' });
  return { id: tenant.id, apiKey, headers: { authorization: `Bearer ${apiKey}` } };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Api = (method: Method, url: string, payload?: object) => Promise<LightMyRequestResponse>;

/** `app.inject` as one tenant: `api('POST', '/v1/offerings', { name: 'Cut' })`. */
export function apiAs(app: FastifyInstance, tenant: TestTenant): Api {
  return (method, url, payload) =>
    app.inject({ method, url, headers: tenant.headers, ...(payload ? { payload } : {}) });
}

/**
 * For the tests of one describe block: a migrated database on `backend`, the app on it and one
 * tenant, set up before the first test and disposed of after the last. `api` calls as the tenant.
 */
export function setUpApiTests(backend: Backend) {
  const testbed = {} as { database: TestDatabase; app: FastifyInstance; tenant: TestTenant };
  beforeAll(async () => {
    testbed.database = await createTestDatabase(backend);
    testbed.app = await createTestApp(testbed.database);
    testbed.tenant = await createTestTenant(testbed.database);
  });
  afterAll(async () => {
    await testbed.app.close();
    await testbed.database.dispose();
  });
  const api: Api = (...args) => apiAs(testbed.app, testbed.tenant)(...args);
  return { testbed, api };
}

/** Follows `nextCursor` from `url` to the last page; every item in order, and the number of pages. */
export async function pageThrough<T = { id: string }>(
  api: Api,
  url: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page = await api('GET', cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}` : url);
    if (page.statusCode !== 200) throw new Error(`GET ${url}: ${page.statusCode} ${page.body}`);
    items.push(...(page.json().items as T[]));
    cursor = page.json().nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}
