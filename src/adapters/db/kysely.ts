import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createPgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Repositories take `DbOrTrx` first so the caller owns the transaction. */
export type DbOrTrx = Db | Trx;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Human-readable location, for logs and error messages (never includes a password). */
  location: string;
  /** For PGlite only: the instance, for bulk helpers and tests. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null };

// Both drivers return the same JS types: int8 and numeric as numbers (counts and money stay well
// inside 2^53), dates as 'YYYY-MM-DD' strings, timestamps as Date.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parsers = {
  [INT8]: (value: string) => Number(value),
  [NUMERIC]: (value: string) => Number(value),
  [DATE]: (value: string) => value,
};

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          const parser = parsers[oid as keyof typeof parsers];
          return parser ?? pg.types.getTypeParser(oid, format ?? 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      location: redactUrl(target.url) + (target.schema ? ` (schema ${target.schema})` : ''),
      close: () => db.destroy(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const pglite = new PGlite(target.dataDir ?? 'memory://', { parsers });
  const db = new Kysely<Database>({ dialect: createPgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: target.dataDir ?? 'memory',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * Runs `fn` in a transaction scoped to one tenant: as the role `rekindle_app`, to which the
 * row-level security policies apply, with `rekindle.tenant_id` set for this transaction only.
 * Queries inside still filter by tenant_id themselves; RLS is the second wall.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'rekindle_app', true), set_config('rekindle.tenant_id', ${tenantId}, true)`.execute(
      trx,
    );
    return fn(trx);
  });
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
