import type { PGlite } from '@electric-sql/pglite';
import { type Clock, type ConstructorOptions, PgBoss } from 'pg-boss';
import type { DatabaseHandle, Db } from '../db/kysely.ts';
import { createPgliteJobDatabase } from './pglite-database.ts';

/**
 * Where pg-boss keeps its jobs: its own schema next to the application's tables, in the same
 * PostgreSQL or the same embedded PGlite.
 */
export type JobBackend =
  | {
      kind: 'postgres';
      url: string;
      /** pg-boss's schema; created on first start. */
      schema: string;
      /** pg-boss's own pool, apart from the application's so a burst of jobs cannot starve requests. */
      poolSize?: number;
    }
  | { kind: 'pglite'; pglite: PGlite; schema: string };

/**
 * The job backend for an open database: pg-boss's default schema `pgboss`, or
 * `<schema>_jobs` when the application lives in its own schema (`DATABASE_SCHEMA`), so two
 * deployments sharing one PostgreSQL never share a job table.
 */
export function jobBackendFor(
  database: Pick<DatabaseHandle, 'kind' | 'pglite'>,
  target: { kind: 'postgres'; url: string; schema?: string } | { kind: 'pglite' },
): JobBackend {
  if (target.kind === 'postgres') {
    return { kind: 'postgres', url: target.url, schema: target.schema ? `${target.schema}_jobs` : 'pgboss' };
  }
  if (!database.pglite) throw new Error('the PGlite job backend needs the open PGlite instance');
  return { kind: 'pglite', pglite: database.pglite, schema: 'pgboss' };
}

/** Knobs a test turns; production leaves them at pg-boss's defaults. */
export interface BossTuning {
  /** pg-boss's clock, e.g. its `TestClock`, to drive cron passes without waiting for them. */
  clock?: Clock;
  /** How often the cron pass runs (pg-boss default 30 s, between 1 and 45). */
  cronMonitorIntervalSeconds?: number;
}

/** A pg-boss instance (not started) over `backend`; `db` is the application's Kysely on the same database. */
export function createBoss(backend: JobBackend, db: Db, tuning: BossTuning = {}): PgBoss {
  const common: ConstructorOptions = {
    schema: backend.schema,
    ...(tuning.clock ? { clock: tuning.clock } : {}),
    ...(tuning.cronMonitorIntervalSeconds
      ? { cronMonitorIntervalSeconds: tuning.cronMonitorIntervalSeconds }
      : {}),
  };
  if (backend.kind === 'postgres') {
    return new PgBoss({
      ...common,
      connectionString: backend.url,
      max: backend.poolSize ?? 4,
      application_name: 'rekindle-jobs',
    });
  }
  return new PgBoss({ ...common, backend: 'pglite', db: createPgliteJobDatabase(db, backend.pglite) });
}
