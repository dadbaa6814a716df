import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/adapters/db/kysely.ts';
import { migrate } from '../../src/adapters/db/migrate.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends DatabaseHandle {
  backend: Backend;
  url?: string;
  schema?: string;
  /** Closes the connection and drops the test schema (kept when KEEP_TEST_SCHEMAS=1, for inspection). */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new schema in the
 * PostgreSQL at TEST_DATABASE_URL, so files can run in parallel without seeing each other.
 */
export async function createTestDatabase(
  backend: Backend,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
    if (options.migrate !== false) await migrate(handle.db);
    return { ...handle, backend, dispose: () => handle.close() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create schema ${schema}`);
  const handle = openDatabase({ kind: 'postgres', url, schema, poolSize: 5 });
  if (options.migrate !== false) await migrate(handle.db);
  return {
    ...handle,
    backend,
    url,
    schema,
    async dispose() {
      await handle.close();
      if (process.env.KEEP_TEST_SCHEMAS !== '1') await adminQuery(url, `drop schema ${schema} cascade`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
