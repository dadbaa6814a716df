import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * How often the model may be called: one call every 60 s / requestsPerMinute (15/min → every
 * 4 s, as seed 003 spaced its Gemini Flash calls to stay under the free tier's 15 RPM). A call
 * takes the next free slot and waits for it, but only up to `maxWaitMs`; a slot further away is
 * not taken and the writer uses a template instead (`rate_budget`), so a burst of work never
 * queues behind the model. A 429 pushes the next slot back by the provider's Retry-After.
 *
 * Written here rather than taken from a library: rate-limiter-flexible and p-throttle count calls
 * per fixed window (15 at once, then a minute of nothing — the burst the provider rejects), and
 * neither answers "how long until my turn?" without waiting for it, which is the whole decision.
 * The state is one number; the clock and sleep are injected so tests run without waiting.
 */
export interface RateBudget {
  /** Take the next slot, waiting for it when it is near enough; `exhausted` takes nothing. */
  acquire(): Promise<
    | { readonly kind: 'granted'; readonly waitedMs: number }
    | { readonly kind: 'exhausted'; readonly waitMs: number }
  >;
  /** The provider asked us to back off: no slot before `ms` from now. */
  pause(ms: number): void;
  /** Milliseconds between calls. */
  readonly intervalMs: number;
}

export interface RateBudgetOptions {
  /** Default 15 (seed 003: Gemini Flash free tier). */
  readonly requestsPerMinute?: number;
  /**
   * The longest a call waits for its slot. Default one interval: a batch that writes one message
   * after another always gets the next slot (spaced exactly as seed 003 did), while callers that
   * arrive together beyond that fall back to templates at once.
   */
  readonly maxWaitMs?: number;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 15;
/** A Retry-After longer than this (a daily quota) is capped: one probe an hour costs nothing. */
export const MAX_PAUSE_MS = 60 * 60 * 1000;

export function createRateBudget(options: RateBudgetOptions = {}): RateBudget {
  const requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  if (!(requestsPerMinute > 0))
    throw new Error(`requestsPerMinute must be positive, got ${requestsPerMinute}`);
  const intervalMs = 60_000 / requestsPerMinute;
  const maxWaitMs = options.maxWaitMs ?? intervalMs;
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  let nextFreeAt = Number.NEGATIVE_INFINITY;

  return {
    intervalMs,
    async acquire() {
      const current = now();
      const slot = Math.max(current, nextFreeAt);
      const waitMs = slot - current;
      if (waitMs > maxWaitMs) return { kind: 'exhausted', waitMs };
      // Reserved before waiting, so callers arriving meanwhile line up behind this one.
      nextFreeAt = slot + intervalMs;
      if (waitMs > 0) await sleep(waitMs);
      return { kind: 'granted', waitedMs: waitMs };
    },
    pause(ms) {
      const until = now() + Math.min(Math.max(0, ms), MAX_PAUSE_MS);
      nextFreeAt = Math.max(nextFreeAt, until);
    },
  };
}
