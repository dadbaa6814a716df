import { describe, expect, it } from 'vitest';
import { probabilityAlive } from './bg-nbd.ts';
import type { BgNbdParams } from './bg-nbd-likelihood.ts';
import { currentPurchaseRate, quietChance } from './quiet-chance.ts';

// Fader, Hardie & Lee (2005), CDNOW sample, weeks.
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('currentPurchaseRate', () => {
  it.each([
    { x: 0, tx: 0, T: 38 },
    { x: 2, tx: 30.43, T: 38.86 },
    { x: 7, tx: 35, T: 36 },
  ])('is P(alive) · (r + x) / (α + T) for %o', (c) => {
    const expected = (probabilityAlive(CDNOW, c) * (CDNOW.r + c.x)) / (CDNOW.alpha + c.T);
    expect(currentPurchaseRate(CDNOW, c)).toBeCloseTo(expected, 12);
  });

  it('falls the longer a repeat buyer stays away, and rises with frequency', () => {
    const away = [35, 25, 15, 5].map((tx) => currentPurchaseRate(CDNOW, { x: 3, tx, T: 38 }));
    for (let i = 1; i < away.length; i++) expect(away[i]).toBeLessThan(away[i - 1]!);
    const frequent = [1, 3, 6].map((x) => currentPurchaseRate(CDNOW, { x, tx: 35, T: 38 }));
    for (let i = 1; i < frequent.length; i++) expect(frequent[i]).toBeGreaterThan(frequent[i - 1]!);
  });

  it('does not rank a one-time buyer as safe as a regular one, as P(alive) does', () => {
    const once = { x: 0, tx: 0, T: 38 };
    const regular = { x: 6, tx: 36, T: 38 };
    expect(probabilityAlive(CDNOW, once)).toBeGreaterThan(probabilityAlive(CDNOW, regular));
    expect(currentPurchaseRate(CDNOW, once)).toBeLessThan(currentPurchaseRate(CDNOW, regular));
  });
});

describe('quietChance', () => {
  it('is exp(−h · rate), 1 over no time, in (0, 1]', () => {
    const c = { x: 2, tx: 20, T: 38 };
    expect(quietChance(CDNOW, c, 0)).toBe(1);
    expect(quietChance(CDNOW, c, 13)).toBeCloseTo(Math.exp(-13 * currentPurchaseRate(CDNOW, c)), 12);
    expect(quietChance(CDNOW, c, 1e6)).toBeGreaterThanOrEqual(0);
    expect(() => quietChance(CDNOW, c, -1)).toThrow(RangeError);
  });
});
