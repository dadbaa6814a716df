import { DEFAULT_REACTIVATION_SETTINGS, parseReactivationSettings } from '../domain/settings/reactivation.ts';

/**
 * What each tenant's recurring jobs should look like, worked out from its time zone and settings.
 * Pure: the scheduler compares this with what pg-boss holds and writes only the difference.
 */

/** The tenant-scoped jobs; the names are the keys of `JobHandlers`. */
export const TENANT_JOBS = ['planDaily', 'recomputeMedians', 'expireSuggestions'] as const;
export type TenantJob = (typeof TENANT_JOBS)[number];

/** The local wall-clock minute a schedule fires at; `hour: null` fires every hour at `minute`. */
export interface LocalSlot {
  hour: number | null;
  minute: number;
}

export interface TenantSchedule {
  job: TenantJob;
  /** Five-field cron expression, evaluated by pg-boss in `timezone`. */
  cron: string;
  timezone: string;
  slot: LocalSlot;
}

export interface DailyRunSettings {
  enabled: boolean;
  localTime: string;
}

/** The schema's defaults (settings/reactivation.ts explains 10:00), for settings it rejects. */
const DEFAULT_DAILY_RUN: DailyRunSettings = {
  enabled: DEFAULT_REACTIVATION_SETTINGS.dailyRun.enabled,
  localTime: DEFAULT_REACTIVATION_SETTINGS.dailyRun.localTime,
};

/**
 * The hour of the nightly median recompute (issue 3). 03:00 local is after the day's visits are
 * in and before the 10:00 planning run reads the medians; it is also past the 02:00–03:00 hour
 * that daylight-saving changes skip or repeat in Europe and North America, so it happens exactly
 * once every night.
 */
const RECOMPUTE_HOUR = 3;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Reads `settings.reactivation.dailyRun` through the reactivation settings schema. Stored JSON
 * may predate that schema or carry a mistake anywhere in it, and one bad field elsewhere
 * (`controlShare: 2`) must not stop or move the daily run: then only the two fields are read,
 * each falling back to its default when malformed. `problems` lists what the schema rejected,
 * for the caller to log.
 */
export function readDailyRun(settings: unknown): DailyRunSettings & { problems: string[] } {
  const reactivation = field(settings, 'reactivation');
  const parsed = parseReactivationSettings(reactivation);
  if (parsed.ok) {
    const { enabled, localTime } = parsed.settings.dailyRun;
    return { enabled, localTime, problems: [] };
  }
  const problems = parsed.issues.map((issue) => `reactivation.${issue.path}: ${issue.message}`);
  const dailyRun = field(reactivation, 'dailyRun');
  const enabled = field(dailyRun, 'enabled');
  const localTime = field(dailyRun, 'localTime');
  return {
    enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_DAILY_RUN.enabled,
    localTime:
      typeof localTime === 'string' && LOCAL_TIME.test(localTime) ? localTime : DEFAULT_DAILY_RUN.localTime,
    problems,
  };
}

/**
 * A minute of the hour derived from the tenant id (FNV-1a). Jobs that need not run at a precise
 * minute are spread over the hour so a thousand tenants do not all recompute at 03:00:00 and
 * all expire suggestions at the top of every hour; the same tenant always gets the same minute.
 */
export function spreadMinute(tenantId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i++) {
    hash ^= tenantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 60;
}

/** The schedules a tenant should have; a disabled daily run is simply absent. */
export function tenantSchedules(tenant: {
  id: string;
  timezone: string;
  settings: unknown;
}): TenantSchedule[] {
  const daily = readDailyRun(tenant.settings);
  const minute = spreadMinute(tenant.id);
  const slots: Array<[TenantJob, LocalSlot]> = [];
  if (daily.enabled) {
    const [hour, min] = daily.localTime.split(':').map(Number) as [number, number];
    slots.push(['planDaily', { hour, minute: min }]);
  }
  slots.push(['recomputeMedians', { hour: RECOMPUTE_HOUR, minute }]);
  slots.push(['expireSuggestions', { hour: null, minute }]);
  return slots.map(([job, slot]) => ({ job, slot, timezone: tenant.timezone, cron: cronOf(slot) }));
}

function cronOf(slot: LocalSlot): string {
  return `${slot.minute} ${slot.hour ?? '*'} * * *`;
}

/**
 * How long after its slot a scheduled job can still be recognised as that slot's run. pg-boss
 * evaluates cron every 30 s and forwards the occurrence through its own queue (polled every
 * 5 s), so a job is normally created within a minute of its slot; a job created later than this
 * (a catch-up after downtime) is taken to run for the moment it was created. Under an hour, so an
 * hourly job is never taken for the previous hour's.
 */
const SLOT_LOOKBACK_MINUTES = 50;

/**
 * The instant a scheduled run is for: the latest minute at or before `createdAt` whose local
 * wall-clock time in `timezone` matches `slot`. A 23:59 run whose job is created at 00:00:20
 * still plans for the day it was scheduled on. Minutes are stepped one at a time rather than
 * computed from offsets, so a daylight-saving change inside the look-back cannot misplace it.
 */
export function slotInstant(createdAt: Date, slot: LocalSlot, timezone: string): Date {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const start = Math.floor(createdAt.getTime() / 60_000) * 60_000;
  for (let step = 0; step <= SLOT_LOOKBACK_MINUTES; step++) {
    const candidate = new Date(start - step * 60_000);
    const parts = format.formatToParts(candidate);
    const hour = Number(parts.find((part) => part.type === 'hour')?.value);
    const minute = Number(parts.find((part) => part.type === 'minute')?.value);
    if (minute === slot.minute && (slot.hour === null || hour === slot.hour)) return candidate;
  }
  return createdAt;
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
