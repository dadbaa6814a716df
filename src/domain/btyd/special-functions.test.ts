import { describe, expect, it } from 'vitest';
import {
  digamma,
  hyp2f1,
  hyp2f1Series,
  logAddExp,
  logBeta,
  logGamma,
  logSumExp,
} from './special-functions.ts';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [10, Math.log(362_880)],
    [0.1, 2.252712651734206],
    [100, 359.1342053695754],
    [1000, 5905.220423209181],
    [-0.5, Math.log(2 * Math.sqrt(Math.PI))],
  ])('ln Γ(%d) = %d', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('satisfies Γ(x+1) = x Γ(x) across magnitudes', () => {
    for (const x of [0.013, 0.243, 0.793, 2.426, 7.5, 33.3, 512.25]) {
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 12);
    }
  });

  it('gives ln B(a, b) by its definition', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
  });
});

describe('digamma', () => {
  const eulerGamma = 0.5772156649015329;
  it.each([
    [1, -eulerGamma],
    [0.5, -eulerGamma - 2 * Math.LN2],
    [10, 2.251752589066721],
    [0.243, -4.351093864423211],
  ])('ψ(%d) = %d', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 12);
  });

  it('is the derivative of logGamma', () => {
    for (const x of [0.2, 1.7, 15]) {
      const h = 1e-5;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 7);
    }
  });
});

describe('logAddExp / logSumExp', () => {
  it('do not overflow or lose the small term', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, -1040)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-40)), 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logSumExp([700, 700, 700])).toBeCloseTo(700 + Math.log(3), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('hyp2f1', () => {
  it.each([0.1, 0.5, 0.9, 0.99])('2F1(1, 1; 2; z) = −ln(1 − z)/z at z = %d', (z) => {
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
    expect(hyp2f1Series(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 10);
  });

  it.each([
    [0.3, 2.5, 0.2],
    [3.2, 1.1, 0.9],
    [40, 7, 0.97],
  ])('2F1(a, b; b; z) = (1 − z)^−a for a = %d, b = %d, z = %d (Euler path)', (a, b, z) => {
    const value = hyp2f1(a, b, b, z);
    expect(value / (1 - z) ** -a).toBeCloseTo(1, 12);
  });

  it('2F1(½, ½; 3/2; z²) = arcsin(z)/z', () => {
    const z = 0.95;
    expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 10);
  });

  it('uses Pfaff for negative arguments', () => {
    expect(hyp2f1(1, 1, 2, -0.5)).toBeCloseTo(Math.log(1.5) / 0.5, 12);
    expect(hyp2f1(1, 1, 2, -9)).toBeCloseTo(Math.log(10) / 9, 12);
  });

  it('terminates for a non-positive integer a and rejects z ≥ 1', () => {
    expect(hyp2f1Series(-2, 3, 4, 0.5)).toBeCloseTo(1 - 2 * (3 / 4) * 0.5 + ((3 * 4) / (4 * 5)) * 0.25, 14);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});
