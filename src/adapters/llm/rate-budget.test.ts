import { describe, expect, it } from 'vitest';
import { createRateBudget } from './rate-budget.ts';

/** A clock that only moves when the budget sleeps, so spacing is exact and tests do not wait. */
function fakeTime() {
  let now = Date.parse('2025-06-18T10:00:00Z');
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('createRateBudget', () => {
  it('spaces calls 60 s / requests per minute apart: 15 a minute → every 4 s', async () => {
    const time = fakeTime();
    const budget = createRateBudget({ requestsPerMinute: 15, maxWaitMs: 10_000, ...time });
    expect(budget.intervalMs).toBe(4000);
    const waits = [];
    for (let i = 0; i < 4; i += 1) waits.push(await budget.acquire());
    expect(waits).toEqual([
      { kind: 'granted', waitedMs: 0 },
      { kind: 'granted', waitedMs: 4000 },
      { kind: 'granted', waitedMs: 4000 },
      { kind: 'granted', waitedMs: 4000 },
    ]);
  });

  it('does not make a caller wait whose slot has already come', async () => {
    const time = fakeTime();
    const budget = createRateBudget({ requestsPerMinute: 15, ...time });
    await budget.acquire();
    time.advance(5000);
    expect(await budget.acquire()).toEqual({ kind: 'granted', waitedMs: 0 });
  });

  it('by default waits at most one interval, so one-after-another batches always get a slot', async () => {
    const time = fakeTime();
    const budget = createRateBudget({ requestsPerMinute: 15, ...time });
    for (let i = 0; i < 10; i += 1) expect((await budget.acquire()).kind).toBe('granted');
    expect(time.sleeps).toEqual(Array(9).fill(4000));
  });

  it('gives callers arriving together successive slots, and refuses those beyond the wait', async () => {
    const time = fakeTime();
    // The clock stands still: all four ask before any of them has waited.
    const budget = createRateBudget({
      requestsPerMinute: 60,
      maxWaitMs: 2500,
      clock: time.clock,
      sleep: async () => {},
    });
    // Four at the same instant: slots at 0, 1, 2 s; the fourth would wait 3 s > 2.5 s.
    const results = await Promise.all([
      budget.acquire(),
      budget.acquire(),
      budget.acquire(),
      budget.acquire(),
    ]);
    expect(results).toEqual([
      { kind: 'granted', waitedMs: 0 },
      { kind: 'granted', waitedMs: 1000 },
      { kind: 'granted', waitedMs: 2000 },
      { kind: 'exhausted', waitMs: 3000 },
    ]);
  });

  it('an exhausted call takes no slot', async () => {
    const time = fakeTime();
    const budget = createRateBudget({ requestsPerMinute: 60, maxWaitMs: 0, ...time });
    await budget.acquire();
    expect(await budget.acquire()).toEqual({ kind: 'exhausted', waitMs: 1000 });
    expect(await budget.acquire()).toEqual({ kind: 'exhausted', waitMs: 1000 });
    time.advance(1000);
    expect(await budget.acquire()).toEqual({ kind: 'granted', waitedMs: 0 });
  });

  it('pauses for a Retry-After, capped at an hour', async () => {
    const time = fakeTime();
    const budget = createRateBudget({ requestsPerMinute: 60_000, maxWaitMs: 100, ...time });
    budget.pause(30_000);
    expect(await budget.acquire()).toEqual({ kind: 'exhausted', waitMs: 30_000 });
    time.advance(30_000);
    expect((await budget.acquire()).kind).toBe('granted');
    budget.pause(86_400_000);
    expect(await budget.acquire()).toMatchObject({ kind: 'exhausted', waitMs: 3_600_000 });
  });

  it('really waits with the default sleep', async () => {
    const budget = createRateBudget({ requestsPerMinute: 600 });
    const started = performance.now();
    await budget.acquire();
    await budget.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('refuses a budget of no requests', () => {
    expect(() => createRateBudget({ requestsPerMinute: 0 })).toThrow(/positive/);
  });
});
