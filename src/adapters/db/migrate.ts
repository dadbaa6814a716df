import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db, Trx } from './kysely.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 0001, 0002, … without gaps; found ${migration.name}`);
    }
  });
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction. Every transaction first takes a
 * transaction-scoped advisory lock for this schema, then re-reads what is applied: a second
 * process starting at the same moment waits on the lock, then finds the work done and skips it.
 * The bookkeeping row is written before the migration's SQL, so a failure rolls both back.
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<{ applied: string[] }> {
  await db.schema
    .createTable('rekindle_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('applied_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
    .catch(async (error: unknown) => {
      // two processes racing on CREATE TABLE IF NOT EXISTS can collide on the catalog row
      if (!(await migrationTableExists(db))) throw error;
    });

  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('rekindle_migrations:' || current_schema()))`.execute(
        trx,
      );
      const existing = await trx
        .selectFrom('rekindle_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) return false;
      await trx
        .insertInto('rekindle_migrations')
        .values({ version: migration.version, name: migration.name })
        .execute();
      await sql.raw(migration.sql).execute(trx);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  if (applied.length > 0) await grantAppRole(db);
  return { applied };
}

export async function pendingMigrations(db: Db, migrations = loadMigrations()): Promise<string[]> {
  if (!(await migrationTableExists(db))) return migrations.map((m) => m.name);
  const rows = await db.selectFrom('rekindle_migrations').select('version').execute();
  const done = new Set(rows.map((row) => row.version));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.name);
}

async function migrationTableExists(db: Db): Promise<boolean> {
  const result = await sql<{ exists: boolean }>`
    select to_regclass(current_schema() || '.rekindle_migrations') is not null as exists`.execute(db);
  return result.rows[0]?.exists === true;
}

/**
 * The tenant role gets data access, never DDL, in the current schema. Under the migrations' lock:
 * two migrators that each applied some migrations would otherwise GRANT on the same catalog rows
 * at once, and PostgreSQL fails one with "tuple concurrently updated".
 */
async function grantAppRole(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('rekindle_migrations:' || current_schema()))`.execute(
      trx,
    );
    await grantInTransaction(trx);
  });
}

async function grantInTransaction(trx: Trx): Promise<void> {
  await sql
    .raw(`
    DO $$
    BEGIN
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO rekindle_app', current_schema());
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO rekindle_app', current_schema());
      EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO rekindle_app', current_schema());
      EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO rekindle_app', current_schema());
    END
    $$;`)
    .execute(trx);
}
