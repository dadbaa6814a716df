import { describe, expect, it } from 'vitest';
import type { Strategy, Tone } from '../reactivation/attempt.ts';
import { DEFAULT_REACTIVATION_SETTINGS as defaults } from '../settings/reactivation.ts';
import { settings } from './decision-input.fixture.ts';
import { discountCeiling, explainOffer, offerFor } from './offer.ts';
import { toneFor } from './tone.ts';
import type { DecisionOffering } from './types.ts';

const offering = (margin: number | null, id = 'cut'): DecisionOffering => ({
  id,
  name: id,
  price: 100,
  margin,
});

describe('discountCeiling', () => {
  it.each<[string, Strategy, DecisionOffering[], number, number | null]>([
    ['the strategy ceiling when the margin has room', 'INCENTIVE_DISCOUNT', [offering(0.6)], 15, 45],
    ['unknown margin: the strategy ceiling alone', 'INCENTIVE_DISCOUNT', [offering(null)], 15, null],
    ['no offering: the strategy ceiling alone', 'SPECIAL_CONDITION', [], 20, null],
    ['a 27% margin keeps 15%: at most 12%', 'INCENTIVE_DISCOUNT', [offering(0.27)], 12, 12],
    ['0.29 · 100 − 15 is 14, not 13', 'INCENTIVE_DISCOUNT', [offering(0.29)], 14, 14],
    ['a margin below the floor allows nothing', 'SPECIAL_CONDITION', [offering(0.14)], 0, 0],
    ['the tightest margin of several binds', 'PRODUCT_MIX', [offering(0.6, 'a'), offering(0.22, 'b')], 7, 7],
    ['WAIT never discounts', 'WAIT', [offering(0.9)], 0, 75],
  ])('%s', (_, strategy, offerings, max, allowance) => {
    const ceiling = discountCeiling(strategy, offerings, defaults);
    expect(ceiling.maxDiscountPct).toBe(max);
    expect(ceiling.marginAllowancePct === null ? null : Math.round(ceiling.marginAllowancePct)).toBe(
      allowance,
    );
  });

  it('follows the tenant ceilings and floor', () => {
    const tenant = settings({ policy: { discountCeilingPct: { PERSONAL_CONTACT: 0 }, marginFloorPct: 40 } });
    expect(discountCeiling('PERSONAL_CONTACT', [offering(0.9)], tenant).maxDiscountPct).toBe(0);
    expect(discountCeiling('INCENTIVE_DISCOUNT', [offering(0.5)], tenant).maxDiscountPct).toBe(10);
  });
});

describe('offerFor', () => {
  // Default ladder [0, 0.5, 1] in 5% steps; ceilings 15 / 20 / 10 / 5 with room in the margin.
  it.each<[Strategy, number, Tone, number, string]>([
    ['PERSONAL_CONTACT', 1, 'offer', 0, 'first touch offers nothing'],
    ['PERSONAL_CONTACT', 2, 'offer', 0, 'half of 5% is below one 5% step'],
    ['PERSONAL_CONTACT', 3, 'win_back', 5, 'the full ceiling on the third'],
    ['PRODUCT_MIX', 1, 'offer', 0, 'first touch offers nothing'],
    ['PRODUCT_MIX', 2, 'offer', 5, 'half the ceiling'],
    ['PRODUCT_MIX', 3, 'offer', 10, 'the full ceiling'],
    ['PRODUCT_MIX', 7, 'offer', 10, 'the last rung holds'],
    ['PRODUCT_MIX', 3, 'gentle', 0, 'a gentle message offers nothing'],
    ['INCENTIVE_DISCOUNT', 1, 'offer', 5, 'discount-led: one rung up, 7.5 rounds down to 5'],
    ['INCENTIVE_DISCOUNT', 2, 'offer', 15, 'discount-led: the full ceiling on the second'],
    ['INCENTIVE_DISCOUNT', 1, 'gentle', 0, 'gentle first touch holds the discount back'],
    ['INCENTIVE_DISCOUNT', 2, 'gentle', 15, 'discount-led may offer in a gentle second attempt'],
    ['SPECIAL_CONDITION', 1, 'win_back', 10, 'half of 20'],
    ['SPECIAL_CONDITION', 1, 'gentle', 0, 'gentle first touch'],
    ['SPECIAL_CONDITION', 2, 'gentle', 20, 'gentle second attempt'],
    ['WAIT', 3, 'win_back', 0, 'WAIT offers nothing'],
  ])('%s attempt %i, %s tone → %i percent (%s)', (strategy, attempt, tone, expected) => {
    const ceiling = discountCeiling(strategy, [offering(0.6)], defaults);
    expect(offerFor(strategy, attempt, tone, ceiling, defaults).offerPct).toBe(expected);
  });

  it('rounds to the tenant step and never above a margin-bound ceiling', () => {
    const wholePercent = settings({ policy: { offerStepPct: 1 } });
    const full = discountCeiling('INCENTIVE_DISCOUNT', [offering(0.6)], wholePercent);
    expect(offerFor('INCENTIVE_DISCOUNT', 1, 'offer', full, wholePercent).offerPct).toBe(7);
    const tight = discountCeiling('INCENTIVE_DISCOUNT', [offering(0.27)], defaults);
    expect(offerFor('INCENTIVE_DISCOUNT', 2, 'offer', tight, defaults).offerPct).toBe(10);
    expect(offerFor('INCENTIVE_DISCOUNT', 2, 'offer', tight, wholePercent).offerPct).toBe(12);
  });

  it('treats a nonsensical attempt number as the first', () => {
    const ceiling = discountCeiling('PRODUCT_MIX', [], defaults);
    expect(offerFor('PRODUCT_MIX', 0, 'offer', ceiling, defaults).rung).toBe(0);
    expect(offerFor('PRODUCT_MIX', Number.NaN, 'offer', ceiling, defaults).rung).toBe(0);
  });

  it.each<[string, Strategy, number, Tone, number | null, RegExp]>([
    ['an offer', 'INCENTIVE_DISCOUNT', 2, 'offer', 0.6, /^Offers 15% on attempt 2: 100% of the 15% ceiling/],
    [
      'the first rung',
      'PRODUCT_MIX',
      1,
      'offer',
      0.6,
      /^No discount on attempt 1: the offer ladder gives this attempt none of the 10% ceiling/,
    ],
    ['a rung below one step', 'PERSONAL_CONTACT', 2, 'offer', 0.6, /below one 5% step/],
    ['a gentle hold', 'INCENTIVE_DISCOUNT', 1, 'gentle', 0.6, /^No discount on a gentle first touch/],
    [
      'a margin with no room',
      'INCENTIVE_DISCOUNT',
      2,
      'offer',
      0.1,
      /^No discount: the 10% margin on cut leaves nothing above the 15% floor/,
    ],
  ])('explains %s', (_, strategy, attempt, tone, margin, pattern) => {
    const ceiling = discountCeiling(strategy, [offering(margin)], defaults);
    const offer = offerFor(strategy, attempt, tone, ceiling, defaults);
    expect(explainOffer(strategy, attempt, offer, 5)[0]).toMatch(pattern);
  });

  it('says when the margin lowers the ceiling', () => {
    const ceiling = discountCeiling('INCENTIVE_DISCOUNT', [offering(0.27)], defaults);
    const lines = explainOffer(
      'INCENTIVE_DISCOUNT',
      2,
      offerFor('INCENTIVE_DISCOUNT', 2, 'offer', ceiling, defaults),
      5,
    );
    expect(lines).toContain(
      'Discount ceiling 12% (below the 15% for INCENTIVE_DISCOUNT): the 27% margin on cut must keep its 15% floor.',
    );
  });
});

describe('toneFor', () => {
  it.each([
    [0, 'gentle'],
    [21, 'gentle'],
    [44.9, 'gentle'],
    [45, 'offer'],
    [74, 'offer'],
    [75, 'win_back'],
    [400, 'win_back'],
  ])('%s days away → %s', (days, tone) => {
    expect(toneFor(days, defaults)).toBe(tone);
  });

  it('follows the tenant thresholds', () => {
    const tenant = settings({ tone: { offerFromDays: 20, winBackFromDays: 40 } });
    expect([10, 20, 39, 40].map((days) => toneFor(days, tenant))).toEqual([
      'gentle',
      'offer',
      'offer',
      'win_back',
    ]);
  });
});
