import type { ActivityInput, BookingInput, CustomerInput } from '../../contracts/ingest.ts';
import { type BookingCalendar, futureBookings } from './bookings.ts';
import type { Zone } from './calendar.ts';
import { offeringExternalId, PRODUCTS, type ProductSpec, SERVICES, type ServiceKey } from './catalog.ts';
import { createIdentity } from './identity.ts';
import { placeVisit, type Slot } from './placement.ts';
import { createProfile, type DemoProfile, STAFF_BY_KEY, type Track } from './profile.ts';
import { createRandom, type Random } from './random.ts';
import { type TimelineContext, trackDays } from './timeline.ts';

export type DemoCustomerRecord = {
  customer: CustomerInput;
  /** Sorted by time. */
  activities: ActivityInput[];
  /** Future bookings, all after `now`. */
  bookings: BookingInput[];
  /** The hidden truth this customer was generated from. */
  profile: DemoProfile;
};

export type CustomerContext = TimelineContext & {
  seed: number;
  zone: Zone;
  /** Day numbers of 1 January of this year, last year, …: prices rise each January. */
  yearStarts: readonly number[];
  calendar: BookingCalendar;
};

/** Streams of one seed: each customer draws from its own, so customers are independent. */
const BOOKING_STREAM_OFFSET = 0x4000_0000;

/** Brazilian salons raise prices each January roughly with inflation (IPCA ≈ 4–6%, plus a bit). */
const YEARLY_PRICE_RISE = 1.07;

export function customerExternalId(index: number): string {
  return `cus-${String(index).padStart(5, '0')}`;
}

function priceOn(base: number, day: number, context: CustomerContext): number {
  let yearsBack = 0;
  while (yearsBack < context.yearStarts.length - 1 && day < (context.yearStarts[yearsBack] ?? 0)) yearsBack++;
  if (yearsBack === 0) return base;
  return Math.max(5, Math.round(base / YEARLY_PRICE_RISE ** yearsBack / 5) * 5);
}

const cents = (value: number) => Math.round(value * 100) / 100;

type Draft = {
  at: number;
  order: number;
  day: number;
  minute: number;
  offering: string;
  staff: string;
  amount: number;
  quantity: number;
  status: 'completed' | 'cancelled' | 'no_show';
  kind: 'visit' | 'purchase';
};

const PRODUCTS_BY_CATEGORY: ReadonlyMap<string, ProductSpec[]> = Map.groupBy(
  PRODUCTS,
  (product) => product.category,
);

/** Appends one sitting (main service, add-ons, maybe a product) to `drafts`. */
function addVisit(
  random: Random,
  profile: DemoProfile,
  slot: Slot,
  status: Draft['status'],
  context: CustomerContext,
  drafts: Draft[],
): void {
  const staff = STAFF_BY_KEY.get(slot.staff)?.name ?? slot.staff;
  const discount =
    status === 'completed' && random.chance(profile.discountRate) ? random.pick([0.1, 0.15, 0.2]) : 0;
  let minute = slot.minute;
  for (const service of status === 'completed' ? slot.services : slot.services.slice(0, 1)) {
    const price = priceOn(SERVICES[service].price, slot.day, context);
    drafts.push({
      at: context.zone.instant(slot.day, minute),
      order: drafts.length,
      day: slot.day,
      minute,
      offering: offeringExternalId(service),
      staff,
      amount: status === 'completed' ? cents(price * (1 - discount)) : 0,
      quantity: 1,
      status,
      kind: 'visit',
    });
    minute += SERVICES[service].durationMinutes;
  }
  const main = slot.services[0] as ServiceKey;
  const shelf = PRODUCTS_BY_CATEGORY.get(SERVICES[main].category);
  if (status === 'completed' && shelf && random.chance(profile.productRate)) {
    // Bought at the counter: recorded at the start of the sitting, by the same professional.
    const product = random.pick(shelf);
    const quantity = random.chance(0.1) ? 2 : 1;
    drafts.push({
      at: context.zone.instant(slot.day, slot.minute),
      order: drafts.length,
      day: slot.day,
      minute: slot.minute,
      offering: offeringExternalId(product.key),
      staff,
      amount: cents(priceOn(product.price, slot.day, context) * quantity),
      quantity,
      status,
      kind: 'purchase',
    });
  }
}

/**
 * One track's visits. A planned visit is missed (no-show, rebooked 3–10 days later) or cancelled
 * (rebooked 1–7 days later) at the customer's personal rates; the rebooked visit takes place.
 * Visits end by yesterday: today's agenda is not history yet.
 */
function addTrackVisits(
  random: Random,
  profile: DemoProfile,
  track: Track,
  days: readonly number[],
  context: CustomerContext,
  drafts: Draft[],
): void {
  const bounds = { earliest: context.windowStart, latest: context.nowDay - 1, nowDay: context.nowDay };
  for (const target of days) {
    const roll = random.float();
    let visitDay = target;
    if (roll < profile.noShowRate + profile.cancelRate) {
      const missed = roll < profile.noShowRate ? 'no_show' : 'cancelled';
      const slot = placeVisit(random, profile, track, target, bounds, false);
      if (slot) {
        addVisit(random, profile, slot, missed, context, drafts);
        visitDay = slot.day + (missed === 'no_show' ? random.int(3, 10) : random.int(1, 7));
      }
    }
    const slot = placeVisit(random, profile, track, visitDay, bounds, true);
    if (slot) addVisit(random, profile, slot, 'completed', context, drafts);
  }
}

function tagsFor(profile: DemoProfile, attributes: Record<string, string>, random: Random): string[] {
  const byCategory = {
    hair: 'cabelo',
    nails: 'unhas',
    brows: 'sobrancelha',
    spa: 'massagem',
    skin: 'estetica',
  };
  const tags = new Set<string>(profile.tracks.map((track) => byCategory[SERVICES[track.service].category]));
  const nails = profile.tracks.find((track) => track.service === 'manicure');
  if (nails?.addons.some((addon) => addon.service === 'pedicure' && addon.probability > 0.5))
    tags.add('pe-e-mao');
  if (profile.tracks.some((track) => track.service === 'mechas')) tags.add('loiras');
  if (profile.vip) tags.add('vip');
  if (attributes.source === 'indicacao') tags.add('indicacao');
  if (profile.gender === 'female' && random.chance(0.01)) tags.add('noiva');
  return [...tags];
}

/** Everything about customer number `index` (1-based); depends only on the seed and the index. */
export function createDemoCustomer(index: number, context: CustomerContext): DemoCustomerRecord {
  const random = createRandom(context.seed, index);
  const externalId = customerExternalId(index);
  const identity = createIdentity(random, context.seed, index, context.nowDay);
  const profile = createProfile(random, identity.gender, context);

  const drafts: Draft[] = [];
  const nextDue: (number | null)[] = [];
  for (const [position, track] of profile.tracks.entries()) {
    const planned = trackDays(random, track, position === 0, profile.plan, context);
    nextDue.push(planned.nextDue);
    addTrackVisits(random, profile, track, planned.days, context, drafts);
  }
  drafts.sort((a, b) => a.at - b.at || a.order - b.order);
  // A fifth of customers came in on a first-visit offer (15% off).
  const first = drafts.find((draft) => draft.status === 'completed' && draft.kind === 'visit');
  if (first && random.chance(0.2)) first.amount = cents(first.amount * 0.85);

  const activities = drafts.map(
    (draft, position): ActivityInput => ({
      externalId: `act-${externalId.slice(4)}-${String(position + 1).padStart(4, '0')}`,
      customerExternalId: externalId,
      occurredAt: context.zone.format(draft.day, draft.minute),
      offering: draft.offering,
      staff: draft.staff,
      amount: draft.amount,
      quantity: draft.quantity,
      status: draft.status,
      kind: draft.kind,
    }),
  );

  const bookingRandom = createRandom(context.seed, index + BOOKING_STREAM_OFFSET);
  const bookings = futureBookings(bookingRandom, externalId, profile, nextDue, context);

  const customer: CustomerInput = {
    externalId,
    name: identity.name,
    phone: identity.phone,
    email: identity.email,
    locale: identity.locale,
    tags: tagsFor(profile, identity.attributes, random),
    attributes: identity.attributes,
    vip: profile.vip,
    consent: random.weighted<'granted' | 'unknown' | 'denied'>([
      ['granted', 88],
      ['unknown', 8],
      ['denied', 4],
    ]),
  };
  return { customer, activities, bookings, profile };
}
