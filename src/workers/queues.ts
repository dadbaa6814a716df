import type { Queue } from 'pg-boss';
import type { TenantJob } from './tenant-schedules.ts';

type QueuePolicy = Omit<Queue, 'name'>;

/**
 * Shared by every tenant job. A failed run is retried three times with exponential backoff from
 * one minute, capped at 30 minutes: long enough to ride out an LLM or database hiccup, short
 * enough that a daily run still lands the same morning. `stately` with the tenant id as
 * singleton key keeps at most one run queued and one running per tenant and job, so a "run now"
 * on top of a scheduled run, or a retry still waiting, does not pile up duplicates. A heartbeat
 * every 60 s lets another process take over a job within minutes when its process dies, instead
 * of waiting out the whole expiry.
 */
const tenantJob: QueuePolicy = {
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 60,
  retryBackoff: true,
  retryDelayMax: 30 * 60,
  heartbeatSeconds: 60,
};

export const QUEUES: Record<TenantJob, { name: string; options: QueuePolicy }> = {
  planDaily: {
    name: 'reactivation.plan-daily',
    // Planning writes one message per candidate under an LLM budget of 15 requests a minute
    // (issue 4): a thousand candidates take over an hour, so the run may stay active for four.
    options: { ...tenantJob, expireInSeconds: 4 * 60 * 60 },
  },
  recomputeMedians: {
    name: 'detection.recompute-medians',
    options: { ...tenantJob, expireInSeconds: 60 * 60 },
  },
  expireSuggestions: {
    name: 'reactivation.expire-suggestions',
    // Runs hourly, so giving up sooner costs little: the next hour tries again.
    options: { ...tenantJob, retryLimit: 2, expireInSeconds: 15 * 60 },
  },
};

/**
 * Re-reads every tenant and corrects their schedules, so a tenant created or reconfigured by a
 * process that has no scheduler (an `api`-only process, a CLI import) is picked up within ten
 * minutes without anyone calling `syncTenant`.
 */
export const SYNC_QUEUE = {
  name: 'scheduler.sync-tenants',
  cron: '*/10 * * * *',
  options: {
    policy: 'stately',
    retryLimit: 1,
    retryDelay: 60,
    expireInSeconds: 10 * 60,
  } satisfies QueuePolicy,
};
