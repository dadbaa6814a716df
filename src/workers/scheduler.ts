import type { JobWithMetadata, PgBoss, Schedule } from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/kysely.ts';
import { type BossTuning, createBoss, type JobBackend } from '../adapters/jobs/boss.ts';
import { getTenant, isValidTimeZone, listTenants, type Tenant } from '../app/tenants.ts';
import { QUEUES, SYNC_QUEUE } from './queues.ts';
import {
  type LocalSlot,
  readDailyRun,
  slotInstant,
  TENANT_JOBS,
  type TenantJob,
  type TenantSchedule,
  tenantSchedules,
} from './tenant-schedules.ts';

export type { TenantJob } from './tenant-schedules.ts';

/**
 * The work behind each recurring job. `at` is the instant the run is for: the scheduled local
 * time for a scheduled run, the moment of the request for `runNow`. A handler that throws is
 * logged and retried by pg-boss (see queues.ts); it never holds up other tenants' jobs.
 */
export interface JobHandlers {
  /** Issue 4's daily planning run. */
  planDaily(tenantId: string, at: Date): Promise<unknown>;
  /** Issue 3's nightly recompute of the tenant medians. */
  recomputeMedians(tenantId: string, at: Date): Promise<unknown>;
  /** Hourly expiry of suggestions nobody approved in time. */
  expireSuggestions(tenantId: string, at: Date): Promise<unknown>;
}

export interface SchedulerTuning extends BossTuning {
  /** How often each worker asks for a job (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
  /** Overrides the first retry delay of every tenant job (default 60 s, see queues.ts). */
  retryDelaySeconds?: number;
  /** Tenant jobs one process runs at once, per job kind (default 2). */
  concurrency?: number;
  /** How long `stop()` waits for running jobs before failing them back to the queue (default 30 s). */
  stopTimeoutMs?: number;
}

export interface SchedulerOptions {
  db: Db;
  backend: JobBackend;
  handlers: JobHandlers;
  logger: Logger;
  /** The `at` handed to `runNow` runs; defaults to the tuning clock, else the system clock. */
  clock?: () => Date;
  tuning?: SchedulerTuning;
}

export interface JobStats {
  job: TenantJob;
  queued: number;
  active: number;
  failed: number;
  total: number;
}

export interface Scheduler {
  /** (Re)creates one tenant's schedules from its time zone and settings; removes them if it is gone. */
  syncTenant(tenantId: string): Promise<void>;
  /** Syncs every tenant and removes the schedules of tenants that no longer exist. */
  syncAllTenants(): Promise<void>;
  /** Queues one run now. Resolves to the job id, or null when a run for this tenant is already queued. */
  runNow(job: TenantJob, tenantId: string): Promise<string | null>;
  /** The tenant's schedules as pg-boss holds them. */
  schedulesOf(tenantId: string): Promise<TenantSchedule[]>;
  /** Job counts per job kind, for metrics; at most a minute old (pg-boss counts at most once a minute). */
  stats(): Promise<JobStats[]>;
  /** Stops taking jobs and waits for running ones to finish (up to `stopTimeoutMs`). */
  stop(): Promise<void>;
}

interface JobData {
  tenantId: string;
  /** Set by schedules: the local slot the run belongs to, to recover its exact instant. */
  slot?: LocalSlot;
  timezone?: string;
  /** Set by `runNow`: the instant of the request. */
  at?: string;
}

/**
 * Starts pg-boss over `backend`, registers the workers, writes every tenant's schedules and
 * resolves once jobs are being taken. Any number of processes may run this against one
 * database: pg-boss lets one process evaluate cron per interval and files each occurrence under
 * a singleton key, so one occurrence becomes one job, and SKIP LOCKED hands each job to one
 * worker.
 */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { db, handlers, tuning = {} } = options;
  const logger = options.logger.child({ component: 'scheduler' });
  const clock = options.clock ?? (tuning.clock ? () => new Date(tuning.clock!.now()) : () => new Date());
  const boss = createBoss(options.backend, db, tuning);
  // pg-boss reports background failures (a cron pass, maintenance, a lost connection) as events;
  // an EventEmitter 'error' with no listener would crash the process.
  boss.on('error', (error) => logger.error({ err: error }, 'job system error'));
  boss.on('warning', (warning) => logger.warn({ warning }, 'job system warning'));

  await boss.start();
  try {
    await prepareQueues(boss, tuning);
    for (const job of TENANT_JOBS) {
      await boss.work(
        QUEUES[job].name,
        {
          includeMetadata: true,
          batchSize: 1,
          localConcurrency: tuning.concurrency ?? 2,
          ...(tuning.pollingIntervalSeconds ? { pollingIntervalSeconds: tuning.pollingIntervalSeconds } : {}),
        },
        ([entry]: JobWithMetadata<JobData>[]) => runJob(job, entry!),
      );
    }
    await boss.work(SYNC_QUEUE.name, async () => {
      try {
        await syncAllTenants();
      } catch (error) {
        logger.error({ err: error }, 'periodic schedule sync failed; pg-boss will retry it');
        throw error;
      }
    });
    await boss.schedule(SYNC_QUEUE.name, SYNC_QUEUE.cron, null, { tz: 'UTC' });
    await syncAllTenants();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  logger.info({ backend: options.backend.kind, schema: options.backend.schema }, 'scheduler started');

  async function runJob(job: TenantJob, entry: JobWithMetadata<JobData>): Promise<void> {
    const { tenantId, slot, timezone, at: requested } = entry.data;
    const at = requested
      ? new Date(requested)
      : slot && timezone
        ? slotInstant(entry.createdOn, slot, timezone)
        : entry.createdOn;
    const log = logger.child({ job, tenantId, jobId: entry.id, attempt: entry.retryCount + 1 });
    const started = performance.now();
    try {
      await handlers[job](tenantId, at);
      log.info({ at, ms: Math.round(performance.now() - started) }, 'job done');
    } catch (error) {
      const willRetry = entry.retryCount < entry.retryLimit;
      log[willRetry ? 'warn' : 'error'](
        { err: error, at, willRetry },
        willRetry ? 'job failed; pg-boss will retry it' : 'job failed for the last time',
      );
      throw error;
    }
  }

  async function syncAllTenants(): Promise<void> {
    const tenants = await listTenants(db);
    const held = await heldSchedules(boss);
    for (const tenant of tenants) {
      try {
        await applyTenant(tenant, (job) => held[job].get(tenant.id));
      } catch (error) {
        // One tenant's bad row must not leave every tenant after it unscheduled.
        logger.error({ err: error, tenantId: tenant.id }, 'could not sync the tenant schedules');
      }
    }
    const live = new Set(tenants.map((tenant) => tenant.id));
    for (const job of TENANT_JOBS) {
      for (const key of held[job].keys()) {
        if (!live.has(key)) await boss.unschedule(QUEUES[job].name, key);
      }
    }
  }

  async function syncTenant(tenantId: string): Promise<void> {
    const tenant = await getTenant(db, tenantId);
    const held = new Map<TenantJob, Schedule>();
    for (const job of TENANT_JOBS) {
      const schedule = await boss.getSchedule(QUEUES[job].name, tenantId);
      if (schedule) held.set(job, schedule);
    }
    if (!tenant) {
      for (const job of held.keys()) await boss.unschedule(QUEUES[job].name, tenantId);
      return;
    }
    await applyTenant(tenant, (job) => held.get(job));
  }

  async function applyTenant(
    tenant: Tenant,
    heldFor: (job: TenantJob) => Schedule | undefined,
  ): Promise<void> {
    const log = logger.child({ tenantId: tenant.id });
    let timezone = tenant.timezone;
    if (!isValidTimeZone(timezone)) {
      // Tenant creation validates the zone, so this is a row edited by hand. Running in UTC beats
      // not expiring suggestions at all; sending stays inside the send window regardless.
      log.error({ timezone }, 'tenant time zone is not an IANA zone; scheduling its jobs in UTC');
      timezone = 'UTC';
    }
    const { problems } = readDailyRun(tenant.settings);
    if (problems.length > 0)
      log.warn({ problems }, 'reactivation settings do not parse; daily run read field by field');
    const wanted = tenantSchedules({ id: tenant.id, timezone, settings: tenant.settings });
    for (const job of TENANT_JOBS) {
      const want = wanted.find((schedule) => schedule.job === job);
      const have = heldFor(job);
      if (!want) {
        if (have) await boss.unschedule(QUEUES[job].name, tenant.id);
        continue;
      }
      const data: JobData = { tenantId: tenant.id, slot: want.slot, timezone: want.timezone };
      if (have && sameSchedule(have, want, data)) continue;
      await boss.schedule(QUEUES[job].name, want.cron, data, {
        tz: want.timezone,
        key: tenant.id,
        singletonKey: tenant.id,
        // After downtime across a slot, run once on the next cron pass rather than skip the day.
        missed: 'once',
      });
      log.info({ job, cron: want.cron, timezone: want.timezone }, 'scheduled');
    }
  }

  return {
    syncTenant,
    syncAllTenants,
    async runNow(job, tenantId) {
      const data: JobData = { tenantId, at: clock().toISOString() };
      return boss.send(QUEUES[job].name, data, { singletonKey: tenantId });
    },
    async schedulesOf(tenantId) {
      const found: TenantSchedule[] = [];
      for (const job of TENANT_JOBS) {
        const schedule = await boss.getSchedule(QUEUES[job].name, tenantId);
        const data = schedule?.data as JobData | undefined;
        if (schedule && data?.slot)
          found.push({ job, cron: schedule.cron, timezone: schedule.timezone, slot: data.slot });
      }
      return found;
    },
    async stats() {
      const stats: JobStats[] = [];
      for (const job of TENANT_JOBS) {
        // `force` recounts when pg-boss's cached counts are over a minute old.
        const [snapshot] = await boss.getQueueStats(QUEUES[job].name, { force: true });
        stats.push({
          job,
          queued: snapshot?.queuedCount ?? 0,
          active: snapshot?.activeCount ?? 0,
          failed: snapshot?.failedCount ?? 0,
          total: snapshot?.totalCount ?? 0,
        });
      }
      return stats;
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: tuning.stopTimeoutMs ?? 30_000 });
      logger.info('scheduler stopped');
    },
  };
}

/** Creates the queues, and brings the retry policy of existing ones up to this release's. */
async function prepareQueues(boss: PgBoss, tuning: SchedulerTuning): Promise<void> {
  for (const job of TENANT_JOBS) {
    const { name, options } = QUEUES[job];
    const { policy: _policy, ...policy } = {
      ...options,
      ...(tuning.retryDelaySeconds !== undefined ? { retryDelay: tuning.retryDelaySeconds } : {}),
    };
    await boss.createQueue(name, { ...policy, policy: options.policy ?? 'standard' });
    await boss.updateQueue(name, policy);
  }
  await boss.createQueue(SYNC_QUEUE.name, SYNC_QUEUE.options);
}

/** Every tenant schedule pg-boss holds, by job and tenant id, read a page at a time. */
async function heldSchedules(boss: PgBoss): Promise<Record<TenantJob, Map<string, Schedule>>> {
  const held = {} as Record<TenantJob, Map<string, Schedule>>;
  const limit = 1000;
  for (const job of TENANT_JOBS) {
    const byTenant = new Map<string, Schedule>();
    let after: Pick<Schedule, 'name' | 'key'> | undefined;
    for (;;) {
      const page = await boss.getSchedules(QUEUES[job].name, undefined, {
        limit,
        ...(after ? { after } : {}),
      });
      for (const schedule of page) byTenant.set(schedule.key, schedule);
      const last = page.at(-1);
      if (page.length < limit || !last) break;
      after = { name: last.name, key: last.key };
    }
    held[job] = byTenant;
  }
  return held;
}

function sameSchedule(have: Schedule, want: TenantSchedule, data: JobData): boolean {
  // Compared field by field: jsonb does not keep key order, so serialised objects would differ.
  const stored = (have.data ?? {}) as Partial<JobData>;
  return (
    have.cron === want.cron &&
    have.timezone === want.timezone &&
    stored.tenantId === data.tenantId &&
    stored.timezone === data.timezone &&
    stored.slot?.hour === want.slot.hour &&
    stored.slot?.minute === want.slot.minute &&
    have.options?.missed === 'once' &&
    have.options?.singletonKey === data.tenantId
  );
}
