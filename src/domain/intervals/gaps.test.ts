import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, gapsInDays, median, robustVariation, visitDays } from './gaps.ts';

const d = (iso: string) => new Date(iso);

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    // Seed 003's example: the mean (57.2) is skewed by one long gap, the median is not.
    [[25, 26, 28, 27, 180], 27],
    [[5, Number.NaN, 9], 7],
  ])('median(%j) = %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('gapsInDays', () => {
  it.each([
    ['no visits', [], undefined, []],
    ['one visit', ['2024-03-01T10:00:00Z'], undefined, []],
    [
      'chronological whole days',
      ['2024-03-01T10:00:00Z', '2024-03-29T18:00:00Z', '2024-04-26T09:00:00Z'],
      undefined,
      [28, 28],
    ],
    [
      'same-day visits count once, and order does not matter',
      ['2024-03-29T18:00:00Z', '2024-03-01T10:00:00Z', '2024-03-01T11:30:00Z', '2024-04-26T09:00:00Z'],
      undefined,
      [28, 28],
    ],
    // 22:30 and 23:30 in São Paulo (UTC−3) are the next UTC day but the same local day.
    [
      'calendar days in the tenant zone',
      ['2024-03-01T12:00:00Z', '2024-03-02T01:30:00Z', '2024-03-02T02:30:00Z', '2024-03-15T12:00:00Z'],
      'America/Sao_Paulo',
      [14],
    ],
    [
      'the same visits by UTC days',
      ['2024-03-01T12:00:00Z', '2024-03-02T01:30:00Z', '2024-03-02T02:30:00Z', '2024-03-15T12:00:00Z'],
      undefined,
      [1, 13],
    ],
  ])('%s', (_, visits, zone, expected) => {
    expect(gapsInDays(visits.map(d), zone)).toEqual(expected);
  });

  it('keeps the latest visit of each day', () => {
    const days = visitDays([d('2024-03-01T10:00:00Z'), d('2024-03-01T15:00:00Z'), d('2024-03-01T12:00:00Z')]);
    expect(days).toEqual([{ day: 19783, at: d('2024-03-01T15:00:00Z') }]);
  });
});

describe('variation', () => {
  it.each([
    [[28, 28, 28], 0, 0],
    [[10, 30, 50], 0.6667, 0.9884],
    [[25, 26, 28, 27, 180], 1.2003, 0.0549],
    [[20], null, null],
  ])('%j: CV %s, robust %s', (values, cv, robust) => {
    const measured = [coefficientOfVariation(values), robustVariation(values)];
    for (const [got, want] of [
      [measured[0], cv],
      [measured[1], robust],
    ] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 3);
    }
  });
});
