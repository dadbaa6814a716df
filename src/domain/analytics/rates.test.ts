import { describe, expect, it } from 'vitest';
import { rateOf, roundTo } from './rates.ts';

describe('rateOf and roundTo', () => {
  it('gives 4 decimals, and no rate of nothing', () => {
    expect(rateOf(2, 3)).toBe(0.6667);
    expect(rateOf(9, 20)).toBe(0.45);
    expect(rateOf(0, 0)).toBeNull();
    expect(roundTo(12.345, 1)).toBe(12.3);
  });
});
