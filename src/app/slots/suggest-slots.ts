import { type Db, type DbOrTrx, withTenant } from '../../adapters/db/kysely.ts';
import {
  existingCustomerIds,
  loadCompletedVisits,
  loadOfferingStaff,
  loadOfferingsForSlots,
  loadStaffForSlots,
  loadTenantTimeZone,
  type SlotOfferingRow,
} from '../../adapters/db/slots.repository.ts';
import {
  analysePreferences,
  type Preferences,
  type TimeOfDay,
  type Weekday,
} from '../../domain/preferences/index.ts';
import {
  DEFAULT_OPTION_COUNT,
  type LocalSlot,
  localStartOf,
  type OfferLedger,
  pickOptions,
  type RankedSlot,
  rankSlots,
  type Slot,
} from '../../domain/slots/index.ts';
import { parseInstant } from '../../domain/time/parse-instant.ts';
import { invalid, notFound } from '../errors.ts';
import {
  type AvailabilitySource,
  DEFAULT_DURATION_MINUTES,
  readAvailabilitySnapshot,
  snapshotAvailability,
} from './availability.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 31;
export const MAX_COUNT = 5;

/**
 * With no `from`, slots start two hours from now: a reactivation message is read hours after it
 * is sent (seed 004 aims at replies within a day), and a time about to begin would be gone by then.
 */
export const DEFAULT_LEAD_MINUTES = 120;

/** Who can perform a service: those who did in the year before the window (seasons repeat yearly). */
const ELIGIBILITY_DAYS = 365;

export interface SlotSuggesterOptions {
  /** The earliest start: an instant, or a plain date (its midnight in the tenant's zone); never before now. */
  readonly from?: Date | string;
  /** How many days from `from` to search; DEFAULT_DAYS. */
  readonly days?: number;
  readonly stepMinutes?: number;
  /** The clock; new Date() when absent. */
  readonly now?: Date;
  /** Where free time comes from; Rekindle's own staff hours and bookings, loaded once, when absent. */
  readonly source?: AvailabilitySource;
}

export interface SuggestRequest {
  readonly preferences: Preferences;
  /** The service to book; the customer's most frequent service when absent or null. */
  readonly offeringId?: string | null;
  /** How many options; DEFAULT_OPTION_COUNT (3). */
  readonly count?: number;
  /**
   * Slots offered to other customers in this run. Pass one ledger to every call of a planning run:
   * each call ranks overlapping offers lower (and drops a time at the cap) and records its picks,
   * so the best Saturday morning is not offered to everyone.
   */
  readonly offered?: OfferLedger;
  readonly maxOffersPerSlot?: number;
}

export interface SuggestedOffering {
  readonly id: string;
  readonly name: string;
  readonly durationMinutes: number;
  /** `offering`: its own duration; `default`: it has none, so DEFAULT_DURATION_MINUTES. */
  readonly durationSource: 'offering' | 'default';
  /** `requested` by the caller, or the customer's `favourite` service. */
  readonly chosenAs: 'requested' | 'favourite';
}

export interface SlotSuggestion {
  /** Up to `count` options, best first, spread over days and times. */
  readonly slots: RankedSlot[];
  /** null: no service given and none in the customer's history; slots are for DEFAULT_DURATION_MINUTES. */
  readonly offering: SuggestedOffering | null;
  readonly durationMinutes: number;
  /** Whose time was searched: who performed the service in the last year, or every active staff member. */
  readonly staff: { readonly ids: readonly string[]; readonly source: 'history' | 'all_active' };
  /** How many free slots were ranked. */
  readonly considered: number;
  readonly window: { readonly from: Date; readonly to: Date };
}

export interface SlotSuggester {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly window: { readonly from: Date; readonly to: Date };
  /** A staff member's name, active or not; null when unknown. */
  staffName(id: string): string | null;
  offeringName(id: string): string | null;
  suggest(request: SuggestRequest): Promise<SlotSuggestion>;
}

/**
 * Loads what every customer's suggestion needs once — the tenant's zone, offerings, who performed
 * what, and (with the built-in source) staff hours and busy time for the whole window — and then
 * answers per customer in memory. Free slots are computed once per service and shared, so a
 * planning run for hundreds of customers costs one read and a handful of slot searches.
 */
export async function createSlotSuggester(
  db: Db,
  tenantId: string,
  options: SlotSuggesterOptions = {},
): Promise<SlotSuggester> {
  const now = options.now ?? new Date();
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw invalid('days', `must be a whole number of days from 1 to ${MAX_DAYS}`);

  const loaded = await withTenant(db, tenantId, async (trx) => {
    const timeZone = await loadTenantTimeZone(trx, tenantId);
    if (timeZone === undefined) throw notFound('tenant', tenantId);
    const from = resolveFrom(options.from, timeZone, now);
    const to = new Date(from.getTime() + days * MS_PER_DAY);
    const staff = await loadStaffForSlots(trx, tenantId);
    const snapshot = options.source
      ? null
      : await readAvailabilitySnapshot(trx, tenantId, { from, to }, { timeZone, staff });
    return {
      timeZone,
      from,
      to,
      snapshot,
      staff,
      offerings: await loadOfferingsForSlots(trx, tenantId),
      performed: await loadOfferingStaff(
        trx,
        tenantId,
        new Date(from.getTime() - ELIGIBILITY_DAYS * MS_PER_DAY),
      ),
    };
  });
  const { timeZone, from, to } = loaded;
  const source = options.source ?? snapshotAvailability(loaded.snapshot!);
  const staffNames = new Map(loaded.staff.map((row) => [row.id, row.name]));
  const activeStaff = loaded.staff.filter((row) => row.active).map((row) => row.id);
  const offerings = new Map(loaded.offerings.map((row) => [row.id, row]));
  const performers = new Map<string, Set<string>>();
  for (const row of loaded.performed) {
    const set = performers.get(row.offering_id) ?? new Set();
    set.add(row.staff_id);
    performers.set(row.offering_id, set);
  }

  const eligibleStaff = (offeringId: string | null): SlotSuggestion['staff'] => {
    const performed = offeringId ? performers.get(offeringId) : undefined;
    const ids = performed ? activeStaff.filter((id) => performed.has(id)) : [];
    return ids.length > 0 ? { ids, source: 'history' } : { ids: activeStaff, source: 'all_active' };
  };

  const searches = new Map<string, Promise<LocalSlot[]>>();
  const slotsFor = (offeringId: string | null, durationMinutes: number, staffIds: readonly string[]) => {
    const key = offeringId ?? '';
    let search = searches.get(key);
    if (!search) {
      search = source
        .freeSlots({
          tenantId,
          from,
          to,
          durationMinutes,
          ...(options.stepMinutes !== undefined ? { stepMinutes: options.stepMinutes } : {}),
          staffIds,
        })
        .then((slots) => localise(slots, { from, to, staffIds, timeZone }));
      // A failed search is not kept: the next customer asks the source again.
      search.catch(() => searches.delete(key));
      searches.set(key, search);
    }
    return search;
  };

  return {
    tenantId,
    timeZone,
    window: { from, to },
    staffName: (id) => staffNames.get(id) ?? null,
    offeringName: (id) => offerings.get(id)?.name ?? null,
    async suggest(request) {
      const count = request.count ?? DEFAULT_OPTION_COUNT;
      if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
        throw invalid('count', `must be a whole number from 1 to ${MAX_COUNT}`);
      const offering = chooseOffering(request, offerings);
      const durationMinutes = offering?.durationMinutes ?? DEFAULT_DURATION_MINUTES;
      const staff = eligibleStaff(offering?.id ?? null);
      const free =
        staff.ids.length === 0 ? [] : await slotsFor(offering?.id ?? null, durationMinutes, staff.ids);
      const ranked = rankSlots(free, request.preferences, {
        staffName: (id) => staffNames.get(id),
        ...(request.offered ? { offered: request.offered } : {}),
        ...(request.maxOffersPerSlot !== undefined ? { maxOffersPerSlot: request.maxOffersPerSlot } : {}),
      });
      const slots = pickOptions(ranked, count);
      request.offered?.record(slots);
      return { slots, offering, durationMinutes, staff, considered: ranked.length, window: { from, to } };
    },
  };
}

/** The requested service, or the customer's most frequent one that is a service (not a product). */
function chooseOffering(
  request: SuggestRequest,
  offerings: ReadonlyMap<string, SlotOfferingRow>,
): SuggestedOffering | null {
  const describe = (row: SlotOfferingRow, chosenAs: SuggestedOffering['chosenAs']): SuggestedOffering => ({
    id: row.id,
    name: row.name,
    durationMinutes: row.duration_minutes ?? DEFAULT_DURATION_MINUTES,
    durationSource: row.duration_minutes === null ? 'default' : 'offering',
    chosenAs,
  });
  if (request.offeringId) {
    const row = offerings.get(request.offeringId);
    if (!row) throw notFound('offering', request.offeringId);
    return describe(row, 'requested');
  }
  for (const share of request.preferences.offerings.shares) {
    const row = offerings.get(share.key);
    if (row?.kind === 'service') return describe(row, 'favourite');
  }
  return null;
}

/** Slots from any source, kept to the window and staff asked for, with their local start. */
function localise(
  slots: readonly Slot[],
  scope: { from: Date; to: Date; staffIds: readonly string[]; timeZone: string },
): LocalSlot[] {
  const staff = new Set(scope.staffIds);
  return slots
    .filter(
      (slot) =>
        slot.start >= scope.from && slot.start < scope.to && slot.end > slot.start && staff.has(slot.staffId),
    )
    .map(
      (slot): LocalSlot =>
        'local' in slot ? (slot as LocalSlot) : { ...slot, local: localStartOf(slot.start, scope.timeZone) },
    );
}

function resolveFrom(input: Date | string | undefined, timeZone: string, now: Date): Date {
  if (input === undefined) return new Date(now.getTime() + DEFAULT_LEAD_MINUTES * MS_PER_MINUTE);
  const parsed = parseInstant(input, timeZone);
  if (!parsed) throw invalid('from', `"${String(input)}" is not a date or date-time`);
  // Never in the past: a window starting yesterday starts now.
  return parsed < now ? now : parsed;
}

/** What the slot finder knew about a customer, for people to read. */
export interface PreferenceSummary {
  readonly visitCount: number;
  readonly staff: {
    readonly preferred: string | null;
    readonly name: string | null;
    readonly confidence: number;
  };
  readonly timeOfDay: { readonly preferred: TimeOfDay | null; readonly confidence: number };
  readonly weekdays: { readonly preferred: readonly Weekday[]; readonly confidence: number };
  readonly offering: {
    readonly preferred: string | null;
    readonly name: string | null;
    readonly confidence: number;
  };
}

export function summarisePreferences(
  preferences: Preferences,
  names: { staffName(id: string): string | null; offeringName(id: string): string | null },
): PreferenceSummary {
  const { staff, timeOfDay, weekdays, offerings } = preferences;
  return {
    visitCount: preferences.visitCount,
    staff: {
      preferred: staff.preferred,
      name: staff.preferred ? names.staffName(staff.preferred) : null,
      confidence: staff.confidence,
    },
    timeOfDay: { preferred: timeOfDay.preferred, confidence: timeOfDay.confidence },
    weekdays: { preferred: weekdays.preferred, confidence: weekdays.confidence },
    offering: {
      preferred: offerings.preferred,
      name: offerings.preferred ? names.offeringName(offerings.preferred) : null,
      confidence: offerings.confidence,
    },
  };
}

/**
 * The preferences of many customers from their completed visits up to `asOf` (default now), in one
 * query: what a planning run passes to the suggester. Customers without visits get empty
 * preferences (every slot neutral); ids that are not the tenant's customers get none.
 */
export async function loadCustomerPreferences(
  db: Db,
  tenantId: string,
  customerIds: readonly string[],
  options: { asOf?: Date } = {},
): Promise<Map<string, Preferences>> {
  return withTenant(db, tenantId, (trx) => readCustomerPreferences(trx, tenantId, customerIds, options.asOf));
}

async function readCustomerPreferences(
  trx: DbOrTrx,
  tenantId: string,
  customerIds: readonly string[],
  asOf: Date = new Date(),
): Promise<Map<string, Preferences>> {
  const timeZone = await loadTenantTimeZone(trx, tenantId);
  if (timeZone === undefined) throw notFound('tenant', tenantId);
  const known = await existingCustomerIds(trx, tenantId, customerIds);
  const visits = await loadCompletedVisits(trx, tenantId, [...known], asOf);
  const byCustomer = new Map<string, { at: Date; staffId: string | null; offeringId: string | null }[]>();
  for (const id of known) byCustomer.set(id, []);
  for (const visit of visits) {
    byCustomer
      .get(visit.customer_id)
      ?.push({ at: visit.occurred_at, staffId: visit.staff_id, offeringId: visit.offering_id });
  }
  return new Map([...byCustomer].map(([id, list]) => [id, analysePreferences(list, { timeZone })] as const));
}

export interface SuggestSlotsRequest {
  readonly customerId: string;
  readonly offeringId?: string | null;
  readonly from?: Date | string;
  readonly days?: number;
  readonly count?: number;
}

export interface CustomerSlotSuggestion extends SlotSuggestion {
  readonly customerId: string;
  readonly preferences: Preferences;
  readonly preferenceSummary: PreferenceSummary;
}

/**
 * Two or three times to offer one customer: their preferences from their completed visits, free
 * slots for the service (the one asked for, or their usual) with the staff who perform it, ranked
 * 60% staff / 40% time and spread over days. A customer the tenant does not have is not_found.
 */
export async function suggestSlots(
  db: Db,
  tenantId: string,
  request: SuggestSlotsRequest,
  options: Pick<SlotSuggesterOptions, 'now' | 'source' | 'stepMinutes'> = {},
): Promise<CustomerSlotSuggestion> {
  const now = options.now ?? new Date();
  const preferences = (await loadCustomerPreferences(db, tenantId, [request.customerId], { asOf: now })).get(
    request.customerId,
  );
  if (!preferences) throw notFound('customer', request.customerId);
  const suggester = await createSlotSuggester(db, tenantId, {
    ...options,
    now,
    ...(request.from !== undefined ? { from: request.from } : {}),
    ...(request.days !== undefined ? { days: request.days } : {}),
  });
  const suggestion = await suggester.suggest({
    preferences,
    ...(request.offeringId ? { offeringId: request.offeringId } : {}),
    ...(request.count !== undefined ? { count: request.count } : {}),
  });
  return {
    ...suggestion,
    customerId: request.customerId,
    preferences,
    preferenceSummary: summarisePreferences(preferences, suggester),
  };
}
