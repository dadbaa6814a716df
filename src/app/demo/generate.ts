import type {
  ActivityInput,
  BookingInput,
  CustomerInput,
  OfferingInput,
  StaffInput,
} from '../../contracts/ingest.ts';
import { BOOKING_HORIZON_DAYS, createBookingCalendar } from './bookings.ts';
import { createZone, dayOfYmd, ymdOf } from './calendar.ts';
import { DEMO_TENANT, type DemoTenant, demoOfferings, demoStaff, STAFF } from './catalog.ts';
import { type CustomerContext, createDemoCustomer, type DemoCustomerRecord } from './customer.ts';
import type { DemoProfile } from './profile.ts';

/**
 * A realistic beauty salon in São Paulo — Salão Aurora — with years of visit history, for demos,
 * tests of the detection features and benchmarks. Pure and deterministic: the same seed and
 * `now` give the same business, byte for byte, and customer #n does not depend on how many
 * customers are asked for (a run of 100 is a prefix of a run of 2,000).
 */

export type DemoOptions = {
  seed?: number;
  customers?: number;
  /** The moment the history ends; everything happens before it except future bookings. */
  now: Date;
  years?: number;
};

export type DemoCatalog = {
  tenant: DemoTenant;
  offerings: OfferingInput[];
  staff: StaffInput[];
};

export type DemoBusiness = DemoCatalog & {
  customers: CustomerInput[];
  /** Sorted by time within each customer; customers in order. */
  activities: ActivityInput[];
  bookings: BookingInput[];
  /** The hidden truth behind each customer, by customer external id. */
  profiles: Record<string, DemoProfile>;
};

export function demoCatalog(): DemoCatalog {
  return { tenant: DEMO_TENANT, offerings: demoOfferings(), staff: demoStaff() };
}

function createContext(options: DemoOptions): CustomerContext & { customers: number } {
  const { seed = 42, customers = 2000, now, years = 3 } = options;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(customers) || customers < 0)
    throw new Error(`customers must be ≥ 0, got ${customers}`);
  if (!(years > 0 && years <= 20)) throw new Error(`years must be in (0, 20], got ${years}`);
  if (Number.isNaN(now.getTime())) throw new Error('now must be a valid date');

  const zone = createZone(DEMO_TENANT.timezone);
  const nowDay = zone.local(now.getTime()).day;
  const leaver = STAFF.find((spec) => spec.leftDaysAgo !== undefined);
  const { year } = ymdOf(nowDay);
  return {
    seed,
    customers,
    zone,
    nowDay,
    windowStart: nowDay - Math.round(years * 365.25),
    leaverLastDay: nowDay - (leaver?.leftDaysAgo ?? 0),
    yearStarts: Array.from({ length: Math.ceil(years) + 2 }, (_, back) => dayOfYmd(year - back, 1, 1)),
    calendar: createBookingCalendar(nowDay + 1, BOOKING_HORIZON_DAYS),
  };
}

/**
 * Customers one at a time with their activities and bookings, for runs too large to hold in
 * memory (benchmarks use 100k–1M). Memory stays flat: only the booking agenda for the next
 * three weeks is kept between customers.
 */
export function* streamDemoCustomers(options: DemoOptions): Generator<DemoCustomerRecord, void, undefined> {
  const context = createContext(options);
  for (let index = 1; index <= context.customers; index++) yield createDemoCustomer(index, context);
}

export function generateDemoBusiness(options: DemoOptions): DemoBusiness {
  const business: DemoBusiness = {
    ...demoCatalog(),
    customers: [],
    activities: [],
    bookings: [],
    profiles: {},
  };
  for (const record of streamDemoCustomers(options)) {
    business.customers.push(record.customer);
    for (const activity of record.activities) business.activities.push(activity);
    for (const booking of record.bookings) business.bookings.push(booking);
    business.profiles[record.customer.externalId] = record.profile;
  }
  return business;
}
