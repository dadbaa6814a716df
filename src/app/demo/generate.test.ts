import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  activityInputSchema,
  bookingInputSchema,
  customerInputSchema,
  offeringInputSchema,
  staffInputSchema,
} from '../../contracts/ingest.ts';
import { generateDemoBusiness, streamDemoCustomers } from './generate.ts';

const now = new Date('2026-03-15T15:00:00-03:00');
const business = generateDemoBusiness({ seed: 42, customers: 2000, now });

describe('generateDemoBusiness: determinism', () => {
  it('gives the same business for the same seed and now', () => {
    const again = generateDemoBusiness({ seed: 42, customers: 2000, now });
    expect(JSON.stringify(again)).toBe(JSON.stringify(business));
  });

  it('gives a different business for a different seed', () => {
    const other = generateDemoBusiness({ seed: 43, customers: 200, now });
    const mine = generateDemoBusiness({ seed: 42, customers: 200, now });
    expect(other.customers.map((c) => c.name)).not.toEqual(mine.customers.map((c) => c.name));
    expect(other.activities.length).not.toBe(mine.activities.length);
  });

  it('streams exactly what it generates, and a small run is a prefix of a larger one', () => {
    const streamed = [...streamDemoCustomers({ seed: 42, customers: 150, now })];
    const small = generateDemoBusiness({ seed: 42, customers: 150, now });
    expect(streamed.map((record) => record.customer)).toEqual(small.customers);
    expect(streamed.flatMap((record) => record.activities)).toEqual(small.activities);
    expect(streamed.flatMap((record) => record.bookings)).toEqual(small.bookings);
    expect(small.customers).toEqual(business.customers.slice(0, 150));
    expect(small.activities).toEqual(business.activities.slice(0, small.activities.length));
  });

  it('rejects nonsense options', () => {
    expect(() => generateDemoBusiness({ customers: -1, now })).toThrow(/customers/);
    expect(() => generateDemoBusiness({ now: new Date('nope') })).toThrow(/now/);
    expect(() => generateDemoBusiness({ years: 0, now })).toThrow(/years/);
  });
});

describe('generateDemoBusiness: shape', () => {
  it('describes Salão Aurora in São Paulo', () => {
    expect(business.tenant).toEqual({
      name: 'Salão Aurora',
      timezone: 'America/Sao_Paulo',
      locale: 'pt-BR',
      currency: 'BRL',
      settings: { defaultCountry: 'BR' },
    });
    expect(business.staff.length).toBeGreaterThanOrEqual(6);
    expect(business.staff.length).toBeLessThanOrEqual(8);
    const categories = new Set(business.offerings.map((offering) => offering.category));
    expect([...categories].sort()).toEqual(['brows', 'hair', 'nails', 'skin', 'spa']);
  });

  it('produces counts in the expected ranges', () => {
    expect(business.customers).toHaveLength(2000);
    expect(business.activities.length).toBeGreaterThanOrEqual(25_000);
    expect(business.activities.length).toBeLessThanOrEqual(45_000);
    const booked = new Set(business.bookings.map((booking) => booking.customerExternalId));
    expect(booked.size / 2000).toBeGreaterThan(0.07);
    expect(booked.size / 2000).toBeLessThan(0.14);
    const vips = business.customers.filter((customer) => customer.vip).length;
    expect(vips / 2000).toBeGreaterThan(0.03);
    expect(vips / 2000).toBeLessThan(0.07);
  });

  it('validates against the ingest contracts', () => {
    for (const offering of business.offerings) offeringInputSchema.parse(offering);
    for (const staff of business.staff) staffInputSchema.parse(staff);
    for (const customer of business.customers) customerInputSchema.parse(customer);
    for (const activity of business.activities.slice(0, 3000)) activityInputSchema.parse(activity);
    for (const booking of business.bookings) bookingInputSchema.parse(booking);
  });

  it('gives every row a unique stable external id', () => {
    const ids = [
      ...business.customers.map((row) => row.externalId),
      ...business.activities.map((row) => row.externalId),
      ...business.bookings.map((row) => row.externalId),
      ...business.offerings.map((row) => row.externalId),
      ...business.staff.map((row) => row.externalId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(business.customers[0]?.externalId).toBe('cus-00001');
    expect(business.activities.every((row) => /^act-\d{5,}-\d{4}$/.test(row.externalId ?? ''))).toBe(true);
    expect(business.bookings.every((row) => /^bok-\d{5,}-\d$/.test(row.externalId ?? ''))).toBe(true);
    expect(business.offerings.every((row) => row.externalId?.startsWith('off-'))).toBe(true);
    expect(business.staff.every((row) => row.externalId?.startsWith('stf-'))).toBe(true);
  });

  it('references only offerings, staff and customers that exist', () => {
    const offerings = new Set(business.offerings.map((offering) => offering.externalId));
    const staff = new Set(business.staff.map((member) => member.name));
    const customers = new Set(business.customers.map((customer) => customer.externalId));
    const dangling = [...business.activities, ...business.bookings].filter(
      (row) =>
        !offerings.has(row.offering ?? '') ||
        !staff.has(row.staff ?? '') ||
        !customers.has(row.customerExternalId),
    );
    expect(dangling).toEqual([]);
  });
});

describe('generateDemoBusiness: customers', () => {
  it('has valid, unique Brazilian mobiles, some written in national format', () => {
    const normalised: string[] = [];
    let national = 0;
    for (const { phone } of business.customers) {
      if (!phone) continue;
      if (!phone.startsWith('+')) national++;
      const parsed = parsePhoneNumberFromString(phone, 'BR');
      expect(parsed?.isValid(), phone).toBe(true);
      expect(parsed?.getType(), phone).toBe('MOBILE');
      expect(parsed?.number).toMatch(/^\+55\d{2}9\d{8}$/);
      normalised.push(parsed?.number ?? '');
    }
    expect(normalised.length / 2000).toBeGreaterThan(0.95);
    expect(new Set(normalised).size).toBe(normalised.length);
    expect(national / normalised.length).toBeGreaterThan(0.1);
    expect(
      normalised.filter((phone) => phone.startsWith('+5511')).length / normalised.length,
    ).toBeGreaterThan(0.8);
  });

  it('is mostly pt-BR, with some English and Spanish speakers, e-mails and consent for most', () => {
    const locales = business.customers.map((customer) => customer.locale ?? '');
    expect(locales.filter((locale) => locale === 'pt-BR').length / 2000).toBeGreaterThan(0.9);
    expect(locales.some((locale) => locale.startsWith('en'))).toBe(true);
    expect(locales.some((locale) => locale.startsWith('es'))).toBe(true);
    const withEmail = business.customers.filter((customer) => customer.email).length;
    expect(withEmail / 2000).toBeGreaterThan(0.6);
    const granted = business.customers.filter((customer) => customer.consent === 'granted').length;
    expect(granted / 2000).toBeGreaterThan(0.8);
    expect(business.customers.every((customer) => (customer.tags?.length ?? 0) > 0)).toBe(true);
  });
});

describe('generateDemoBusiness: time', () => {
  it('keeps history before now, sorted per customer, and bookings in the next three weeks', () => {
    const nowMs = now.getTime();
    const misplaced: unknown[] = [];
    let previous = { customer: '', at: 0 };
    for (const activity of business.activities) {
      const at = new Date(activity.occurredAt).getTime();
      const unsorted = activity.customerExternalId === previous.customer && at < previous.at;
      if (at >= nowMs || at < nowMs - 3 * 366 * 86_400_000 || unsorted) misplaced.push(activity);
      previous = { customer: activity.customerExternalId, at };
    }
    expect(misplaced).toEqual([]);
    for (const booking of business.bookings) {
      const startsAt = new Date(booking.startsAt).getTime();
      expect(startsAt).toBeGreaterThan(nowMs);
      expect(startsAt).toBeLessThan(nowMs + 22 * 86_400_000);
      expect(new Date(booking.endsAt ?? 0).getTime()).toBeGreaterThan(startsAt);
      expect(['booked', 'confirmed']).toContain(booking.status);
    }
  });

  it('does not double-book a professional', () => {
    const byStaff = Map.groupBy(business.bookings, (booking) => booking.staff ?? '');
    for (const bookings of byStaff.values()) {
      const spans = bookings
        .map(
          (booking) =>
            [new Date(booking.startsAt).getTime(), new Date(booking.endsAt ?? 0).getTime()] as const,
        )
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
    }
  });
});
