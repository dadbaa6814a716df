import type { PGlite } from '@electric-sql/pglite';
import { fromPglite, type Db as JobDatabase } from 'pg-boss';
import type { Db } from '../db/kysely.ts';

/**
 * pg-boss's database on the embedded PGlite that Kysely already uses.
 *
 * PGlite is one session. The Kysely dialect (pglite-dialect.ts) hands that session to one holder
 * at a time, and a transaction holds it from BEGIN to COMMIT. pg-boss's own PGlite adapter
 * (`fromPglite`) calls the instance directly, so on its own a pg-boss poll could land between two
 * statements of an application transaction: it would run inside that transaction, and vanish
 * with it on rollback. Every pg-boss statement therefore first takes the same session through
 * `db.connection()`, which waits its turn in the dialect's queue, and runs only while no
 * transaction is open. Inside, `fromPglite` does the rest: `exec` for pg-boss's multi-statement
 * blocks, `query` for parameterised ones, and a ROLLBACK if a block fails half-way.
 *
 * Consequence: never call pg-boss (send, schedule…) from inside a Kysely transaction on PGlite;
 * the call would wait for the session the transaction holds, forever.
 */
export function createPgliteJobDatabase(db: Db, pglite: PGlite): JobDatabase {
  const direct = fromPglite(pglite);
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => db.connection().execute(run);
  return {
    executeSql: (text, values) => exclusive(() => direct.executeSql(text, values)),
    // Only pg-boss's TestClock uses this (to make job_now() read the test's time).
    setSessionStatements: (statements) => exclusive(async () => direct.setSessionStatements?.(statements)),
  };
}
