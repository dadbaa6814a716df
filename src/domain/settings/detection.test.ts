import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS, parseDetectionSettings } from './detection.ts';

describe('parseDetectionSettings', () => {
  it.each([undefined, null, {}])('fills every default from %j', (input) => {
    expect(parseDetectionSettings(input)).toEqual({ ok: true, settings: DEFAULT_DETECTION_SETTINGS });
  });

  it('documents the defaults', () => {
    expect(DEFAULT_DETECTION_SETTINGS).toEqual({
      lifecycle: { atRiskAfter: 1.5, stalledAfter: 2, churnedAfter: 4 },
      activation: { minVisits: 2, maxGapMultiple: 2 },
      personalRhythm: { minVisits: 4, variationMeasure: 'robust', maxVariation: 0.5, recentGaps: 8 },
      tenantMedian: { minSamples: 10 },
      defaultIntervalDays: 30,
      eligibility: { states: ['AT_RISK', 'STALLED'] },
      scan: { maxAttemptsPerLapse: 3, minDaysBetweenAttempts: 30, skipWithUpcomingBooking: true },
      risk: { steepness: 4.4, modelWeight: 0.8 },
      priority: { vipBoost: 1, weights: { risk: 0.4, value: 0.4, loyalty: 0.2 } },
    });
    expect(Object.isFrozen(DEFAULT_DETECTION_SETTINGS.lifecycle)).toBe(true);
  });

  it('keeps given fields and fills the rest', () => {
    const parsed = parseDetectionSettings({
      lifecycle: { churnAfterDays: 365 },
      eligibility: { states: ['AT_RISK', 'STALLED', 'CHURNED', 'STALLED'] },
      priority: { weights: { value: 0.7 } },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.lifecycle).toEqual({
      atRiskAfter: 1.5,
      stalledAfter: 2,
      churnedAfter: 4,
      churnAfterDays: 365,
    });
    expect(parsed.settings.eligibility.states).toEqual(['AT_RISK', 'STALLED', 'CHURNED']);
    expect(parsed.settings.priority.weights).toEqual({ risk: 0.4, value: 0.7, loyalty: 0.2 });
    expect(parsed.settings.tenantMedian.minSamples).toBe(10);
  });

  it.each([
    [{ lifecycle: { atRiskAfter: -1 } }, 'lifecycle.atRiskAfter'],
    [{ lifecycle: { atRiskAfter: 2.5 } }, 'lifecycle.stalledAfter'],
    [{ lifecycle: { stalledAfter: 5 } }, 'lifecycle.churnedAfter'],
    [{ lifecycle: { churnAfterDays: 0 } }, 'lifecycle.churnAfterDays'],
    [{ activation: { minVisits: 1 } }, 'activation.minVisits'],
    [{ personalRhythm: { minVisits: 3.5 } }, 'personalRhythm.minVisits'],
    [{ personalRhythm: { variationMeasure: 'stddev' } }, 'personalRhythm.variationMeasure'],
    [{ tenantMedian: { minSamples: '10' } }, 'tenantMedian.minSamples'],
    [{ defaultIntervalDays: 0 }, 'defaultIntervalDays'],
    [{ eligibility: { states: ['ACTIVE'] } }, 'eligibility.states.0'],
    [{ eligibility: { states: [] } }, 'eligibility.states'],
    [{ scan: { maxAttemptsPerLapse: 0 } }, 'scan.maxAttemptsPerLapse'],
    [{ risk: { modelWeight: 1.5 } }, 'risk.modelWeight'],
    [{ priority: { weights: { risk: -0.1 } } }, 'priority.weights.risk'],
    [{ lifecycle: { atRiskAftr: 1.2 } }, 'lifecycle.atRiskAftr'],
    [{ windows: {} }, 'windows'],
    ['strict', '(root)'],
  ])('rejects %j at %s', (input, path) => {
    const parsed = parseDetectionSettings(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => issue.path)).toContain(path);
  });

  it('reports every bad field at once', () => {
    const parsed = parseDetectionSettings({
      defaultIntervalDays: -5,
      scan: { minDaysBetweenAttempts: -1 },
      typo: 1,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => issue.path).sort()).toEqual([
      'defaultIntervalDays',
      'scan.minDaysBetweenAttempts',
      'typo',
    ]);
    expect(parsed.issues.find((issue) => issue.path === 'typo')?.message).toBe('unknown setting');
  });
});
