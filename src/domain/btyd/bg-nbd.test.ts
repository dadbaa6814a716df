import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesUnconditional, fitBgNbd, probabilityAlive } from './bg-nbd.ts';
import {
  type BgNbdParams,
  bgNbdCustomerLogLikelihood,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodAndGradient,
} from './bg-nbd-likelihood.ts';
import { CDNOW_CALIBRATION_END, readCdnowPublishedSummary, readCdnowTransactions } from './cdnow.fixture.ts';
import { compressCustomers } from './customer-groups.ts';
import { logBeta } from './special-functions.ts';
import { summarize } from './summarize.ts';

// Fader, Hardie & Lee (2005), CDNOW sample, weeks 1–39: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
// LL = −9582.4. The same figures are asserted by the `lifetimes` test-suite ("close to Hardie paper"),
// together with the conditional and unconditional expectations of Hardie's spreadsheet used below.
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_LL = -9582.4;

const summaries = summarize(readCdnowTransactions(), { calibrationEnd: CDNOW_CALIBRATION_END, unit: 'week' });

/** Same value to `digits` significant figures. */
function sameSignificant(actual: number, expected: number, digits: number): boolean {
  return actual.toPrecision(digits) === expected.toPrecision(digits);
}

describe('BG/NBD log-likelihood', () => {
  it('gives the published −9582.4 at the published estimates', () => {
    expect(bgNbdLogLikelihood(PUBLISHED, readCdnowPublishedSummary())).toBeCloseTo(PUBLISHED_LL, 1);
  });

  it('is the same on compressed groups as summed customer by customer', () => {
    const perCustomer = summaries.reduce((sum, c) => sum + bgNbdCustomerLogLikelihood(PUBLISHED, c), 0);
    const groups = compressCustomers(summaries);
    expect(groups.groups).toBeLessThan(summaries.length);
    expect(bgNbdLogLikelihood(PUBLISHED, groups)).toBeCloseTo(perCustomer, 8);
  });

  it('honours counts', () => {
    const one = { x: 3, tx: 20, T: 30 };
    expect(bgNbdLogLikelihood(PUBLISHED, [{ ...one, count: 5 }])).toBeCloseTo(
      5 * bgNbdCustomerLogLikelihood(PUBLISHED, one),
      10,
    );
  });

  it('matches the likelihood written with Beta functions, without logs', () => {
    const { r, alpha, a, b } = PUBLISHED;
    const { x, tx, T } = { x: 4, tx: 25.5, T: 36.1 };
    // Γ(r+x)/Γ(r) for integer x is the rising factorial r(r+1)…(r+x−1).
    let rising = 1;
    for (let i = 0; i < x; i++) rising *= r + i;
    const lambdaPart = (alphaPlus: number) => (rising * alpha ** r) / alphaPlus ** (r + x);
    const beta = (p: number, q: number) => Math.exp(logBeta(p, q));
    const likelihood =
      (beta(a, b + x) / beta(a, b)) * lambdaPart(alpha + T) +
      (beta(a + 1, b + x - 1) / beta(a, b)) * lambdaPart(alpha + tx);
    expect(bgNbdCustomerLogLikelihood(PUBLISHED, { x, tx, T })).toBeCloseTo(Math.log(likelihood), 12);
  });

  it('has an analytic gradient that matches central differences', () => {
    const groups = compressCustomers(summaries);
    const gradient = new Float64Array(4);
    const at: BgNbdParams = { r: 0.31, alpha: 5.2, a: 0.6, b: 3.1 };
    bgNbdLogLikelihoodAndGradient(at, groups, gradient);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    keys.forEach((key, i) => {
      const h = 1e-6 * at[key];
      const up = bgNbdLogLikelihood({ ...at, [key]: at[key] + h }, groups);
      const down = bgNbdLogLikelihood({ ...at, [key]: at[key] - h }, groups);
      expect(gradient[i]).toBeCloseTo((up - down) / (2 * h), 3);
    });
  });

  it('stays finite for heavy buyers and long histories (the "#NUM!" cases)', () => {
    const ll = bgNbdCustomerLogLikelihood(PUBLISHED, { x: 800, tx: 2900, T: 3000 });
    expect(Number.isFinite(ll)).toBe(true);
  });

  it('rejects impossible histories', () => {
    expect(() => compressCustomers([{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
    expect(() => compressCustomers([{ x: 0, tx: 2, T: 4 }])).toThrow(RangeError);
    expect(() => compressCustomers([{ x: 1.5, tx: 2, T: 4 }])).toThrow(RangeError);
  });
});

describe('fitBgNbd on CDNOW', () => {
  const fit = fitBgNbd(summaries);

  it('reproduces the published estimates to three significant figures', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(sameSignificant(fit.params[key], PUBLISHED[key], 3), `${key} = ${fit.params[key]}`).toBe(true);
    }
    expect(fit.logLikelihood).toBeCloseTo(PUBLISHED_LL, 0);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(PUBLISHED, summaries));
  });

  it('gets the same optimum from the published 2-decimal summary', () => {
    const fromCsv = fitBgNbd(readCdnowPublishedSummary());
    expect(fromCsv.params.r).toBeCloseTo(0.2426, 4);
    expect(fromCsv.params.alpha).toBeCloseTo(4.4135, 3);
    expect(fromCsv.params.a).toBeCloseTo(0.7929, 4);
    expect(fromCsv.params.b).toBeCloseTo(2.4258, 3);
    expect(fromCsv.logLikelihood).toBeCloseTo(-9582.4256, 3);
  });

  it('does not depend on the time unit (α scales, r, a, b do not)', () => {
    const inDays = fitBgNbd(summaries.map((s) => ({ x: s.x, tx: s.tx * 7, T: s.T * 7 })));
    expect(inDays.params.r).toBeCloseTo(fit.params.r, 5);
    expect(inDays.params.alpha / 7).toBeCloseTo(fit.params.alpha, 3);
    expect(inDays.params.a).toBeCloseTo(fit.params.a, 5);
    expect(inDays.params.b).toBeCloseTo(fit.params.b, 4);
  });

  it('runs well under a second', () => {
    const started = performance.now();
    fitBgNbd(summaries);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reports no convergence, with finite estimates, when no one ever drops out', () => {
    const regulars = Array.from({ length: 300 }, (_, i) => ({ x: 10 + (i % 5), tx: 50 - (i % 3), T: 50 }));
    const degenerate = fitBgNbd(regulars);
    expect(degenerate.converged).toBe(false);
    expect(Object.values(degenerate.params).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(degenerate.logLikelihood)).toBe(true);
  });

  it('refuses data without a repeat purchase', () => {
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 10 }])).toThrow(RangeError);
  });
});

describe('BG/NBD predictions', () => {
  // The spreadsheet works from the 2-decimal summary and the full-precision estimates.
  const spreadsheetFit = fitBgNbd(readCdnowPublishedSummary()).params;

  it("expects 1.226 purchases in 39 weeks from FHL's customer (x = 2, tx = 30.43, T = 38.86)", () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    expect(expectedPurchases(PUBLISHED, customer, 39)).toBeCloseTo(1.226, 3);
    expect(expectedPurchases(spreadsheetFit, customer, 39)).toBeCloseTo(1.226, 3);
    expect(expectedPurchases(fitBgNbd(summaries).params, customer, 39)).toBeCloseTo(1.226, 3);
  });

  it.each([
    [0.1429, 0.0078],
    [1, 0.0532],
    [3, 0.1506],
    [31.8571, 1.0405],
    [32, 1.0437],
    [78, 1.8576],
  ])("gives E[X(%d)] = %d as in Hardie's spreadsheet (at the unrounded estimates)", (t, expected) => {
    expect(Math.abs(expectedPurchasesUnconditional(spreadsheetFit, t) - expected)).toBeLessThan(5e-4);
  });

  it.each([
    { x: 0, tx: 0, T: 1 },
    { x: 0, tx: 0, T: 38.86 },
    { x: 0, tx: 0, T: 500 },
  ])('P(alive) = 1 without repeat purchases (T = $T)', (c) => {
    expect(probabilityAlive(PUBLISHED, c)).toBe(1);
  });

  it('P(alive) rises with recency and falls with silence', () => {
    const byRecency = [5, 15, 25, 35, 38].map((tx) => probabilityAlive(PUBLISHED, { x: 3, tx, T: 38.86 }));
    const bySilence = [40, 60, 100, 200].map((T) => probabilityAlive(PUBLISHED, { x: 3, tx: 35, T }));
    expect(byRecency).toEqual([...byRecency].sort((p, q) => p - q));
    expect(bySilence).toEqual([...bySilence].sort((p, q) => q - p));
    for (const p of [...byRecency, ...bySilence]) expect(p > 0 && p < 1).toBe(true);
    // Same recency, more purchases: stronger evidence of being alive when recent, of leaving when not.
    expect(probabilityAlive(PUBLISHED, { x: 10, tx: 38, T: 38.86 })).toBeGreaterThan(
      probabilityAlive(PUBLISHED, { x: 2, tx: 38, T: 38.86 }),
    );
    expect(probabilityAlive(PUBLISHED, { x: 10, tx: 10, T: 38.86 })).toBeLessThan(
      probabilityAlive(PUBLISHED, { x: 2, tx: 10, T: 38.86 }),
    );
  });

  it('expected purchases grow with the horizon, start at 0 and stay finite in extreme cases', () => {
    const c = { x: 4, tx: 30, T: 38.86 };
    const path = [0, 1, 4, 13, 26, 52, 104, 520].map((t) => expectedPurchases(PUBLISHED, c, t));
    expect(path[0]).toBe(0);
    expect(path).toEqual([...path].sort((p, q) => p - q));
    for (const extreme of [
      { x: 300, tx: 1000, T: 1001 },
      { x: 0, tx: 0, T: 0.01 },
    ]) {
      const value = expectedPurchases(PUBLISHED, extreme, 5000);
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
  });

  it('matches direct numerical integration over the dropout probability', () => {
    // E[Y(t)] = P(alive) ∫ (1 − (1 + p t/(α+T))^−(r+x)) / p · Beta(p; a, b+x) dp; with u = p^a the
    // Beta weight becomes du / (a B(a, b+x)) and the integrand is smooth.
    const integrate = (params: BgNbdParams, x: number, tx: number, T: number, t: number) => {
      const { r, alpha, a, b } = params;
      const s = t / (alpha + T);
      const steps = 200_000;
      let sum = 0;
      for (let i = 0; i < steps; i++) {
        const p = ((i + 0.5) / steps) ** (1 / a);
        const g = p === 0 ? (r + x) * s : (1 - (1 + p * s) ** -(r + x)) / p;
        sum += g * (1 - p) ** (b + x - 1);
      }
      const mean = sum / steps / (a * Math.exp(logBeta(a, b + x)));
      return probabilityAlive(params, { x, tx, T }) * mean;
    };
    const cases: Array<[BgNbdParams, number, number, number, number]> = [
      [PUBLISHED, 2, 30.43, 38.86, 39],
      [PUBLISHED, 0, 0, 20, 300], // z ≈ 0.92, the slowly converging side
      [{ r: 1.3, alpha: 12, a: 2.5, b: 4 }, 1, 5, 30, 52], // a > 1 and a ≥ r + x + 1: untransformed series
      [{ r: 0.5, alpha: 3, a: 1.5, b: 0.7 }, 12, 40, 41, 26],
    ];
    for (const [params, x, tx, T, t] of cases) {
      expect(expectedPurchases(params, { x, tx, T }, t)).toBeCloseTo(integrate(params, x, tx, T, t), 4);
    }
  });

  it('is continuous through the removable singularity at a = 1', () => {
    const c = { x: 3, tx: 20, T: 38 };
    const at = (a: number) => expectedPurchases({ ...PUBLISHED, a }, c, 26);
    expect(at(1)).toBeCloseTo((at(0.999) + at(1.001)) / 2, 6);
  });
});
