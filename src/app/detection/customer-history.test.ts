import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createZoneClock, MS_PER_DAY } from './context.ts';
import { customerHistory } from './customer-history.ts';

const utc = createZoneClock('UTC').toLocal;
const AS_OF_DAY = Date.UTC(2025, 5, 1) / MS_PER_DAY;
/** Seconds since the epoch of `days` before asOf, at `hour` UTC. */
const at = (daysBefore: number, hour = 10) => (AS_OF_DAY - daysBefore) * 86_400 + hour * 3_600;

describe('customerHistory', () => {
  it('folds services on one day into one visit, latest time and summed spend', () => {
    const h = customerHistory([at(10, 9), at(10, 11), at(3)], [1, 2, 1], [50, 30, 40], utc, AS_OF_DAY);
    expect(h.days).toEqual([AS_OF_DAY - 10, AS_OF_DAY - 3]);
    expect(h.dayAmounts).toEqual([80, 40]);
    expect(h.dayLocalMs[0]).toBe(at(10, 11) * 1000);
  });

  it('groups by the tenant day, not the UTC day', () => {
    // 23:30 and 01:30 UTC are the same evening in São Paulo (UTC−3)
    const sp = createZoneClock('America/Sao_Paulo').toLocal;
    const evening = [at(5, 23.5), at(4, 1.5)];
    expect(customerHistory(evening, [1, 1], [1, 1], utc, AS_OF_DAY).days).toHaveLength(2);
    expect(customerHistory(evening, [1, 1], [1, 1], sp, AS_OF_DAY).days).toHaveLength(1);
  });

  it.each<[string, number[], number[], number]>([
    ['most visit days in the last year', [at(30), at(60), at(90), at(20)], [1, 1, 1, 2], 1],
    ['the last year counts before all time', [at(400), at(500), at(600), at(10), at(40)], [1, 1, 1, 2, 2], 2],
    ['then all time', [at(400), at(500), at(10), at(600), at(40)], [1, 1, 2, 2, 2], 2],
    ['then the most recent', [at(50), at(10)], [1, 2], 2],
    ['an offering beats visits that name none', [at(50), at(40), at(10)], [0, 0, 3], 3],
    ['visits naming none are the primary only when nothing else is', [at(50), at(40)], [0, 0], 0],
    ['same day twice counts once', [at(10, 9), at(10, 10), at(20), at(25)], [1, 1, 2, 2], 2],
  ])('primary offering: %s', (_, seconds, ords, primary) => {
    const h = customerHistory(
      seconds,
      ords,
      seconds.map(() => 10),
      utc,
      AS_OF_DAY,
    );
    expect(h.primaryOrd).toBe(primary);
  });

  it('does not depend on the order the database returns activities in', () => {
    const seconds = [at(40, 10), at(40, 10), at(12), at(12, 15), at(3)];
    const ords = [2, 1, 1, 2, 0];
    const reference = customerHistory(seconds, ords, [1, 2, 3, 4, 5], utc, AS_OF_DAY);
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }), (order) => {
        const h = customerHistory(
          order.map((i) => seconds[i]!),
          order.map((i) => ords[i]!),
          order.map((i) => i + 1),
          utc,
          AS_OF_DAY,
        );
        expect(h).toEqual(reference);
      }),
    );
  });
});
