import { describe, expect, it } from 'vitest';
import { levelAfterPause, reviewWarmup, WARMED_LEVEL, warmupCaps } from './warmup.ts';

const day = 86_400_000;
const since = new Date('2025-03-01T00:00:00Z');
const at = (days: number) => new Date(since.getTime() + days * day);
const evidence = { level: 1, levelSince: since, handOffs: 40, failures: 1, quality: 'high' as const };

describe('warm-up', () => {
  it('documents the table', () => {
    expect([1, 2, 3, 4, 5].map(warmupCaps)).toEqual([
      { perDay: 50, perHour: 15 },
      { perDay: 100, perHour: 25 },
      { perDay: 250, perHour: 50 },
      { perDay: 500, perHour: 100 },
      {},
    ]);
    expect(WARMED_LEVEL).toBe(5);
  });

  it.each([
    ['too early', { now: at(2.9) }, { change: 'hold', due: false }],
    ['time served, good delivery', { now: at(3) }, { change: 'advance', level: 2 }],
    ['too few hand-offs to judge', { now: at(5), handOffs: 19, failures: 0 }, { change: 'hold', due: true }],
    ['more than 5% rejected', { now: at(5), handOffs: 40, failures: 3 }, { change: 'hold', due: true }],
    [
      'exactly 5% rejected is fine',
      { now: at(5), handOffs: 40, failures: 2 },
      { change: 'advance', level: 2 },
    ],
    ['low quality holds', { now: at(5), quality: 'low' as const }, { change: 'hold', due: true }],
    ['level 4 needs 16 days', { level: 4, now: at(15) }, { change: 'hold', due: false }],
    ['level 4 → warmed', { level: 4, now: at(16) }, { change: 'advance', level: 5 }],
    ['warmed stays warmed', { level: 5, now: at(100) }, { change: 'hold', due: false }],
  ] as const)('%s', (_case, given, expected) => {
    expect(reviewWarmup({ ...evidence, ...given })).toMatchObject(expected);
  });

  it('a pause drops a warming number one level, never below 1, and leaves a warm one', () => {
    expect([1, 2, 3, 4, 5].map(levelAfterPause)).toEqual([1, 1, 2, 3, 5]);
  });
});
