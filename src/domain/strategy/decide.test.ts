import { describe, expect, it } from 'vitest';
import type { Strategy } from '../reactivation/attempt.ts';
import type { ReactivationSettings } from '../settings/reactivation.ts';
import { DEFAULT_REACTIVATION_SETTINGS as defaults } from '../settings/reactivation.ts';
import { decide } from './decide.ts';
import {
  attempt,
  daysAgo,
  daysAhead,
  discountHunter,
  explorer,
  type InputChange,
  input,
  loyalToAna,
  settings,
  visits,
} from './decision-input.fixture.ts';

const vip = { customer: { vip: true } };
const onlyNiche = {
  otherOfferings: [{ id: 'massage', name: 'Massage', price: 180, margin: 0.55, popularity: 0.05 }],
};
const noNewOfferings = { otherOfferings: [] };

describe('decide: strategy rules', () => {
  it.each<[string, InputChange, Strategy, string, object?, ReactivationSettings?]>([
    ['no signal: a personal reminder', {}, 'PERSONAL_CONTACT', 'default', { staffId: null }],
    ['top 5% of value at risk: escalated', { valueAtRiskRank: 0.97 }, 'PERSONAL_CONTACT', 'escalation'],
    ['rank 0.9 is not in the top 5%', { valueAtRiskRank: 0.9 }, 'PERSONAL_CONTACT', 'default'],
    [
      'above the absolute threshold: escalated',
      {},
      'PERSONAL_CONTACT',
      'escalation',
      {},
      settings({ policy: { escalation: { valueAtRiskAbove: 250 } } }),
    ],
    [
      'below the absolute threshold',
      {},
      'PERSONAL_CONTACT',
      'default',
      {},
      settings({ policy: { escalation: { valueAtRiskAbove: 350 } } }),
    ],
    [
      'escalation turned off',
      { valueAtRiskRank: 0.99 },
      'PERSONAL_CONTACT',
      'default',
      {},
      settings({ policy: { escalation: { topShare: 0 } } }),
    ],
    [
      'nothing at risk is never escalated',
      { valueAtRiskRank: 1, customer: { valueAtRisk: 0 } },
      'PERSONAL_CONTACT',
      'default',
    ],
    ['VIP: a special condition', vip, 'SPECIAL_CONDITION', 'vip'],
    [
      'VIP with a strong bond: personal contact from her',
      { ...vip, visits: loyalToAna() },
      'PERSONAL_CONTACT',
      'vip',
      { staffId: 'ana' },
    ],
    [
      'VIP whose favourite left: special condition',
      { ...vip, visits: loyalToAna(), staffNames: new Map([['bia', 'Bia']]) },
      'SPECIAL_CONDITION',
      'vip',
      { staffId: null },
    ],
    ['price-sensitive: incentive', { visits: discountHunter() }, 'INCENTIVE_DISCOUNT', 'price_sensitive'],
    [
      'one discount in six is no habit',
      { visits: visits(6, (i) => (i === 0 ? { amount: 90 } : {})) },
      'PERSONAL_CONTACT',
      'default',
    ],
    [
      'variety seeker with a popular untried offering: product mix',
      { visits: explorer() },
      'PRODUCT_MIX',
      'variety_seeker',
      { suggestedOfferingIds: ['colour'] },
    ],
    [
      'variety seeker with only niche ones left',
      { visits: explorer(), ...onlyNiche },
      'PERSONAL_CONTACT',
      'default',
    ],
    [
      'strong bond with staff: personal contact',
      { visits: loyalToAna() },
      'PERSONAL_CONTACT',
      'staff_relationship',
      { staffId: 'ana' },
    ],
    [
      'four of six with Ana is no strong bond',
      { visits: visits(6, (i) => (i < 4 ? { staffId: 'ana' } : {})) },
      'PERSONAL_CONTACT',
      'default',
      { staffId: 'ana' },
    ],
    [
      'the favourite left: no bond to build on',
      { visits: loyalToAna(), staffNames: new Map([['bia', 'Bia']]) },
      'PERSONAL_CONTACT',
      'default',
      { staffId: null },
    ],
    // Priorities when several rules fit.
    ['escalation before VIP', { ...vip, valueAtRiskRank: 0.99 }, 'PERSONAL_CONTACT', 'escalation'],
    ['VIP before price sensitivity', { ...vip, visits: discountHunter() }, 'SPECIAL_CONDITION', 'vip'],
    [
      'price sensitivity before variety',
      { visits: visits(6, (i) => ({ offeringId: i % 2 ? `new-${i}` : 'cut', amount: i % 2 ? 120 : 100 })) },
      'INCENTIVE_DISCOUNT',
      'price_sensitive',
    ],
    [
      'variety before the staff bond',
      { visits: explorer().map((v) => ({ ...v, staffId: 'ana' })) },
      'PRODUCT_MIX',
      'variety_seeker',
      { staffId: 'ana' },
    ],
  ])('%s', (_, change, strategy, rule, extra = {}, tenant = defaults) => {
    const decision = decide(input(change), tenant);
    expect(decision).toMatchObject({ action: 'attempt', strategy, waitUntil: null, ...extra });
    expect(decision.params.rule).toBe(rule);
  });

  it('explains why try, why the strategy and why the offer, in that order', () => {
    const decision = decide(input({ visits: discountHunter(), attemptNumber: 2 }), defaults);
    expect(decision.explanation).toEqual([
      'AT_RISK: 50 days since the last visit against an expected 30; 300 at risk (P(alive) 0.60); attempt 2 of this lapse.',
      'Price-sensitive: 3 of 6 visits (50%) were paid below list price.',
      'Offers 15% on attempt 2: 100% of the 15% ceiling, in 5% steps.',
      "Discount ceiling 15%: the tenant's limit for INCENTIVE_DISCOUNT.",
      'Tone offer: 50 days since the last visit.',
    ]);
    expect(decision).toMatchObject({
      tone: 'offer',
      maxDiscountPct: 15,
      offerPct: 15,
      suggestedOfferingIds: ['cut'],
    });
  });

  it('names the staff member behind a strong bond', () => {
    const decision = decide(input({ visits: loyalToAna() }), defaults);
    expect(decision.explanation[1]).toBe('Strong bond: 6 of 6 visits (100%) with Ana.');
  });

  it('tells the operator when a favourite has left', () => {
    const decision = decide(input({ visits: loyalToAna(), staffNames: new Map([['bia', 'Bia']]) }), defaults);
    expect(decision.explanation).toContain(
      'Their favourite professional (6 of 6 visits) no longer works here.',
    );
  });

  it('suggests new offerings for PRODUCT_MIX and bounds the discount by their margin', () => {
    const decision = decide(
      input({
        visits: explorer(),
        attemptNumber: 3,
        otherOfferings: [
          { id: 'serum', name: 'Serum', price: 149, margin: 0.22, popularity: 0.3 },
          { id: 'colour', name: 'Colouring', price: 210, margin: 0.5, popularity: 0.4 },
          { id: 'wax', name: 'Waxing', price: 60, margin: 0.7, popularity: 0.2 },
        ],
      }),
      defaults,
    );
    expect(decision).toMatchObject({
      strategy: 'PRODUCT_MIX',
      suggestedOfferingIds: ['colour', 'serum'],
      maxDiscountPct: 7,
      offerPct: 5,
    });
    expect(decision.params).toMatchObject({ usualOfferingId: 'cut', offer: { limitingOfferingId: 'serum' } });
  });
});

describe('decide: previous attempts', () => {
  const thisLapse = daysAgo(20);
  const lastLapse = daysAgo(400);

  it.each<[string, InputChange, Strategy, string]>([
    [
      'a lost incentive is not repeated: the cheapest other way',
      {
        visits: discountHunter(),
        previousAttempts: [attempt({ strategy: 'INCENTIVE_DISCOUNT', createdAt: thisLapse })],
      },
      'PERSONAL_CONTACT',
      'fallback',
    ],
    [
      'an incentive lost in an earlier lapse may be tried again',
      {
        visits: discountHunter(),
        previousAttempts: [
          attempt({ strategy: 'INCENTIVE_DISCOUNT', createdAt: lastLapse, closedAt: lastLapse }),
        ],
      },
      'INCENTIVE_DISCOUNT',
      'price_sensitive',
    ],
    [
      'a won attempt is no failure',
      {
        visits: discountHunter(),
        previousAttempts: [
          attempt({
            strategy: 'INCENTIVE_DISCOUNT',
            status: 'WON',
            outcome: 'REACTIVATED',
            createdAt: thisLapse,
          }),
        ],
      },
      'INCENTIVE_DISCOUNT',
      'price_sensitive',
    ],
    [
      'a control attempt tried nothing',
      {
        visits: discountHunter(),
        previousAttempts: [attempt({ strategy: 'INCENTIVE_DISCOUNT', createdAt: thisLapse, control: true })],
      },
      'INCENTIVE_DISCOUNT',
      'price_sensitive',
    ],
    [
      'VIP and price-sensitive: the next fitting one',
      {
        ...vip,
        visits: discountHunter(),
        previousAttempts: [attempt({ strategy: 'SPECIAL_CONDITION', createdAt: thisLapse })],
      },
      'INCENTIVE_DISCOUNT',
      'price_sensitive',
    ],
    [
      'no signal, reminder lost: something new',
      { previousAttempts: [attempt({ createdAt: thisLapse })] },
      'PRODUCT_MIX',
      'default',
    ],
    [
      'no signal, reminder lost, nothing new: an incentive',
      { ...noNewOfferings, previousAttempts: [attempt({ createdAt: thisLapse })] },
      'INCENTIVE_DISCOUNT',
      'default',
    ],
    [
      'an escalated contact that failed gives way',
      { ...vip, valueAtRiskRank: 0.99, previousAttempts: [attempt({ createdAt: thisLapse })] },
      'SPECIAL_CONDITION',
      'vip',
    ],
    [
      'everything failed: the first fit again',
      {
        previousAttempts: (['PERSONAL_CONTACT', 'PRODUCT_MIX', 'INCENTIVE_DISCOUNT'] as const).map(
          (strategy) => attempt({ strategy, createdAt: thisLapse }),
        ),
      },
      'PERSONAL_CONTACT',
      'repeat',
    ],
  ])('%s', (_, change, strategy, rule) => {
    const decision = decide(input(change), defaults);
    expect(decision.strategy).toBe(strategy);
    expect(decision.params.rule).toBe(rule);
  });

  it('says which strategy failed', () => {
    const decision = decide(
      input({
        visits: discountHunter(),
        previousAttempts: [attempt({ strategy: 'INCENTIVE_DISCOUNT', createdAt: thisLapse })],
      }),
      defaults,
    );
    expect(decision.explanation).toContain(
      'INCENTIVE_DISCOUNT already failed in this lapse, so not repeated.',
    );
    expect(decision.params.failedInLapse).toEqual(['INCENTIVE_DISCOUNT']);
  });

  it('counts the lapse from lapseStartedAt when given', () => {
    const change = {
      visits: discountHunter(),
      previousAttempts: [attempt({ strategy: 'INCENTIVE_DISCOUNT', createdAt: thisLapse })],
    };
    expect(decide(input({ ...change, lapseStartedAt: daysAgo(10) }), defaults).strategy).toBe(
      'INCENTIVE_DISCOUNT',
    );
  });
});

describe('decide: measured effectiveness', () => {
  // Price-sensitive and a variety seeker: INCENTIVE_DISCOUNT and PRODUCT_MIX both fit, in that order.
  const both = visits(6, (i) => ({ offeringId: i % 2 ? `new-${i}` : 'cut', amount: i % 2 ? 120 : 100 }));

  it.each<[string, InputChange['effectiveness'], Strategy, number]>([
    ['no data: the rules decide', {}, 'INCENTIVE_DISCOUNT', 30],
    [
      'product mix measures better: it goes first',
      { PRODUCT_MIX: { attempts: 120, won: 37 }, INCENTIVE_DISCOUNT: { attempts: 95, won: 17 } },
      'PRODUCT_MIX',
      30,
    ],
    [
      'the rules’ choice is not measured enough yet',
      { PRODUCT_MIX: { attempts: 120, won: 37 }, INCENTIVE_DISCOUNT: { attempts: 29, won: 2 } },
      'INCENTIVE_DISCOUNT',
      30,
    ],
    [
      'the tenant asks for more data',
      { PRODUCT_MIX: { attempts: 120, won: 37 }, INCENTIVE_DISCOUNT: { attempts: 95, won: 17 } },
      'INCENTIVE_DISCOUNT',
      100,
    ],
    [
      'the rules’ choice measures best',
      { PRODUCT_MIX: { attempts: 120, won: 10 }, INCENTIVE_DISCOUNT: { attempts: 95, won: 17 } },
      'INCENTIVE_DISCOUNT',
      30,
    ],
    [
      'a tie keeps the rules’ order',
      { PRODUCT_MIX: { attempts: 100, won: 20 }, INCENTIVE_DISCOUNT: { attempts: 50, won: 10 } },
      'INCENTIVE_DISCOUNT',
      30,
    ],
    [
      'a strategy that does not fit is not chosen',
      { SPECIAL_CONDITION: { attempts: 200, won: 150 }, INCENTIVE_DISCOUNT: { attempts: 95, won: 17 } },
      'INCENTIVE_DISCOUNT',
      30,
    ],
  ])('%s', (_, effectiveness, strategy, minAttempts) => {
    const decision = decide(
      input({ visits: both, effectiveness }),
      settings({ effectiveness: { minAttempts } }),
    );
    expect(decision.strategy).toBe(strategy);
  });

  it('explains the measured choice first', () => {
    const decision = decide(
      input({
        visits: both,
        effectiveness: {
          PRODUCT_MIX: { attempts: 120, won: 37 },
          INCENTIVE_DISCOUNT: { attempts: 95, won: 17 },
        },
      }),
      defaults,
    );
    expect(decision.explanation[1]).toBe(
      'PRODUCT_MIX won 31% of 120 attempts here vs 18% of 95 for INCENTIVE_DISCOUNT.',
    );
    expect(decision.explanation[2]).toMatch(/^Likes to try new things/);
  });

  it('lets measurements choose among generic strategies when nothing in the history decides', () => {
    const effectiveness = {
      PERSONAL_CONTACT: { attempts: 50, won: 5 },
      INCENTIVE_DISCOUNT: { attempts: 50, won: 20 },
    };
    expect(decide(input({ effectiveness }), defaults).strategy).toBe('INCENTIVE_DISCOUNT');
  });

  it('does not override escalation, which is policy', () => {
    const effectiveness = {
      PERSONAL_CONTACT: { attempts: 50, won: 2 },
      SPECIAL_CONDITION: { attempts: 50, won: 30 },
    };
    const decision = decide(input({ ...vip, valueAtRiskRank: 0.99, effectiveness }), defaults);
    expect(decision.strategy).toBe('PERSONAL_CONTACT');
  });
});

describe('decide: waiting', () => {
  const season = ['2023-11-20', '2023-12-18', '2024-01-22', '2024-11-25', '2024-12-20', '2025-01-27'].map(
    (date) => ({
      at: new Date(`${date}T15:00:00Z`),
      amount: 120,
      listPrice: 120,
      offeringId: 'cut',
      staffId: null,
    }),
  );

  it.each<[string, InputChange, string, Date | null, ReactivationSettings?]>([
    [
      'a booking in five days: until the day after it',
      { customer: { nextBookingAt: daysAhead(5) } },
      'upcoming_booking',
      daysAhead(6),
    ],
    [
      'declined 30 days ago: until the cool-down ends',
      { previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(30), createdAt: daysAgo(35) })] },
      'declined_cooldown',
      daysAhead(60),
    ],
    [
      'a shorter tenant cool-down',
      { previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(30) })] },
      'declined_cooldown',
      daysAhead(15),
      settings({ policy: { declineCooldownDays: 45 } }),
    ],
    [
      'seasonal, out of season: two weeks before it',
      { visits: season },
      'off_season',
      new Date('2025-10-18T00:00:00Z'),
    ],
    ['not lapsed', { customer: { state: 'ACTIVE' } }, 'not_lapsed', null],
    [
      'an attempt already open',
      { previousAttempts: [attempt({ status: 'SUGGESTED', outcome: null, closedAt: null })] },
      'open_attempt',
      null,
    ],
    [
      'every attempt of the lapse used',
      { attemptNumber: 4, attemptLimits: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 30 } },
      'attempts_used',
      null,
    ],
    [
      'the last attempt too recent',
      {
        previousAttempts: [attempt({ createdAt: daysAgo(10) })],
        attemptLimits: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 30 },
      },
      'too_soon',
      daysAhead(20),
    ],
  ])('%s', (_, change, rule, until, tenant = defaults) => {
    const decision = decide(input(change), tenant);
    expect(decision).toMatchObject({
      action: 'wait',
      strategy: 'WAIT',
      maxDiscountPct: 0,
      offerPct: 0,
      waitUntil: until,
    });
    expect(decision.params.waitRules).toEqual([rule]);
    expect(decision.explanation).toHaveLength(1);
  });

  it.each<[string, InputChange]>([
    ['a booking in the past', { customer: { nextBookingAt: daysAgo(3) } }],
    [
      'declined 100 days ago',
      { previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(100) })] },
    ],
    [
      'declined in a control attempt (nothing was sent)',
      { previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(30), control: true })] },
    ],
    ['seasonal, in season', { visits: season, now: new Date('2025-12-03T12:00:00Z') }],
    ['seasonal, within two weeks of the season', { visits: season, now: new Date('2025-10-25T12:00:00Z') }],
    [
      'an open WAIT decision is no attempt',
      { previousAttempts: [attempt({ strategy: 'WAIT', status: 'PLANNED', outcome: null, closedAt: null })] },
    ],
    [
      'the last attempt long enough ago',
      {
        previousAttempts: [attempt({ createdAt: daysAgo(31) })],
        attemptLimits: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 30 },
      },
    ],
    [
      'the last allowed attempt',
      { attemptNumber: 3, attemptLimits: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 30 } },
    ],
  ])('tries when %s', (_, change) => {
    expect(decide(input(change), defaults)).toMatchObject({ action: 'attempt', waitUntil: null });
  });

  it('waits for the latest reason and explains it first', () => {
    const decision = decide(
      input({
        customer: { nextBookingAt: daysAhead(5) },
        previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(30) })],
      }),
      defaults,
    );
    expect(decision.waitUntil).toEqual(daysAhead(60));
    expect(decision.params.waitRules).toEqual(['declined_cooldown', 'upcoming_booking']);
    expect(decision.explanation[0]).toBe(
      'Declined on 2025-05-16; no attempt for 90 days after a refusal (until 2025-08-14).',
    );
  });

  it('waits without an end when any reason has none', () => {
    const decision = decide(input({ customer: { state: 'NEW', nextBookingAt: daysAhead(5) } }), defaults);
    expect(decision.waitUntil).toBeNull();
    expect(decision.params.waitRules).toEqual(['not_lapsed', 'upcoming_booking']);
  });

  it('explains a seasonal wait', () => {
    const decision = decide(input({ visits: season }), defaults);
    expect(decision.explanation[0]).toBe(
      'Seasonal: 100% of their visit days fall in Nov–Jan over 2 seasons; contact them from 2025-10-18, shortly before the season.',
    );
  });
});

describe('decide: tone and offers', () => {
  it.each<[string, InputChange, string, number, number]>([
    ['a gentle first reminder offers nothing', { customer: { daysInactive: 30 } }, 'gentle', 5, 0],
    [
      'price-sensitive but gentle: held for attempt 2',
      { visits: discountHunter(), customer: { daysInactive: 30 } },
      'gentle',
      15,
      0,
    ],
    [
      'price-sensitive, gentle, attempt 2: the offer comes',
      { visits: discountHunter(), customer: { daysInactive: 30 }, attemptNumber: 2 },
      'gentle',
      15,
      15,
    ],
    ['price-sensitive, offer tone, attempt 1: half', { visits: discountHunter() }, 'offer', 15, 5],
    [
      'VIP, win-back, attempt 1: half of 20',
      { ...vip, customer: { vip: true, daysInactive: 90 } },
      'win_back',
      20,
      10,
    ],
    [
      'a low-margin offering caps the VIP',
      { ...vip, attemptNumber: 2, primaryOffering: { id: 'cut', name: 'Haircut', price: 120, margin: 0.3 } },
      'offer',
      15,
      15,
    ],
    [
      'a margin under the floor: nothing',
      {
        visits: discountHunter(),
        attemptNumber: 2,
        primaryOffering: { id: 'cut', name: 'Haircut', price: 120, margin: 0.1 },
      },
      'offer',
      0,
      0,
    ],
  ])('%s', (_, change, tone, max, offer) => {
    expect(decide(input(change), defaults)).toMatchObject({ tone, maxDiscountPct: max, offerPct: offer });
  });
});

describe('decide: a strategy picked by the operator', () => {
  it('takes it, says what the rules would have picked, and bounds the offer as usual', () => {
    const decision = decide(input({ visits: discountHunter(), attemptNumber: 2 }), defaults, {
      strategy: 'SPECIAL_CONDITION',
    });
    expect(decision).toMatchObject({
      action: 'attempt',
      strategy: 'SPECIAL_CONDITION',
      maxDiscountPct: 20,
      offerPct: 20,
    });
    expect(decision.params).toMatchObject({ rule: 'operator', suggestedStrategy: 'INCENTIVE_DISCOUNT' });
    expect(decision.explanation.slice(1, 3)).toEqual([
      'Strategy chosen by the operator: SPECIAL_CONDITION.',
      'The rules would pick INCENTIVE_DISCOUNT: Price-sensitive: 3 of 6 visits (50%) were paid below list price.',
    ]);
  });

  it('overrules a judgement to wait, and says so', () => {
    const decision = decide(input({ customer: { nextBookingAt: daysAhead(5) } }), defaults, {
      strategy: 'PERSONAL_CONTACT',
    });
    expect(decision).toMatchObject({ action: 'attempt', strategy: 'PERSONAL_CONTACT' });
    expect(decision.explanation).toContain(
      'Tried anyway: Booked for 2025-06-20: they are coming back on their own; try again only if they miss it.',
    );
  });

  it.each<[string, InputChange]>([
    [
      'an open attempt',
      { previousAttempts: [attempt({ status: 'APPROVED', outcome: null, closedAt: null })] },
    ],
    ['a recent refusal', { previousAttempts: [attempt({ outcome: 'DECLINED', closedAt: daysAgo(30) })] }],
    [
      'used-up attempts',
      { attemptNumber: 4, attemptLimits: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 0 } },
    ],
  ])('never overrules a policy: %s', (_, change) => {
    expect(decide(input(change), defaults, { strategy: 'INCENTIVE_DISCOUNT' }).action).toBe('wait');
  });

  it('waits when the operator picks WAIT', () => {
    const decision = decide(input(), defaults, { strategy: 'WAIT' });
    expect(decision).toMatchObject({ action: 'wait', strategy: 'WAIT', waitUntil: null });
    expect(decision.params.waitRules).toEqual(['operator']);
  });
});
