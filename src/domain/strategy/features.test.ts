import { describe, expect, it } from 'vitest';
import { daysAgo, NOW, STAFF, visits } from './decision-input.fixture.ts';
import { priceSensitivity } from './price-sensitivity.ts';
import { seasonality } from './seasonality.ts';
import { staffLoyalty } from './staff-loyalty.ts';
import type { DecisionVisit } from './types.ts';
import { varietySeeking } from './variety-seeking.ts';

describe('priceSensitivity', () => {
  const paying = (amounts: (number | null)[], listPrice: number | null = 100) =>
    amounts.map((amount, i) => ({ ...visits(amounts.length)[i]!, amount: amount ?? 100, listPrice }));

  it.each<[string, DecisionVisit[], object]>([
    [
      'no list prices: unknown',
      paying([90, 90, 90], null),
      { pricedVisits: 0, share: null, sensitive: false },
    ],
    [
      '1% below list is rounding, not a discount',
      paying([99, 99, 99, 99]),
      { discountedVisits: 0, sensitive: false },
    ],
    ['3% below list is a discount', paying([97, 100, 97, 100]), { discountedVisits: 2, sensitive: true }],
    [
      'two of six discounted: a third, sensitive',
      paying([85, null, 85, null, null, null]),
      { share: 1 / 3, sensitive: true },
    ],
    [
      'two of seven: below a third',
      paying([85, null, 85, null, null, null, null]),
      { discountedVisits: 2, sensitive: false },
    ],
    ['one of two: a single discount is a coincidence', paying([85, null]), { share: 0.5, sensitive: false }],
    ['a free visit counts as discounted', paying([0, 0, null]), { discountedVisits: 2, sensitive: true }],
  ])('%s', (_, given, expected) => {
    expect(priceSensitivity(given)).toMatchObject(expected);
  });
});

describe('varietySeeking', () => {
  const buying = (offerings: string[], sameDayFirst = 0) =>
    offerings.map((offeringId, i) => ({
      ...visits(offerings.length)[Math.max(0, i - sameDayFirst)]!,
      offeringId,
    }));

  it.each<[string, DecisionVisit[], object]>([
    ['three visits are too few to tell', buying(['a', 'b', 'c']), { firstTryShare: 1, seeker: false }],
    [
      'always the same offering',
      buying(['a', 'a', 'a', 'a', 'a', 'a']),
      { distinctShare: 1 / 6, firstTryShare: 0, seeker: false },
    ],
    [
      'two new things in seven later visits',
      buying(['a', 'a', 'b', 'a', 'a', 'c', 'a', 'a']),
      { firstTryShare: 2 / 7, seeker: true },
    ],
    [
      'one new thing in seven later visits',
      buying(['a', 'a', 'b', 'a', 'a', 'a', 'a', 'a']),
      { firstTryShare: 1 / 7, seeker: false },
    ],
    // Cut, colour and brows on the first day, the same cut since: nothing was tried later.
    [
      'what the first day bought is not exploring',
      buying(['a', 'b', 'c', 'a', 'a', 'a', 'a'], 2),
      { distinctOfferings: 3, firstTryShare: 0, seeker: false },
    ],
    [
      'exploring long ago, the same thing for the last twelve visits',
      buying(['a', 'b', 'c', 'd', 'e', ...Array(12).fill('a')]),
      { distinctOfferings: 5, firstTryShare: 0, seeker: false },
    ],
    [
      'visits without an offering are not counted',
      buying(['a', 'b']).map((v) => ({ ...v, offeringId: null })),
      { visits: 0, distinctShare: null, firstTryShare: null, seeker: false },
    ],
  ])('%s', (_, given, expected) => {
    expect(varietySeeking(given)).toMatchObject(expected);
  });
});

describe('staffLoyalty', () => {
  const servedBy = (staff: (string | null)[]) =>
    staff.map((staffId, i) => ({ ...visits(staff.length)[i]!, staffId }));

  it.each<[string, (string | null)[], ReadonlyMap<string, string>, object]>([
    [
      'seven of ten with Ana: strong',
      ['ana', 'bia', 'ana', 'ana', 'carla', 'ana', 'ana', 'bia', 'ana', 'ana'],
      STAFF,
      { favouriteStaffId: 'ana', share: 0.7, strong: true, mention: true },
    ],
    [
      'six of ten: named, not a strong bond',
      ['ana', 'bia', 'ana', 'ana', 'carla', 'ana', 'bia', 'bia', 'ana', 'ana'],
      STAFF,
      { share: 0.6, strong: false, mention: true },
    ],
    [
      'two of two: too few for a bond',
      ['ana', 'ana'],
      STAFF,
      { favouriteVisits: 2, strong: false, mention: true },
    ],
    [
      'spread out: nobody to name',
      ['ana', 'bia', 'carla', 'ana', 'bia', 'carla'],
      STAFF,
      { strong: false, mention: false },
    ],
    ['a tie goes to the latest', ['ana', 'bia', 'ana', 'bia'], STAFF, { favouriteStaffId: 'bia' }],
    [
      'the favourite left: strong, but not available',
      ['ana', 'ana', 'ana', 'ana'],
      new Map([['bia', 'Bia']]),
      { strong: true, available: false, mention: false },
    ],
    [
      'no staff recorded',
      [null, null, null],
      STAFF,
      { staffedVisits: 0, favouriteStaffId: null, share: null, strong: false },
    ],
  ])('%s', (_, staff, names, expected) => {
    expect(staffLoyalty(servedBy(staff), names)).toMatchObject(expected);
  });
});

describe('seasonality', () => {
  const on = (dates: string[]): DecisionVisit[] =>
    dates.map((date) => ({
      at: new Date(`${date}T15:00:00Z`),
      amount: 100,
      listPrice: 100,
      offeringId: 'cut',
      staffId: null,
    }));
  // Nov–Feb, two seasons: 2023/24 and 2024/25.
  const summerParties = on([
    '2023-11-20',
    '2023-12-18',
    '2024-01-22',
    '2024-02-10',
    '2024-11-25',
    '2024-12-20',
    '2025-01-27',
  ]);

  it('finds a season spanning the new year, and the next start when out of it', () => {
    expect(seasonality(summerParties, NOW)).toEqual({
      seasonal: true,
      months: [11, 12, 1, 2],
      share: 1,
      seasons: 2,
      inSeason: false,
      nextSeasonStart: '2025-11-01T00:00:00.000Z',
    });
  });

  it.each<[string, DecisionVisit[], Date, object]>([
    [
      'February is still in a Nov–Feb season',
      summerParties,
      new Date('2026-02-20T12:00:00Z'),
      { inSeason: true },
    ],
    [
      'in season',
      summerParties,
      new Date('2025-12-05T12:00:00Z'),
      { seasonal: true, inSeason: true, nextSeasonStart: null },
    ],
    [
      'out of season early in the year: this November',
      summerParties,
      new Date('2025-03-10T12:00:00Z'),
      { nextSeasonStart: '2025-11-01T00:00:00.000Z' },
    ],
    [
      'one stray visit in eight is still a season',
      [...summerParties, ...on(['2024-06-15'])],
      NOW,
      { seasonal: true, share: 7 / 8 },
    ],
    [
      'a single season is not yet a pattern',
      on(['2024-11-20', '2024-12-18', '2025-01-22', '2025-02-10']),
      NOW,
      { seasonal: false, seasons: 1 },
    ],
    ['monthly all year round', visits(24), NOW, { seasonal: false }],
    ['two visits are too few', on(['2023-12-20', '2024-12-20']), NOW, { seasonal: false, seasons: 2 }],
    [
      'Jun–Aug over two winters',
      on(['2023-06-10', '2023-07-15', '2023-08-12', '2024-06-20', '2024-07-25']),
      daysAgo(-200),
      { seasonal: true, months: [6, 7, 8], nextSeasonStart: '2026-06-01T00:00:00.000Z' },
    ],
    ['no visits', [], NOW, { seasonal: false, share: null, seasons: 0 }],
  ])('%s', (_, given, now, expected) => {
    expect(seasonality(given, now)).toMatchObject(expected);
  });
});
