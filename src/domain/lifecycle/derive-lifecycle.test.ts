import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS, parseDetectionSettings } from '../settings/detection.ts';
import { deriveLifecycle } from './derive-lifecycle.ts';
import type { LifecycleState } from './states.ts';

const settings = DEFAULT_DETECTION_SETTINGS;
const START = Date.parse('2024-01-01T10:00:00Z');
const day = (n: number) => new Date(START + n * 86_400_000);

describe('deriveLifecycle', () => {
  // Interval 30 days: AT_RISK from 45 days after the last visit, STALLED from 60, CHURNED from 120.
  it.each<[string, number[], boolean, number, LifecycleState, boolean]>([
    ['no visits', [], false, 10, 'NEW', false],
    ['one visit', [0], false, 10, 'NEW', false],
    ['one visit long ago stays NEW', [0], false, 400, 'NEW', false],
    ['back within 2× the interval → ACTIVE', [0, 50], false, 60, 'ACTIVE', true],
    ['back only after 2× the interval → still NEW', [0, 61], false, 70, 'NEW', false],
    ['…and ACTIVE after a prompt third visit', [0, 61, 90], false, 100, 'ACTIVE', true],
    ['two visits the same day are one', [0, 0.1], false, 5, 'NEW', false],
    ['just before AT_RISK', [0, 20], false, 20 + 44.9, 'ACTIVE', true],
    ['AT_RISK exactly at 1.5×', [0, 20], false, 20 + 45, 'AT_RISK', true],
    ['STALLED exactly at 2×', [0, 20], false, 20 + 60, 'STALLED', true],
    ['CHURNED exactly at 4×', [0, 20], false, 20 + 120, 'CHURNED', true],
    ['a returning customer is ACTIVE again', [0, 20, 300], false, 310, 'ACTIVE', true],
    ['once ACTIVE (stored flag), one visit suffices to lapse', [0], true, 50, 'AT_RISK', true],
    ['visits after now are ignored', [0, 20, 100], false, 90, 'STALLED', true],
  ])('%s', (_, visits, everActive, now, state, everActiveAfter) => {
    const result = deriveLifecycle(
      { completedVisits: visits.map(day), expectedIntervalDays: 30, everActive, now: day(now) },
      settings,
    );
    expect(result.state).toBe(state);
    expect(result.everActive).toBe(everActiveAfter);
  });

  it('measures days since the last visit and the overdue ratio', () => {
    const result = deriveLifecycle(
      { completedVisits: [day(0), day(20)], expectedIntervalDays: 30, everActive: false, now: day(67) },
      settings,
    );
    expect(result).toMatchObject({
      state: 'AT_RISK',
      lastVisitAt: day(20),
      daysSinceLast: 47,
      next: { state: 'STALLED', at: day(80) },
      reason:
        'AT_RISK: last visit 47 days ago, 1.57× the expected 30-day interval; past 1.5× the 30-day interval',
    });
    expect(result.overdueRatio).toBeCloseTo(47 / 30, 10);
  });

  it('says when an ACTIVE customer will become AT_RISK', () => {
    const result = deriveLifecycle(
      { completedVisits: [day(0), day(20)], expectedIntervalDays: 30, everActive: false, now: day(30) },
      settings,
    );
    expect(result.next).toEqual({ state: 'AT_RISK', at: day(65) });
    expect(result.reason).toContain('AT_RISK from 1.5× the 30-day interval');
  });

  it('calls a NEW customer who did not come back an onboarding case', () => {
    const result = deriveLifecycle(
      { completedVisits: [day(0)], expectedIntervalDays: 30, everActive: false, now: day(90) },
      settings,
    );
    expect(result).toMatchObject({ state: 'NEW', next: null, overdueRatio: 3 });
    expect(result.reason).toContain('onboarding case');
  });

  it.each<[number, LifecycleState]>([
    [44, 'ACTIVE'],
    [45, 'AT_RISK'],
    [59, 'AT_RISK'],
    [60, 'CHURNED'],
  ])('an absolute churnAfterDays of 60 with a 40-day interval: day %i → %s', (since, state) => {
    const parsed = parseDetectionSettings({ lifecycle: { churnAfterDays: 60 } });
    if (!parsed.ok) throw new Error('settings');
    const result = deriveLifecycle(
      { completedVisits: [day(0)], expectedIntervalDays: 30, everActive: true, now: day(since) },
      parsed.settings,
    );
    expect(result.state).toBe(state);
    if (state === 'CHURNED') expect(result.reason).toContain('the 60-day limit');
  });

  it('counts visits on the same local day once', () => {
    // 20:00 and 23:30 in São Paulo on 1 March are two UTC days but one local day.
    const visits = [new Date('2024-03-01T23:00:00Z'), new Date('2024-03-02T02:30:00Z')];
    const input = { completedVisits: visits, expectedIntervalDays: 30, everActive: false, now: day(70) };
    expect(deriveLifecycle(input, settings).everActive).toBe(true);
    expect(deriveLifecycle({ ...input, timeZone: 'America/Sao_Paulo' }, settings).everActive).toBe(false);
  });

  it.each([0, -3, Number.NaN])('rejects an expected interval of %s', (interval) => {
    expect(() =>
      deriveLifecycle(
        { completedVisits: [day(0)], expectedIntervalDays: interval, everActive: true, now: day(1) },
        settings,
      ),
    ).toThrow(RangeError);
  });
});
