import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../../contracts/ingest.ts';
import { generateDemoBusiness } from './generate.ts';

/**
 * The behaviour the detection features will be checked against, measured from the output the
 * way an outside observer would: times are read back in São Paulo time with Intl, not with the
 * generator's own calendar code.
 */

const now = new Date('2026-03-15T15:00:00-03:00');
const business = generateDemoBusiness({ seed: 42, customers: 2000, now });
const DAY = 86_400_000;

const localParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Sao_Paulo',
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function local(at: string | Date): { weekday: string; date: string; minute: number } {
  const parts = Object.fromEntries(
    localParts.formatToParts(new Date(at)).map((part) => [part.type, part.value]),
  );
  return {
    weekday: (parts.weekday ?? '').toLowerCase(),
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const hoursByStaff = new Map(business.staff.map((member) => [member.name, member.workingHours ?? {}]));
const durations = new Map(
  business.offerings.map((offering) => [offering.externalId, offering.durationMinutes]),
);

function fitsShift(staff: string, at: string | Date, offering: string): boolean {
  const { weekday, minute } = local(at);
  const shifts = (hoursByStaff.get(staff) as Record<string, [string, string][]> | undefined)?.[weekday] ?? [];
  // Services must fit whole; a product sale only has to happen while she is there.
  const duration = durations.get(offering) ?? 0;
  return shifts.some(
    ([from, to]) => minute >= toMinutes(from) && minute + Math.max(duration, 1) <= toMinutes(to),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const byCustomer = Map.groupBy(business.activities, (activity) => activity.customerExternalId);
const completedVisits = (activities: ActivityInput[]) =>
  activities.filter((activity) => activity.status === 'completed' && activity.kind === 'visit');

describe('demo salon: when visits happen', () => {
  it('puts every activity and booking inside its professional’s working hours', () => {
    const outside = [...business.activities, ...business.bookings].filter((row) => {
      const at = 'occurredAt' in row ? row.occurredAt : row.startsAt;
      return !fitsShift(row.staff ?? '', at, row.offering ?? '');
    });
    expect(outside).toEqual([]);
  });

  it('is closed on Sundays and holidays, and quiet on Mondays', () => {
    const days = business.activities.map((activity) => local(activity.occurredAt));
    expect(days.filter((day) => day.weekday === 'sun')).toEqual([]);
    const holidays = ['2025-12-25', '2025-01-01', '2025-03-04', '2025-04-18', '2024-11-15', '2025-11-20'];
    expect(days.filter((day) => holidays.includes(day.date))).toEqual([]);
    const monday = days.filter((day) => day.weekday === 'mon').length;
    const saturday = days.filter((day) => day.weekday === 'sat').length;
    expect(monday).toBeLessThan(saturday / 2);
  });

  it('keeps a customer’s visits with one professional and on favourite weekdays', () => {
    let loyal = 0;
    let regulars = 0;
    let onTopWeekdays = 0;
    for (const activities of byCustomer.values()) {
      const visits = completedVisits(activities);
      if (visits.length < 8) continue;
      regulars++;
      const byStaff = Map.groupBy(visits, (visit) => visit.staff ?? '');
      const top = Math.max(...[...byStaff.values()].map((group) => group.length));
      if (top / visits.length >= 0.7) loyal++;
      const byWeekday = [...Map.groupBy(visits, (visit) => local(visit.occurredAt).weekday).values()]
        .map((group) => group.length)
        .sort((a, b) => b - a);
      if (((byWeekday[0] ?? 0) + (byWeekday[1] ?? 0)) / visits.length >= 0.6) onTopWeekdays++;
    }
    expect(regulars).toBeGreaterThan(500);
    expect(loyal / regulars).toBeGreaterThan(0.6);
    expect(onTopWeekdays / regulars).toBeGreaterThan(0.6);
  });

  it('leaves Larissa’s agenda empty after she left, and some of her clients with her', () => {
    const larissa = business.staff.find((member) => member.name === 'Larissa Mendes');
    expect(larissa?.active).toBe(false);
    const hers = business.activities.filter((activity) => activity.staff === 'Larissa Mendes');
    expect(hers.length).toBeGreaterThan(100);
    const lastDay = now.getTime() - 429 * DAY;
    expect(hers.every((activity) => new Date(activity.occurredAt).getTime() < lastDay)).toBe(true);
    const followers = Object.values(business.profiles).filter(
      (profile) => profile.churnCause === 'staff_left',
    );
    expect(followers.length).toBeGreaterThan(20);
  });
});

describe('demo salon: rhythms', () => {
  const gaps = new Map<string, number[]>();
  for (const activities of byCustomer.values()) {
    const byOffering = Map.groupBy(completedVisits(activities), (visit) => visit.offering ?? '');
    for (const [offering, visits] of byOffering) {
      const list = gaps.get(offering) ?? [];
      for (let i = 1; i < visits.length; i++) {
        const previous = visits[i - 1] as ActivityInput;
        const current = visits[i] as ActivityInput;
        list.push((new Date(current.occurredAt).getTime() - new Date(previous.occurredAt).getTime()) / DAY);
      }
      gaps.set(offering, list);
    }
  }

  it.each([
    ['off-corte-feminino', 28, 42],
    ['off-corte-masculino', 21, 32],
    ['off-coloracao', 42, 60],
    ['off-mechas', 70, 120],
    ['off-manicure', 14, 24],
    ['off-sobrancelha', 18, 32],
  ])('%s has a median gap between %i and %i days', (offering, low, high) => {
    const values = gaps.get(offering) ?? [];
    expect(values.length).toBeGreaterThan(100);
    expect(median(values)).toBeGreaterThanOrEqual(low);
    expect(median(values)).toBeLessThanOrEqual(high);
  });

  it('makes massage irregular compared with haircuts', () => {
    // Each customer's own coefficient of variation of the gaps, then the median over customers.
    const typicalVariation = (offering: string) => {
      const variations: number[] = [];
      for (const activities of byCustomer.values()) {
        const times = completedVisits(activities)
          .filter((visit) => visit.offering === offering)
          .map((visit) => new Date(visit.occurredAt).getTime() / DAY);
        const own = times.slice(1).map((time, i) => time - (times[i] ?? 0));
        if (own.length < 4) continue;
        const mean = own.reduce((sum, value) => sum + value, 0) / own.length;
        const variance = own.reduce((sum, value) => sum + (value - mean) ** 2, 0) / own.length;
        variations.push(Math.sqrt(variance) / mean);
      }
      return median(variations);
    };
    expect(typicalVariation('off-massagem')).toBeGreaterThan(1.5 * typicalVariation('off-corte-feminino'));
  });
});

describe('demo salon: who is slipping away', () => {
  it('has 20–25% of customers who were regular and are now 1.5×–6× their interval late', () => {
    const truth = Object.values(business.profiles).filter(
      (profile) => profile.segment === 'drifting' || profile.segment === 'stopped',
    );
    expect(truth.length / 2000).toBeGreaterThanOrEqual(0.19);
    expect(truth.length / 2000).toBeLessThanOrEqual(0.26);

    // The same thing measured from the data: at least three visits of the main service, and the
    // last visit 1.5×–6× the customer's own median gap ago.
    let late = 0;
    for (const [customer, activities] of byCustomer) {
      const main = `off-${business.profiles[customer]?.tracks[0]?.service}`;
      const times = completedVisits(activities).map((visit) => new Date(visit.occurredAt).getTime());
      const mainTimes = completedVisits(activities)
        .filter((visit) => visit.offering === main)
        .map((visit) => new Date(visit.occurredAt).getTime());
      if (mainTimes.length < 3) continue;
      const own = median(mainTimes.slice(1).map((time, i) => (time - (mainTimes[i] ?? 0)) / DAY));
      const ratio = (now.getTime() - Math.max(...times)) / DAY / own;
      if (ratio >= 1.5 && ratio <= 6) late++;
    }
    expect(late / 2000).toBeGreaterThan(0.17);
    expect(late / 2000).toBeLessThan(0.3);
  });

  it('has one-off customers, newcomers and long-churned ones', () => {
    const counts = new Map<string, number>();
    for (const profile of Object.values(business.profiles)) {
      counts.set(profile.segment, (counts.get(profile.segment) ?? 0) + 1);
    }
    for (const segment of ['regular', 'vip', 'one_off', 'newcomer', 'seasonal', 'churned']) {
      expect(counts.get(segment), segment).toBeGreaterThan(50);
    }
    const single = [...byCustomer.values()].filter((activities) => completedVisits(activities).length === 1);
    expect(single.length / 2000).toBeGreaterThan(0.08);
    const recentFirst = [...byCustomer.values()].filter(
      (activities) => now.getTime() - new Date(activities[0]?.occurredAt ?? 0).getTime() < 100 * DAY,
    );
    expect(recentFirst.length / 2000).toBeGreaterThan(0.06);
  });

  it('has about 3–5% no-shows, some cancellations and realistic amounts', () => {
    const visits = business.activities.filter((activity) => activity.kind === 'visit');
    const noShows = visits.filter((activity) => activity.status === 'no_show').length;
    const cancelled = visits.filter((activity) => activity.status === 'cancelled').length;
    expect(noShows / visits.length).toBeGreaterThan(0.02);
    expect(noShows / visits.length).toBeLessThan(0.05);
    expect(cancelled / visits.length).toBeGreaterThan(0.02);
    const prices = new Map(business.offerings.map((offering) => [offering.externalId, offering.price ?? 0]));
    // Discounts, first-visit offers and older price lists bring some amounts down to half the list price.
    const odd = business.activities.filter((activity) => {
      const price = prices.get(activity.offering ?? '') ?? 0;
      const amount = activity.amount ?? 0;
      if (activity.status !== 'completed') return amount !== 0;
      return amount / (activity.quantity ?? 1) < price * 0.5 || amount > price * 2;
    });
    expect(odd).toEqual([]);
  });
});
