import { resolve } from 'node:path';
import { acquireDataDirLock, type LockInfo } from '../adapters/db/data-dir-lock.ts';
import { type DatabaseHandle, openDatabase } from '../adapters/db/kysely.ts';
import { migrate } from '../adapters/db/migrate.ts';
import type { Config } from '../config.ts';

/** The embedded data directory is held by a running `rekindle serve`: forward the command there. */
export class DataDirHeldByServer extends Error {
  readonly holder: LockInfo & { server: { url: string; token: string } };
  constructor(holder: LockInfo & { server: { url: string; token: string } }) {
    super(`data directory is held by rekindle serve (pid ${holder.pid}) at ${holder.server.url}`);
    this.holder = holder;
  }
}

/** The data directory is held by another command that cannot take work: say exactly what to do. */
export class DataDirBusy extends Error {}

export interface OpenedDatabase extends DatabaseHandle {
  /** Migrations this open applied (empty when the schema was already current). */
  appliedMigrations: string[];
  /** Lets a server publish its URL and token in the lock file. */
  publishServer?(server: { url: string; token: string }): void;
}

/**
 * Opens the configured database for one command and applies pending migrations. For the
 * embedded PGlite it first takes the data directory's lock, so no two processes ever open it.
 */
export async function openForCommand(config: Config, command: string): Promise<OpenedDatabase> {
  if (config.database.kind === 'postgres') {
    const handle = openDatabase(config.database);
    const { applied } = await migrate(handle.db);
    return { ...handle, appliedMigrations: applied };
  }
  const dataDir = resolve(config.database.dataDir);
  const lock = acquireDataDirLock(dataDir, command);
  if (!lock.acquired) {
    const { holder } = lock;
    if (holder.server) throw new DataDirHeldByServer({ ...holder, server: holder.server });
    throw new DataDirBusy(
      `the data directory ${dataDir} is in use by \`rekindle ${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt}). ` +
        'Wait for it to finish, or point this command at another directory with --data-dir.',
    );
  }
  try {
    const handle = openDatabase({ kind: 'pglite', dataDir });
    const { applied } = await migrate(handle.db);
    return {
      ...handle,
      appliedMigrations: applied,
      publishServer: (server) => lock.update({ server }),
      async close() {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
