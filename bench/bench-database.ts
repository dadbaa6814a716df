/** A fresh, migrated database for one benchmark run: in-memory (or on-disk) PGlite, or a new PostgreSQL schema. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/adapters/db/kysely.ts';
import { migrate } from '../src/adapters/db/migrate.ts';

export async function openBenchDatabase(
  backend: 'pglite' | 'postgres',
  options: { dataDir?: string; keep?: boolean } = {},
): Promise<DatabaseHandle> {
  if (backend === 'pglite') {
    const handle = openDatabase({ kind: 'pglite', dataDir: options.dataDir ?? null });
    await migrate(handle.db);
    return handle;
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('--backend postgres needs TEST_DATABASE_URL (or DATABASE_URL)');
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin(url, `create schema ${schema}`);
  const handle = openDatabase({ kind: 'postgres', url, schema, poolSize: 4 });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      if (!options.keep) await admin(url, `drop schema ${schema} cascade`);
    },
  };
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
