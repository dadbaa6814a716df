import { describe, expect, it } from 'vitest';
import { parseDetectionSettings, DEFAULT_DETECTION_SETTINGS as settings } from '../settings/detection.ts';
import { deriveLifecycle } from './derive-lifecycle.ts';
import { classifyLifecycle, isReactivationCandidateState } from './eligibility.ts';
import { riskScore } from './risk-score.ts';
import type { LifecycleState } from './states.ts';

const START = Date.parse('2024-01-01T10:00:00Z');
const day = (n: number) => new Date(START + n * 86_400_000);

const withChurned = (() => {
  const parsed = parseDetectionSettings({ eligibility: { states: ['AT_RISK', 'STALLED', 'CHURNED'] } });
  if (!parsed.ok) throw new Error('settings');
  return parsed.settings;
})();

describe('isReactivationCandidateState', () => {
  it.each<[LifecycleState, boolean, boolean, boolean]>([
    ['NEW', false, false, false],
    ['NEW', true, false, false],
    ['ACTIVE', true, false, false],
    ['AT_RISK', true, true, true],
    ['STALLED', true, true, true],
    ['CHURNED', true, false, true],
    // Never ACTIVE: not a reactivation case whatever the state says.
    ['AT_RISK', false, false, false],
    ['STALLED', false, false, false],
  ])(
    '%s, ever ACTIVE %s → %s by default, %s when CHURNED is opted in',
    (state, everActive, byDefault, optedIn) => {
      expect(isReactivationCandidateState(state, everActive, settings)).toBe(byDefault);
      expect(isReactivationCandidateState(state, everActive, withChurned)).toBe(optedIn);
    },
  );
});

describe('classifyLifecycle', () => {
  // Interval 30: AT_RISK from day 45 after the last visit, STALLED from 60, CHURNED from 120.
  it.each<[string, number[], number, string, object]>([
    ['a fresh first-timer is onboarding', [0], 10, 'onboarding', { overdue: false }],
    ['a first-timer who never returned is an overdue onboarding', [0], 50, 'onboarding', { overdue: true }],
    ['an ACTIVE customer is left alone', [0, 20], 40, 'none', {}],
    ['AT_RISK after being ACTIVE is a candidate', [0, 20], 70, 'reactivation', { state: 'AT_RISK' }],
    ['STALLED after being ACTIVE is a candidate', [0, 20], 90, 'reactivation', { state: 'STALLED' }],
    ['CHURNED is not, by default', [0, 20], 200, 'none', {}],
  ])('%s', (_, visits, now, kind, extra) => {
    const lifecycle = deriveLifecycle(
      { completedVisits: visits.map(day), expectedIntervalDays: 30, everActive: false, now: day(now) },
      settings,
    );
    expect(classifyLifecycle(lifecycle, settings)).toMatchObject({ kind, ...extra });
  });

  it('takes CHURNED when the tenant opts in', () => {
    const lifecycle = deriveLifecycle(
      { completedVisits: [day(0), day(20)], expectedIntervalDays: 30, everActive: false, now: day(200) },
      withChurned,
    );
    expect(classifyLifecycle(lifecycle, withChurned)).toMatchObject({
      kind: 'reactivation',
      state: 'CHURNED',
    });
  });
});

describe('riskScore', () => {
  it.each([
    [null, undefined, 0],
    [0, undefined, 0.0014],
    [1, undefined, 0.0998],
    [1.5, undefined, 0.5],
    [2, undefined, 0.9002],
    [4, undefined, 1],
    [Number.POSITIVE_INFINITY, undefined, 1],
    // With P(alive) only: 0.8 on the model's 1 − P(alive) by default, 0.2 on the overdue curve.
    [1.5, 1, 0.1],
    [1.5, 0, 0.9],
    [1, 0.2, 0.66],
    [null, 0.1, 0.72],
    // Out-of-range and missing model values.
    [1.5, 1.7, 0.1],
    [1.5, Number.NaN, 0.5],
    [1.5, null, 0.5],
  ])('overdue %s, P(alive) %s → %s', (overdueRatio, pAlive, expected) => {
    expect(riskScore({ overdueRatio, pAlive }, settings)).toBeCloseTo(expected, 3);
  });

  it('rises smoothly with the overdue ratio', () => {
    const scores = [0.5, 1, 1.4, 1.6, 2, 3].map((r) => riskScore({ overdueRatio: r }, settings));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]!);
  });

  it.each([
    // overdue ratio, P(alive), quiet chance → risk
    [1.5, 1, 0.4, 0.2 * 0.5 + 0.8 * 0.4],
    [1.5, 0.1, 0.4, 0.2 * 0.5 + 0.8 * 0.4],
    [2, null, 0.05, 0.2 * 0.9002 + 0.8 * 0.05],
    [1.5, 0.3, Number.NaN, 0.2 * 0.5 + 0.8 * 0.7],
    [1.5, null, 1.2, 0.2 * 0.5 + 0.8],
  ])('overdue %s, P(alive) %s, quiet chance %s → %s', (overdueRatio, pAlive, quietChance, expected) => {
    expect(riskScore({ overdueRatio, pAlive, quietChance }, settings)).toBeCloseTo(expected, 3);
  });

  it('follows the tenant weights', () => {
    const modelOnly = { ...settings, risk: { steepness: 4.4, modelWeight: 1 } };
    expect(riskScore({ overdueRatio: 3, pAlive: 0.9 }, modelOnly)).toBeCloseTo(0.1, 10);
  });
});
