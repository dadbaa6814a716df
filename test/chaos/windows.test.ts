import { describe, expect, it } from 'vitest';
import { maxInWindow, perWholeSecond } from './windows.ts';

describe('the sliding-window count the chaos test checks caps with', () => {
  it.each([
    { times: [], width: 1000, max: 0 },
    { times: [0], width: 1000, max: 1 },
    // (t − 1000, t]: an event exactly one width earlier has left the window
    { times: [0, 1000], width: 1000, max: 1 },
    { times: [0, 999], width: 1000, max: 2 },
    { times: [0, 500, 999, 1000, 1499], width: 1000, max: 4 },
    { times: [5, 5, 5, 2000], width: 1000, max: 3 },
    { times: [0, 100, 200, 1250, 1260], width: 1000, max: 3 },
  ])('$times in windows of $width → at most $max', ({ times, width, max }) => {
    expect(maxInWindow(times, width)).toBe(max);
  });

  it('buckets by whole second', () => {
    expect(perWholeSecond([0, 999, 1000, 2500, 2600, 2999], 1000).sort()).toEqual([1, 2, 3]);
  });
});
