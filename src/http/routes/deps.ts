import type { Db } from '../../adapters/db/kysely.ts';

/** What route plugins need; wired in build-app.ts. */
export interface RouteDeps {
  db: Db;
}
