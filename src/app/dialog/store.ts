// PLACEHOLDER (helper C replaces this file): Redis with a PostgreSQL fallback.
import type { Db } from '../../adapters/db/kysely.ts';
import type { DialogStore } from './types.ts';

export interface DialogStoreOptions {
  db: Db;
  redisUrl?: string;
}

export function createDialogStore(_options: DialogStoreOptions): DialogStore {
  return {
    write: async () => 'failed',
    read: async () => null,
    clear: async () => {},
    close: async () => {},
  };
}
