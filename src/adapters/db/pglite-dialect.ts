import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect over one embedded PGlite instance.
 *
 * PGlite is a single connection, so Kysely's connections are handed out one at a time: a
 * transaction owns the instance until it commits or rolls back, and concurrent requests queue
 * behind it instead of interleaving statements inside someone else's transaction.
 * Queries without parameters go through `exec`, which accepts several statements — the
 * migrations need that; everything else uses the extended protocol.
 */
export function createPgliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => createPgliteDriver(pglite),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

function createPgliteDriver(pglite: PGlite): Driver {
  let tail: Promise<void> = Promise.resolve();
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      if (query.parameters.length === 0 && !/^\s*(select|with|insert|update|delete)\b/i.test(query.sql)) {
        const results = await pglite.exec(query.sql);
        const last = results.at(-1);
        return { rows: (last?.rows ?? []) as R[], numAffectedRows: toBigInt(last?.affectedRows) };
      }
      const result = await pglite.query<R>(query.sql, query.parameters as unknown[]);
      return { rows: result.rows, numAffectedRows: toBigInt(result.affectedRows) };
    },
    // biome-ignore lint/correctness/useYield: PGlite has no cursors over the wire; streaming is not offered
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('streamQuery is not supported on PGlite');
    },
  };

  return {
    async init() {},
    async acquireConnection() {
      // A chain of promises is the queue: each acquirer waits for the previous holder's release.
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      releases.set(connection, release);
      return connection;
    },
    async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
      const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
      await conn.executeQuery(CompiledQuery.raw(`begin${isolation}`));
    },
    async commitTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('commit'));
    },
    async rollbackTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('rollback'));
    },
    async releaseConnection(conn: DatabaseConnection) {
      const release = releases.get(conn);
      releases.delete(conn);
      release?.();
    },
    async destroy() {},
  };
}

const releases = new WeakMap<DatabaseConnection, () => void>();

function toBigInt(value: number | undefined): bigint | undefined {
  return value === undefined ? undefined : BigInt(value);
}
