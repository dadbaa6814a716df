import type { FastifyInstance } from 'fastify';
import { createTenant } from '../../src/app/tenants.ts';
import { buildApp } from '../../src/http/build-app.ts';
import type { TestDatabase } from './database.ts';

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
