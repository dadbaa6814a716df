import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from './minimize.ts';

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start', () => {
    const result = minimizeBfgs(
      (v, g) => {
        const x = v[0] as number;
        const y = v[1] as number;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      [-1.2, 1],
      { gradientTolerance: 1e-10 },
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.iterations).toBeLessThan(100);
  });

  it('recovers from non-finite values along the search direction', () => {
    // f = x − ε ln x on x > 0, NaN elsewhere: the expanding line search runs into x ≤ 0.
    const eps = 1e-3;
    const result = minimizeBfgs(
      (v, g) => {
        const x = v[0] as number;
        g[0] = 1 - eps / x;
        return x > 0 ? x - eps * Math.log(x) : Number.NaN;
      },
      [10],
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(eps, 8);
  });

  it('refuses a start where the objective is not finite', () => {
    expect(() => minimizeBfgs(() => Number.NaN, [0])).toThrow(RangeError);
  });
});
