import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS as settings } from '../settings/detection.ts';
import { type ExpectedIntervalInput, expectedInterval, type IntervalSource } from './expected-interval.ts';
import { personalRhythm } from './personal-rhythm.ts';

const base: ExpectedIntervalInput = { personalGaps: [], offeringName: 'Pacote noiva' };
const regular = [27, 28, 26, 28, 27];
const enough = { days: 24.4, samples: 40 };

describe('expectedInterval', () => {
  it.each<[string, Partial<ExpectedIntervalInput>, IntervalSource, number, string[]]>([
    [
      'a manual rule wins over everything',
      { manualRule: { intervalDays: 21, note: 'owner' }, personalGaps: regular, tenantMedian: enough },
      'manual',
      21,
      [],
    ],
    [
      'personal rhythm when regular enough',
      { personalGaps: regular, tenantMedian: enough, offeringName: 'Corte masculino' },
      'personal',
      27,
      ['manual'],
    ],
    [
      'one long holiday does not break a rhythm (robust variation)',
      { personalGaps: [25, 26, 28, 27, 180] },
      'personal',
      27,
      ['manual'],
    ],
    [
      'an invalid manual rule falls through',
      { manualRule: { intervalDays: 0 }, personalGaps: regular },
      'personal',
      27,
      ['manual'],
    ],
    [
      'too few visits → tenant median',
      { personalGaps: [20, 30], tenantMedian: enough },
      'tenant_median',
      24,
      ['manual', 'personal'],
    ],
    [
      'irregular gaps → tenant median',
      { personalGaps: [7, 60, 15, 90, 30], tenantMedian: enough },
      'tenant_median',
      24,
      ['manual', 'personal'],
    ],
    [
      'a thin tenant median → industry standard',
      { tenantMedian: { days: 40, samples: 9 }, offeringName: 'Стрижка мужская' },
      'industry',
      28,
      ['manual', 'personal', 'tenant_median'],
    ],
    [
      'no tenant median → industry standard',
      { offeringName: 'Corte feminino' },
      'industry',
      42,
      ['manual', 'personal', 'tenant_median'],
    ],
    [
      'industry standard found through the category',
      { offeringName: 'Pacote Premium', category: 'Manicure' },
      'industry',
      14,
      ['manual', 'personal', 'tenant_median'],
    ],
    [
      'nothing matches → the universal default',
      { tenantMedian: { days: 0, samples: 50 } },
      'default',
      30,
      ['manual', 'personal', 'tenant_median', 'industry'],
    ],
  ])('%s', (_, input, source, days, skipped) => {
    const result = expectedInterval({ ...base, ...input }, settings);
    expect(result.source).toBe(source);
    expect(result.intervalDays).toBe(days);
    expect(result.steps.filter((s) => !s.used).map((s) => s.source)).toEqual(skipped);
    expect(result.steps.at(-1)).toMatchObject({ source, used: true });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.explanation).not.toBe('');
  });

  it('explains why each earlier level was skipped', () => {
    const result = expectedInterval(
      { personalGaps: [30], tenantMedian: { days: 33, samples: 4 }, offeringName: 'Corte masculino' },
      settings,
    );
    expect(result.explanation).toBe(
      'Industry standard "Male haircut": every 28 days (keyword "corte* masculin*" in "Corte masculino"). ' +
        'Earlier levels skipped: no manual rule for this offering; ' +
        '2 visit(s) for this offering, a personal rhythm needs 4; ' +
        'the tenant median (33 days) rests on 4 gap(s), fewer than the 10 required.',
    );
    expect(result.standard).toEqual({ key: 'haircut_male', name: 'Male haircut' });
    expect(result.confidence).toBe(0.8);
  });

  it.each([
    ['manual', { manualRule: { intervalDays: 10 } }, 1],
    ['default', {}, 0.3],
    ['tenant median at the minimum', { tenantMedian: { days: 20, samples: 10 } }, 0.6],
    ['tenant median at 5× the minimum', { tenantMedian: { days: 20, samples: 50 } }, 0.8],
    ['industry via category only', { offeringName: 'Pacote', category: 'Manicure' }, 0.75 * 0.8],
  ])('confidence: %s', (_, input, confidence) => {
    expect(expectedInterval({ ...base, ...input }, settings).confidence).toBeCloseTo(confidence, 10);
  });

  it('follows the tenant settings', () => {
    const strict = {
      ...settings,
      personalRhythm: { ...settings.personalRhythm, variationMeasure: 'cv' as const },
      tenantMedian: { minSamples: 50 },
      defaultIntervalDays: 45,
    };
    const holiday = expectedInterval(
      { ...base, personalGaps: [25, 26, 28, 27, 180], tenantMedian: enough },
      strict,
    );
    expect(holiday.source).toBe('default');
    expect(holiday.intervalDays).toBe(45);
  });
});

describe('personalRhythm', () => {
  const rules = settings.personalRhythm;

  it.each([
    [[], { kind: 'too_few_visits', visits: 1, needed: 4 }],
    [[28, 30], { kind: 'too_few_visits', visits: 3, needed: 4 }],
    [[28, 30, 29], { kind: 'rhythm', intervalDays: 29, gapsUsed: 3 }],
    [[10, 30, 50], { kind: 'irregular', gapsUsed: 3, max: 0.5 }],
    // Only the last 8 gaps count: an old irregular phase is forgotten.
    [[5, 90, 7, 60, 14, 14, 15, 14, 13, 14, 16, 14], { kind: 'rhythm', intervalDays: 14, gapsUsed: 8 }],
  ])('%j → %o', (gaps, expected) => {
    expect(personalRhythm(gaps, rules)).toMatchObject(expected);
  });

  it('grows more confident with more gaps and more regular ones', () => {
    const confidence = (gaps: number[]) => {
      const rhythm = personalRhythm(gaps, rules);
      return rhythm.kind === 'rhythm' ? rhythm.confidence : Number.NaN;
    };
    const few = confidence([28, 28, 28]);
    const many = confidence([28, 28, 28, 28, 28, 28, 28, 28]);
    const looser = confidence([22, 28, 34, 28, 22, 34, 28, 28]);
    expect(few).toBeLessThan(many);
    expect(looser).toBeLessThan(many);
    expect(many).toBeCloseTo(0.95, 10);
    expect(few).toBeGreaterThanOrEqual(0.6);
  });
});
