import { type Db, type DbOrTrx, withTenant } from '../../adapters/db/kysely.ts';
import {
  loadBusyIntervals,
  loadStaffForSlots,
  loadTenantTimeZone,
  type SlotStaffRow,
} from '../../adapters/db/slots.repository.ts';
import {
  type BusyInterval,
  freeSlots,
  type LocalSlot,
  type Slot,
  type SlotStaff,
} from '../../domain/slots/index.ts';
import { notFound } from '../errors.ts';

/**
 * An hour, for a service whose offering has no duration and for a booking with neither an end nor
 * an offering duration: the demo salon's services run 30–180 minutes (median 50), and rounding up
 * errs towards a slot left free rather than one booked twice.
 */
export const DEFAULT_DURATION_MINUTES = 60;

/** What a booking system is asked: free times for one service, for some or all staff. */
export interface AvailabilityQuery {
  readonly tenantId: string;
  /** The earliest start. */
  readonly from: Date;
  /** Starts before this. */
  readonly to: Date;
  readonly durationMinutes: number;
  /** The grid of start times; the source's own when absent. */
  readonly stepMinutes?: number;
  /** Only these staff members (who can perform the service); every active one when absent. */
  readonly staffIds?: readonly string[];
}

/**
 * The port for where free time comes from: the built-in one reads staff hours and bookings from
 * Rekindle's own tables; an adapter for an outside booking system (YClients' free-times endpoint,
 * seed 004) implements the same method. `staffId` is Rekindle's staff id (an adapter maps the
 * booking system's own, as imports do through `external_id`). Slots may carry `local` (where they
 * fall on the tenant's clock); the suggester computes it for those that do not, and drops slots
 * outside the window or for staff it did not ask about.
 */
export interface AvailabilitySource {
  freeSlots(query: AvailabilityQuery): Promise<readonly Slot[]>;
}

/** Staff hours and busy time of one tenant over a window, loaded once and answered from memory. */
export interface AvailabilitySnapshot {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly from: Date;
  readonly to: Date;
  /** Active staff only: inactive staff take no bookings. */
  readonly staff: readonly SlotStaff[];
  readonly busy: readonly BusyInterval[];
}

/**
 * Loads a snapshot inside a transaction the caller already scoped to the tenant; a caller that has
 * read the tenant's zone and staff already passes them in.
 */
export async function readAvailabilitySnapshot(
  trx: DbOrTrx,
  tenantId: string,
  window: { from: Date; to: Date },
  known: { timeZone?: string; staff?: readonly SlotStaffRow[] } = {},
): Promise<AvailabilitySnapshot> {
  const timeZone = known.timeZone ?? (await loadTenantTimeZone(trx, tenantId));
  if (timeZone === undefined) throw notFound('tenant', tenantId);
  const staff = known.staff ?? (await loadStaffForSlots(trx, tenantId));
  const busy = await loadBusyIntervals(trx, tenantId, {
    ...window,
    defaultMinutes: DEFAULT_DURATION_MINUTES,
  });
  return {
    tenantId,
    timeZone,
    from: window.from,
    to: window.to,
    staff: staff
      .filter((row) => row.active)
      .map((row) => ({ id: row.id, name: row.name, workingHours: row.working_hours })),
    busy: busy.map((row) => ({ staffId: row.staff_id, start: row.starts_at, end: row.ends_at })),
  };
}

export async function loadAvailabilitySnapshot(
  db: Db,
  tenantId: string,
  window: { from: Date; to: Date },
): Promise<AvailabilitySnapshot> {
  return withTenant(db, tenantId, (trx) => readAvailabilitySnapshot(trx, tenantId, window));
}

/**
 * Answers from a snapshot, without the database: the suggester asks once per offering and
 * hundreds of customers share the answer. A query reaching outside the snapshot's window is cut
 * to it (the busy time beyond was never loaded); one for another tenant is a bug and throws.
 */
export function snapshotAvailability(snapshot: AvailabilitySnapshot): AvailabilitySource & {
  freeSlots(query: AvailabilityQuery): Promise<LocalSlot[]>;
} {
  return {
    async freeSlots(query) {
      if (query.tenantId !== snapshot.tenantId)
        throw new Error(`availability snapshot of tenant ${snapshot.tenantId} asked about ${query.tenantId}`);
      const wanted = query.staffIds ? new Set(query.staffIds) : undefined;
      return freeSlots({
        from: new Date(Math.max(query.from.getTime(), snapshot.from.getTime())),
        to: new Date(Math.min(query.to.getTime(), snapshot.to.getTime())),
        timeZone: snapshot.timeZone,
        durationMinutes: query.durationMinutes,
        ...(query.stepMinutes !== undefined ? { stepMinutes: query.stepMinutes } : {}),
        staff: wanted ? snapshot.staff.filter((member) => wanted.has(member.id)) : snapshot.staff,
        busy: snapshot.busy,
      });
    },
  };
}

/** The built-in source: each question reads staff hours and bookings for its window. */
export function databaseAvailability(db: Db): AvailabilitySource {
  return {
    async freeSlots(query) {
      const snapshot = await loadAvailabilitySnapshot(db, query.tenantId, query);
      return snapshotAvailability(snapshot).freeSlots(query);
    },
  };
}
