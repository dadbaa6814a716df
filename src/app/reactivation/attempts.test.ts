import { describe, expect, it } from 'vitest';
import { discountCost } from './attempts.ts';

describe('discountCost', () => {
  it.each([
    // 10% off a 100 list price was paid as 90: the discount cost 10
    [10, 90, 10],
    [20, 80, 20],
    [15, 170, 30],
    [0, 100, undefined],
    [undefined, 100, undefined],
    [10, undefined, undefined],
    [100, 0, undefined],
  ])('%s%% on an order paid %s costs %s', (pct, value, cost) => {
    expect(discountCost(pct, value)).toBe(cost);
  });
});
