import type { DbOrTrx } from '../../adapters/db/kysely.ts';
import { type DetectionSettings, parseDetectionSettings } from '../../domain/settings/detection.ts';
import { zoneOffsetAt } from '../../domain/time/start-of-day.ts';
import { AppError, notFound } from '../errors.ts';

export const MS_PER_DAY = 86_400_000;

/** What every detection use case needs to know about the tenant. */
export interface DetectionContext {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly settings: DetectionSettings;
}

/** The tenant's zone and its detection settings (`tenants.settings.detection`, defaults filled in). */
export async function loadDetectionContext(db: DbOrTrx, tenantId: string): Promise<DetectionContext> {
  const row = await db
    .selectFrom('tenants')
    .select(['timezone', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('tenant', tenantId);
  const parsed = parseDetectionSettings((row.settings as { detection?: unknown }).detection);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new AppError(
      'validation_error',
      `the tenant's detection settings are invalid: ${first?.path}: ${first?.message}`,
      {
        issues: parsed.issues.map((issue) => ({
          field: `settings.detection.${issue.path}`,
          message: issue.message,
        })),
      },
    );
  }
  return { tenantId, timeZone: row.timezone, settings: parsed.settings };
}

/**
 * Local wall-clock milliseconds: the tenant's local date and time at `instant`, read as if it
 * were UTC. The detection domain runs on these, so its UTC days are the tenant's days.
 */
export function toLocalMs(instant: number, timeZone: string): number {
  return instant + zoneOffsetAt(instant, timeZone);
}

/** Conversions between instants and local wall-clock ms in one zone, fast enough for every visit. */
export interface ZoneClock {
  readonly timeZone: string;
  toLocal(instant: number): number;
  fromLocal(localMs: number): number;
}

/**
 * toLocalMs and fromLocalMs for many instants: the zone's offset is looked up once per UTC day
 * and reused for every instant of that day, unless it changes during the day (a clock change),
 * where each instant is converted exactly. A million visits cost tens of milliseconds instead of
 * ~13 s through Intl, and ~0.7 s less than `at time zone` in SQL.
 */
export function createZoneClock(timeZone: string): ZoneClock {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    return { timeZone, toLocal: (instant) => instant, fromLocal: (localMs) => localMs };
  }
  const offsets = new Map<number, number>();
  const offsetAt = (instant: number) => {
    const day = Math.floor(instant / MS_PER_DAY);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const start = zoneOffsetAt(day * MS_PER_DAY, timeZone);
      const end = zoneOffsetAt((day + 1) * MS_PER_DAY - 1, timeZone);
      offset = start === end ? start : Number.NaN;
      offsets.set(day, offset);
    }
    return Number.isNaN(offset) ? zoneOffsetAt(instant, timeZone) : offset;
  };
  return {
    timeZone,
    toLocal: (instant) => instant + offsetAt(instant),
    fromLocal: (localMs) => localMs - offsetAt(localMs - offsetAt(localMs)),
  };
}
