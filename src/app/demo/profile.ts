import { SERVICES, type ServiceKey, STAFF, type StaffSpec, shiftTable } from './catalog.ts';
import type { Gender } from './identity.ts';
import type { Random } from './random.ts';
import { type Plan, planStart, planTimeline, type TimelineContext } from './timeline.ts';

/**
 * The hidden truth behind each demo customer: which segment they belong to, their personal
 * rhythm per service, whom and when they like to book. Detection features are checked against
 * this, so each pattern is documented where it is drawn.
 */

/**
 * Shares of the customer base (they sum to 1):
 * - regular 40%: steady rhythm up to now; the last visit less than one interval ago.
 * - vip 4.5%: long-standing regulars with two or three services, a slightly faster rhythm, five
 *   times the product purchases and near-total loyalty to their professional; flagged `vip`
 *   (with a few drifting ex-VIPs, about 5% of customers in all).
 * - one_off 12%: a single visit anywhere in the window (a gift voucher, a tourist, a promotion).
 * - newcomer 8%: first visit in the last 100 days; one to a few visits so far.
 * - seasonal 5.5%: come only in their season — Nov–Feb (year-end parties, summer, Carnival) or
 *   Jun–Aug (winter holidays) — and are silent the rest of the year.
 * - drifting 12%: were regular; the last visit was 1.5×–3× their interval ago and the last gaps
 *   grew longer before it (slowing down).
 * - stopped 10%: were regular; the last visit was 3×–6× their interval ago.
 * - churned 8%: last visit more than 6× their interval and at least 180 days ago; four in ten
 *   women among them left when their stylist Larissa left the salon (cause `staff_left`).
 * Drifting + stopped = 22%: the share a reactivation scan should find overdue.
 */
export const SEGMENT_SHARES = {
  regular: 0.4,
  vip: 0.045,
  one_off: 0.12,
  newcomer: 0.08,
  seasonal: 0.055,
  drifting: 0.12,
  stopped: 0.1,
  churned: 0.08,
} as const;
export type Segment = keyof typeof SEGMENT_SHARES;

export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

/** Visits start in these local windows, in minutes since midnight. */
export const TIME_OF_DAY_WINDOWS: Readonly<Record<TimeOfDay, readonly [number, number]>> = {
  morning: [8 * 60, 12 * 60],
  afternoon: [12 * 60, 17 * 60],
  evening: [17 * 60, 21 * 60],
};

export type Addon = { readonly service: ServiceKey; readonly probability: number };

/** One service the customer comes back for, at a personal rhythm. */
export type Track = {
  service: ServiceKey;
  /** This customer's own median days between visits for the service. */
  intervalDays: number;
  /** Log-normal sigma of the gaps around intervalDays. */
  gapSpread: number;
  /** Staff keys, preferred first; the rest are who they see when the favourite is away. */
  staff: string[];
  /** Services added to the same visit, right after the main one, with their probability. */
  addons: Addon[];
};

export type DemoProfile = {
  segment: Segment;
  vip: boolean;
  gender: Gender;
  /** When the main service's visits happen; see timeline.ts. */
  plan: Plan;
  /** tracks[0] is the main service; recency and drift are measured against its interval. */
  tracks: Track[];
  /** Probability a visit goes to the preferred professional when she is working. */
  staffLoyalty: number;
  /** Preferred weekdays, 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  /** Probability a visit moves to a preferred weekday when one is within ±4 days. */
  weekdayLoyalty: number;
  timeOfDay: TimeOfDay;
  /** Months 1–12 in which a seasonal customer comes. */
  seasonMonths?: number[];
  /** Why a churned customer left, when the data shows it. */
  churnCause?: 'staff_left';
  noShowRate: number;
  cancelRate: number;
  productRate: number;
  discountRate: number;
};

export const STAFF_BY_KEY: ReadonlyMap<string, StaffSpec> = new Map(STAFF.map((spec) => [spec.key, spec]));
export const SHIFTS_BY_STAFF: ReadonlyMap<string, ReturnType<typeof shiftTable>> = new Map(
  STAFF.map((spec) => [spec.key, shiftTable(spec.hours)]),
);
const LEAVER_KEY = 'larissa';

/** Saturday is the busiest salon day, Monday the quietest (most of the team is off). */
const WEEKDAY_POPULARITY = [0, 0.5, 0.8, 0.9, 1, 1.2, 1.7] as const;

function qualifiedStaff(service: ServiceKey): StaffSpec[] {
  return STAFF.filter((spec) => spec.skills.includes(service));
}

/** Which services a customer uses: one or two, and two or three for VIPs. */
function chooseServices(random: Random, gender: Gender, segment: Segment): ServiceKey[] {
  const chosen: ServiceKey[] = [];
  const add = (service: ServiceKey, probability: number) => {
    if (random.chance(probability) && !chosen.includes(service)) chosen.push(service);
  };
  if (gender === 'female') {
    add('corte-feminino', 0.6);
    if (random.chance(0.4)) add(random.chance(0.75) ? 'coloracao' : 'mechas', 1);
    add('manicure', 0.35);
    add('pedicure', 0.05);
    add('sobrancelha', 0.28);
    add('escova', 0.06);
    add('limpeza-pele', 0.1);
    add('massagem', 0.07);
  } else {
    add('corte-masculino', 0.9);
    add('barba', 0.2);
    add('sobrancelha', 0.08);
    add('limpeza-pele', 0.05);
    add('massagem', 0.06);
  }
  if (chosen.length === 0) chosen.push(gender === 'female' ? 'manicure' : 'corte-masculino');
  const [main, ...rest] = chosen as [ServiceKey, ...ServiceKey[]];
  if (segment === 'vip') {
    const extras: ServiceKey[] =
      gender === 'female'
        ? ['sobrancelha', 'massagem', 'hidratacao', 'limpeza-pele']
        : ['sobrancelha', 'massagem', 'limpeza-pele'];
    const wanted = random.int(1, 2);
    while (rest.length < wanted) {
      const extra = random.pick(extras);
      if (extra !== main && !rest.includes(extra)) rest.push(extra);
    }
    return [main, ...rest.slice(0, wanted)];
  }
  // Most people come for one thing; one in five keeps a second service on its own rhythm.
  if (segment === 'one_off' || rest.length === 0 || !random.chance(0.2)) return [main];
  return [main, random.pick(rest)];
}

function addonsFor(random: Random, service: ServiceKey): Addon[] {
  switch (service) {
    case 'corte-feminino':
      // A quarter of clients finish most cuts with a blow-dry; a fifth add a treatment now and then.
      return [
        { service: 'escova', probability: random.chance(0.25) ? 0.5 : 0.03 },
        { service: 'hidratacao', probability: random.chance(0.2) ? 0.2 : 0.02 },
      ];
    case 'coloracao':
    case 'mechas':
      return [{ service: 'escova', probability: 0.4 }];
    case 'manicure':
      // "Pé e mão": four in ten nail clients nearly always do feet too, in the same sitting.
      return [{ service: 'pedicure', probability: random.chance(0.4) ? 0.8 : 0.08 }];
    case 'corte-masculino':
      return [{ service: 'barba', probability: random.chance(0.3) ? 0.6 : 0.03 }];
    default:
      return [];
  }
}

/**
 * A personal rhythm: the service norm times a personal factor (median 1.1, between 0.7 and 2):
 * fewer people keep to the textbook rhythm than come a bit later than it.
 */
function personalInterval(random: Random, service: ServiceKey): number {
  return SERVICES[service].normDays * Math.min(2, Math.max(0.7, random.logNormal(1.1, 0.25)));
}

function createTrack(
  random: Random,
  service: ServiceKey,
  intervalDays: number,
  mayChooseLeaver: boolean,
): Track {
  const staff = qualifiedStaff(service).filter((spec) => mayChooseLeaver || spec.key !== LEAVER_KEY);
  const ordered: string[] = [];
  while (staff.length > 0) {
    const next = random.int(0, staff.length - 1);
    ordered.push((staff[next] as StaffSpec).key);
    staff.splice(next, 1);
  }
  return {
    service,
    intervalDays,
    gapSpread: SERVICES[service].gapSpread * random.between(0.8, 1.2),
    staff: ordered,
    addons: addonsFor(random, service),
  };
}

/** Rates vary between people: most rarely miss, a few miss often (means ≈ 4% and 4.5% of visits). */
function personalRate(random: Random, low: number, mid: number, high: number): number {
  return random.weighted<number>([
    [low, 70],
    [mid, 25],
    [high, 5],
  ]);
}

export function createProfile(random: Random, gender: Gender, context: TimelineContext): DemoProfile {
  const segment = random.weighted(Object.entries(SEGMENT_SHARES) as [Segment, number][]);
  const staffLeft = segment === 'churned' && gender === 'female' && random.chance(0.4);
  const services: ServiceKey[] = staffLeft ? ['corte-feminino'] : chooseServices(random, gender, segment);
  const vipRhythm = segment === 'vip' ? 0.95 : 1;
  const intervals = services.map((service) => personalInterval(random, service) * vipRhythm);
  const seasonMonths =
    segment === 'seasonal' ? (random.chance(0.65) ? [11, 12, 1, 2] : [6, 7, 8]) : undefined;
  const plan = planTimeline(random, segment, intervals[0] ?? 30, context, {
    staffLeft,
    ...(seasonMonths ? { seasonMonths } : {}),
  });
  // Only customers who were around for a while before Larissa left can be her clients.
  const mayChooseLeaver = planStart(plan, context) < context.leaverLastDay - 60;
  const tracks = services.map((service, position) =>
    createTrack(random, service, intervals[position] ?? SERVICES[service].normDays, mayChooseLeaver),
  );
  const main = tracks[0] as Track;
  if (staffLeft) main.staff = [LEAVER_KEY, ...main.staff.filter((key) => key !== LEAVER_KEY)];

  // Preferred weekdays come from the days the favourite professional works.
  const shifts = SHIFTS_BY_STAFF.get(main.staff[0] ?? '') ?? [];
  const workDays = [1, 2, 3, 4, 5, 6].filter((weekday) => (shifts[weekday]?.length ?? 0) > 0);
  const count = Math.min(
    workDays.length,
    random.weighted<number>([
      [1, 50],
      [2, 40],
      [3, 10],
    ]),
  );
  const weekdays: number[] = [];
  while (weekdays.length < count) {
    const pool = workDays
      .filter((weekday) => !weekdays.includes(weekday))
      .map((weekday) => [weekday, WEEKDAY_POPULARITY[weekday] ?? 1] as const);
    weekdays.push(random.weighted(pool));
  }
  weekdays.sort((a, b) => a - b);

  const vip = segment === 'vip' || (segment === 'drifting' && random.chance(0.05));
  const loyal = vip || random.chance(0.75);
  const staffLoyalty = vip
    ? random.between(0.92, 0.99)
    : loyal
      ? random.between(0.85, 0.97)
      : random.between(0.45, 0.75);
  // About one customer in seven hunts for deals and mostly comes on a promotion. The bit is read
  // from a far digit of a value already drawn, not from a new draw, so every other figure the
  // seed produces (and the tests and benchmarks pinned to it) stays as it was.
  const dealHunter = (staffLoyalty * 1e6) % 1 < 0.15;
  return {
    segment,
    vip,
    gender,
    plan,
    tracks,
    staffLoyalty,
    weekdays,
    weekdayLoyalty: random.between(0.6, 0.95),
    timeOfDay: random.weighted<TimeOfDay>([
      ['morning', 30],
      ['afternoon', 40],
      ['evening', 30],
    ]),
    ...(seasonMonths ? { seasonMonths } : {}),
    ...(staffLeft ? { churnCause: 'staff_left' as const } : {}),
    noShowRate: personalRate(random, 0.02, 0.07, 0.2),
    cancelRate: personalRate(random, 0.025, 0.08, 0.15),
    productRate: vip ? 0.22 : 0.04,
    discountRate: dealHunter ? 0.5 : 0.06,
  };
}
