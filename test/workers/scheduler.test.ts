import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { TestClock } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobBackend } from '../../src/adapters/jobs/boss.ts';
import { createTenant } from '../../src/app/tenants.ts';
import {
  type JobHandlers,
  type Scheduler,
  type SchedulerTuning,
  startScheduler,
} from '../../src/workers/scheduler.ts';
import { TENANT_JOBS, type TenantJob } from '../../src/workers/tenant-schedules.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

interface Call {
  job: TenantJob;
  tenantId: string;
  at: Date;
}

/** Handlers that record every call, with optional behaviour per job. */
function recorder(behaviour: Partial<Record<TenantJob, (tenantId: string) => Promise<void>>> = {}) {
  const calls: Call[] = [];
  const handlers = Object.fromEntries(
    TENANT_JOBS.map((job) => [
      job,
      async (tenantId: string, at: Date) => {
        calls.push({ job, tenantId, at });
        await behaviour[job]?.(tenantId);
      },
    ]),
  ) as unknown as JobHandlers;
  return { calls, handlers };
}

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

/** Fast polling so a queued job starts within a second. */
const FAST: SchedulerTuning = { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1 };

describe.each(backends)('scheduler on %s', (backend) => {
  let database: TestDatabase;
  const jobSchemas: string[] = [];
  let saoPaulo: string;
  let moscow: string;

  /** Each test gets its own pg-boss schema, so queued jobs of one test never meet another's. */
  function jobBackend(name: string): JobBackend {
    if (database.backend === 'pglite') return { kind: 'pglite', pglite: database.pglite!, schema: name };
    const schema = `${database.schema}_${name}`;
    jobSchemas.push(schema);
    return { kind: 'postgres', url: database.url!, schema, poolSize: 3 };
  }

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    saoPaulo = (await createTenant(database.db, { name: 'Salão', timezone: 'America/Sao_Paulo' })).tenant.id;
    moscow = (
      await createTenant(database.db, {
        name: 'Салон',
        timezone: 'Europe/Moscow',
        settings: { reactivation: { dailyRun: { localTime: '08:30' } } },
      })
    ).tenant.id;
  });

  afterAll(async () => {
    await database.dispose();
    if (database.backend !== 'postgres') return;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    for (const schema of jobSchemas) await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it("writes each tenant's schedules in its own zone and follows its settings", async () => {
    const off = (
      await createTenant(database.db, {
        name: 'Closed for now',
        timezone: 'UTC',
        settings: { reactivation: { dailyRun: { enabled: false } } },
      })
    ).tenant.id;
    const { handlers } = recorder();
    const scheduler = await startScheduler({
      db: database.db,
      backend: jobBackend('sync'),
      handlers,
      logger: pino({ level: 'silent' }),
    });
    try {
      const crons = async (tenantId: string) =>
        Object.fromEntries(
          (await scheduler.schedulesOf(tenantId)).map((s) => [s.job, `${s.cron} ${s.timezone}`] as const),
        );
      expect((await crons(saoPaulo)).planDaily).toBe('0 10 * * * America/Sao_Paulo');
      expect((await crons(saoPaulo)).recomputeMedians).toMatch(/^\d{1,2} 3 \* \* \* America\/Sao_Paulo$/);
      expect((await crons(saoPaulo)).expireSuggestions).toMatch(/^\d{1,2} \* \* \* \* America\/Sao_Paulo$/);
      expect((await crons(moscow)).planDaily).toBe('30 8 * * * Europe/Moscow');
      expect(Object.keys(await crons(off)).sort()).toEqual(['expireSuggestions', 'recomputeMedians']);

      // settings change, then the sync the settings endpoint triggers
      await database.db
        .updateTable('tenants')
        .set({ settings: JSON.stringify({ reactivation: { dailyRun: { localTime: '07:15' } } }) })
        .where('id', '=', off)
        .execute();
      await scheduler.syncTenant(off);
      expect((await crons(off)).planDaily).toBe('15 7 * * * UTC');

      // a tenant created behind the scheduler's back is picked up by the periodic full sync
      const late = (await createTenant(database.db, { name: 'Late', timezone: 'Asia/Kolkata' })).tenant.id;
      expect(await crons(late)).toEqual({});
      await scheduler.syncAllTenants();
      expect((await crons(late)).planDaily).toBe('0 10 * * * Asia/Kolkata');

      // deleted tenants lose their schedules, one at a time or in the full sync
      await database.db.deleteFrom('tenants').where('id', 'in', [off, late]).execute();
      await scheduler.syncTenant(off);
      expect(await crons(off)).toEqual({});
      await scheduler.syncAllTenants();
      expect(await crons(late)).toEqual({});
      expect((await crons(saoPaulo)).planDaily).toBe('0 10 * * * America/Sao_Paulo');
    } finally {
      await scheduler.stop();
    }
  });

  it('runNow runs the handler for that tenant, at the time of the request', async () => {
    const { calls, handlers } = recorder();
    const requestedAt = new Date('2026-05-04T15:20:00Z');
    const scheduler = await startScheduler({
      db: database.db,
      backend: jobBackend('run_now'),
      handlers,
      logger: pino({ level: 'silent' }),
      clock: () => requestedAt,
      tuning: FAST,
    });
    try {
      expect(await scheduler.runNow('recomputeMedians', moscow)).toMatch(/^[0-9a-f-]{36}$/);
      await waitFor(() => calls.length > 0, 'the handler');
      expect(calls).toEqual([{ job: 'recomputeMedians', tenantId: moscow, at: requestedAt }]);
    } finally {
      await scheduler.stop();
    }
  });

  it("retries a failing tenant's job without holding up another tenant's", async () => {
    const { calls, handlers } = recorder({
      planDaily: async (tenantId) => {
        if (tenantId === saoPaulo) throw new Error('LLM and templates both unavailable');
      },
    });
    const { lines, logger } = captureLogs();
    const scheduler = await startScheduler({
      db: database.db,
      backend: jobBackend('failing'),
      handlers,
      logger,
      tuning: { ...FAST, concurrency: 1 },
    });
    try {
      await scheduler.runNow('planDaily', saoPaulo);
      await scheduler.runNow('planDaily', moscow);
      const runsOf = (tenantId: string) => calls.filter((call) => call.tenantId === tenantId).length;
      await waitFor(
        () => runsOf(moscow) === 1 && runsOf(saoPaulo) >= 2,
        'a retry of São Paulo and the Moscow run',
      );
      const failure = lines.find((line) => line.tenantId === saoPaulo && line.willRetry === true);
      expect(failure).toMatchObject({
        job: 'planDaily',
        attempt: 1,
        err: { message: 'LLM and templates both unavailable' },
      });
      expect(lines.some((line) => line.tenantId === moscow && line.msg === 'job done')).toBe(true);
    } finally {
      await scheduler.stop();
    }
  });

  it('stop() lets a running job finish before it resolves', async () => {
    let started = false;
    let finished = false;
    const { handlers } = recorder({
      expireSuggestions: async () => {
        started = true;
        await delay(1500);
        finished = true;
      },
    });
    const backendForTest = jobBackend('drain');
    const scheduler = await startScheduler({
      db: database.db,
      backend: backendForTest,
      handlers,
      logger: pino({ level: 'silent' }),
      tuning: FAST,
    });
    await scheduler.runNow('expireSuggestions', saoPaulo);
    await waitFor(() => started, 'the job to start');
    const stopping = scheduler.stop();
    await delay(100);
    expect(finished).toBe(false);
    await stopping;
    expect(finished).toBe(true);
    const { rows } = await sql<{
      state: string;
    }>`select state from ${sql.id(backendForTest.schema, 'job')} where name = 'reactivation.expire-suggestions'`.execute(
      database.db,
    );
    expect(rows.map((row) => row.state)).toEqual(['completed']);
  });

  it.runIf(backend === 'pglite')(
    'never runs job statements inside an open application transaction',
    async () => {
      const { calls, handlers } = recorder();
      const scheduler = await startScheduler({
        db: database.db,
        backend: jobBackend('isolation'),
        handlers,
        logger: pino({ level: 'silent' }),
        tuning: FAST,
      });
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        // A transaction that holds PGlite's one session, then rolls back. Had runNow's insert slipped
        // in between its statements, the rollback would take the job with it.
        const transaction = database.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await held;
          throw new Error('rolled back');
        });
        await delay(50);
        const sending = scheduler.runNow('planDaily', moscow);
        await delay(300);
        release();
        await expect(transaction).rejects.toThrow('rolled back');
        expect(await sending).toBeTruthy();
        await waitFor(() => calls.length === 1, 'the job queued during the transaction');
      } finally {
        await scheduler.stop();
      }
    },
  );

  it('two schedulers on one database run a scheduled occurrence once, at its local time', async () => {
    // São Paulo is UTC−3 all year: its 10:00 daily run is 13:00 UTC. Start at 12:59:30 UTC on a day
    // after today, so the database clock pg-boss compares with only moves forward.
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const clock = new TestClock(new Date(`${day}T12:59:30Z`));
    const { calls, handlers } = recorder();
    const jobs = jobBackend('cron');
    const tuning: SchedulerTuning = { clock, stopTimeoutMs: 1000 };
    const silent = pino({ level: 'silent' });
    const first = await startScheduler({ db: database.db, backend: jobs, handlers, logger: silent, tuning });
    let second: Scheduler | undefined;
    try {
      second = await startScheduler({ db: database.db, backend: jobs, handlers, logger: silent, tuning });
      const late = (await createTenant(database.db, { name: 'Late', timezone: 'Asia/Kolkata' })).tenant.id;
      expect(await first.schedulesOf(late)).toEqual([]);
      const planned = () => calls.filter((call) => call.job === 'planDaily');
      // Through 13:02:00 in 5-second steps: cron passes, pg-boss's forwarding queue and the
      // workers all run on this clock.
      for (let step = 0; step < 30; step++) {
        await clock.tick(5000);
        await delay(10);
      }
      expect(planned()).toEqual([{ job: 'planDaily', tenantId: saoPaulo, at: new Date(`${day}T13:00:00Z`) }]);
      const pairs = calls.map((call) => `${call.job} ${call.tenantId}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      // the periodic full sync ran at 13:00 and scheduled the tenant added behind the schedulers' backs
      expect((await first.schedulesOf(late)).map((s) => s.job)).toContain('planDaily');
      // the metrics hook counts the one plan-daily job, done
      expect((await second.stats()).find((s) => s.job === 'planDaily')).toEqual({
        job: 'planDaily',
        queued: 0,
        active: 0,
        failed: 0,
        total: 1,
      });
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
