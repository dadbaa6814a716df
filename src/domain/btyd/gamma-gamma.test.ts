import { describe, expect, it } from 'vitest';
import { CDNOW_CALIBRATION_END, readCdnowPublishedSummary, readCdnowTransactions } from './cdnow.fixture.ts';
import {
  expectedSpend,
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
  populationMeanSpend,
} from './gamma-gamma.ts';
import { logGamma } from './special-functions.ts';
import { summarize } from './summarize.ts';

// Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", CDNOW sample, 946 repeat buyers:
// p = 6.25, q = 3.74, γ = 15.44. The `lifetimes` test-suite asserts the same figures; its own fit
// prints γ = 15.45. From the transactions the optimum is γ = 15.4435; from the 2-decimal summary
// 15.4477 — both 15.4 at three figures.
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

const summaries = summarize(readCdnowTransactions(), { calibrationEnd: CDNOW_CALIBRATION_END, unit: 'week' });

describe('fitGammaGamma on CDNOW', () => {
  const fit = fitGammaGamma(summaries);
  const fitOnPublishedSummary = fitGammaGamma(readCdnowPublishedSummary());

  it('uses the 946 repeat customers and reproduces the published estimates to three figures', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expect(fit.params.p.toPrecision(3)).toBe('6.25');
    expect(fit.params.q.toPrecision(3)).toBe('3.74');
    expect(fit.params.gamma.toPrecision(3)).toBe('15.4');
    expect(Math.abs(fit.params.gamma - PUBLISHED.gamma)).toBeLessThan(0.01);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(PUBLISHED, summaries));
  });

  it('is equivariant to the currency: spend × 1000 scales γ by 1000 and leaves p, q alone', () => {
    const inMills = fitGammaGamma(summaries.map((s) => ({ x: s.x, monetary: s.monetary * 1000 })));
    expect(inMills.params.p).toBeCloseTo(fit.params.p, 5);
    expect(inMills.params.q).toBeCloseTo(fit.params.q, 5);
    expect(inMills.params.gamma / 1000).toBeCloseTo(fit.params.gamma, 4);
    expect(inMills.logLikelihood).toBeCloseTo(fit.logLikelihood - 946 * Math.log(1000), 6);
  });

  it.each([
    // lifetimes' quickstart: conditional_expected_average_profit for CDNOW customers 1, 2, 3, 6, 9,
    // from a fit on the 2-decimal published summary
    [2, 22.35, 24.658619],
    [1, 11.77, 18.911489],
    [0, 0, 35.170981],
    [7, 73.74, 71.462843],
    [2, 25.55, 27.282408],
  ])('expects x = %d, zbar = %d to spend %d per purchase', (x, monetary, expected) => {
    expect(expectedSpend(fitOnPublishedSummary.params, { x, monetary })).toBeCloseTo(expected, 4);
  });
});

describe('Gamma-Gamma likelihood', () => {
  it('matches the density of the mean of x Gamma(p, ν) values with ν ~ Gamma(q, γ)', () => {
    const { p, q, gamma } = PUBLISHED;
    const x = 3;
    const z = 41.2;
    const expected =
      logGamma(p * x + q) -
      logGamma(p * x) -
      logGamma(q) +
      q * Math.log(gamma) +
      (p * x - 1) * Math.log(z) +
      p * x * Math.log(x) -
      (p * x + q) * Math.log(gamma + x * z);
    expect(gammaGammaLogLikelihood(PUBLISHED, [{ x, monetary: z }])).toBeCloseTo(expected, 10);
  });

  it('ignores customers without repeat purchases or with no spend', () => {
    const one = { x: 2, monetary: 30 };
    expect(gammaGammaLogLikelihood(PUBLISHED, [one, { x: 0, monetary: 0 }, { x: 3, monetary: 0 }])).toBe(
      gammaGammaLogLikelihood(PUBLISHED, [one]),
    );
  });

  it('has a maximum where the fitted gradient vanishes (checked by central differences)', () => {
    const { params } = fitGammaGamma(summaries);
    for (const key of ['p', 'q', 'gamma'] as const) {
      const h = 1e-5 * params[key];
      const up = gammaGammaLogLikelihood({ ...params, [key]: params[key] + h }, summaries);
      const down = gammaGammaLogLikelihood({ ...params, [key]: params[key] - h }, summaries);
      expect(Math.abs((up - down) / (2 * h))).toBeLessThan(1e-3);
    }
  });
});

describe('expectedSpend', () => {
  it('is the population mean without repeat purchases', () => {
    expect(expectedSpend(PUBLISHED, { x: 0, monetary: 0 })).toBeCloseTo(populationMeanSpend(PUBLISHED), 12);
  });

  it.each([
    [1, 10],
    [5, 10],
    [1, 90],
    [20, 90],
  ])(
    'with x = %d and zbar = %d lies between the population mean and zbar, nearer zbar as x grows',
    (x, z) => {
      const mean = populationMeanSpend(PUBLISHED);
      const value = expectedSpend(PUBLISHED, { x, monetary: z });
      expect(value).toBeGreaterThanOrEqual(Math.min(mean, z));
      expect(value).toBeLessThanOrEqual(Math.max(mean, z));
      const more = expectedSpend(PUBLISHED, { x: x + 5, monetary: z });
      expect(Math.abs(more - z)).toBeLessThan(Math.abs(value - z));
    },
  );

  it('needs q > 1 for a finite mean', () => {
    expect(() => expectedSpend({ p: 1, q: 0.9, gamma: 1 }, { x: 1, monetary: 5 })).toThrow(RangeError);
    expect(populationMeanSpend({ p: 1, q: 0.9, gamma: 1 })).toBe(Number.POSITIVE_INFINITY);
  });
});
