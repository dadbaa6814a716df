import type { SendResult } from './channel.ts';

/**
 * How a failed hand-off is retried. Seed 001 retried three times, 60·2ⁿ seconds apart (2, 4, 8
 * minutes). Rekindle keeps its doubling from one minute but allows five hand-offs: 1, 2, 4 and 8
 * minutes nominal ride out a provider outage of a quarter of an hour, long enough for a restart or
 * a failover, and a message still goes out within the same send window. Each delay is "equal
 * jitter" (half fixed, half random): never sooner than half the nominal wait, and workers that
 * failed together during an outage do not all come back at the same second.
 */
export interface RetryPolicy {
  /** The nominal wait after the first failed hand-off. */
  readonly baseDelayMs: number;
  /** The nominal wait never grows past this. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
});

/** New messages may be handed to a provider this many times (the column default too). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The wait before hand-off `attempt + 1`, after hand-off `attempt` (1-based) failed. `random` is
 * in [0, 1) and injected, so tests see exact values. A provider's Retry-After is a floor the
 * provider set: it is kept, plus up to 10% so that a crowd told "60 s" does not return at once.
 */
export function retryDelayMs(
  attempt: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.round(retryAfterMs * (1 + 0.1 * random));
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random);
}

/** What the queue does with a message after one hand-off. */
export type AfterSend =
  | { readonly kind: 'sent'; readonly providerMessageId: string; readonly as: 'text' | 'template' }
  | { readonly kind: 'retry'; readonly at: Date; readonly code: string; readonly message: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  | {
      /** The sender is in trouble: pause it; the message goes back to the queue, on another sender if any. */
      readonly kind: 'pause_sender';
      readonly code: string;
      readonly message: string;
      /** When the pause lifts by itself (the provider said when); null: until an operator resumes it. */
      readonly pausedUntil: Date | null;
      /** The message's own next try; failed instead when it has used its attempts. */
      readonly retryAt: Date | null;
    }
  | {
      /**
       * The outcome is unknown (the call threw or timed out after the request may have left) and
       * the channel cannot be asked twice safely: the message waits for a status webhook or an
       * operator instead of being sent again.
       */
      readonly kind: 'in_doubt';
      readonly code: string;
      readonly message: string;
    };

export interface HandOff {
  /** This hand-off's number, 1-based (the message's `attempts` after the claim). */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Whether the channel may be given the same message again without risk of a duplicate. */
  readonly resendSafe: boolean;
}

/** The outcome of a send call: the channel's answer, or what it threw (its timeout included). */
export type SendOutcome =
  | { readonly kind: 'result'; readonly result: SendResult }
  | { readonly kind: 'threw'; readonly code: string; readonly message: string };

/**
 * Retry, give up, pause the sender or wait for reconciliation. Permanent errors fail at once; a
 * retryable one fails when the message has used its hand-offs. A call that threw may have reached
 * the provider, so it is retried only where the provider recognises the repeat.
 */
export function afterSend(
  outcome: SendOutcome,
  handOff: HandOff,
  now: Date,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): AfterSend {
  const lastAttempt = handOff.attempt >= handOff.maxAttempts;
  const retryAt = (retryAfterMs?: number) =>
    new Date(now.getTime() + retryDelayMs(handOff.attempt, random, policy, retryAfterMs));
  if (outcome.kind === 'threw') {
    if (!handOff.resendSafe) return { kind: 'in_doubt', code: outcome.code, message: outcome.message };
    if (lastAttempt) return gaveUp(outcome.code, outcome.message, handOff);
    return { kind: 'retry', at: retryAt(), code: outcome.code, message: outcome.message };
  }
  const result = outcome.result;
  if (result.kind === 'failed' && result.outcomeUnknown) {
    // as good as a crash mid-call: the provider may have it
    return afterSend(
      { kind: 'threw', code: result.code, message: result.message },
      handOff,
      now,
      random,
      policy,
    );
  }
  if (result.kind === 'sent') {
    return { kind: 'sent', providerMessageId: result.providerMessageId, as: result.as };
  }
  switch (result.action) {
    case 'fail':
    case 'needs_template':
      return { kind: 'failed', code: result.code, message: result.message };
    case 'retry':
      if (lastAttempt) return gaveUp(result.code, result.message, handOff);
      return { kind: 'retry', at: retryAt(result.retryAfterMs), code: result.code, message: result.message };
    case 'pause_sender':
      return {
        kind: 'pause_sender',
        code: result.code,
        message: result.message,
        pausedUntil: result.retryAfterMs !== undefined ? new Date(now.getTime() + result.retryAfterMs) : null,
        // The message did nothing wrong: it goes again at once, on a healthy sender.
        retryAt: lastAttempt ? null : now,
      };
  }
}

function gaveUp(code: string, message: string, handOff: HandOff): AfterSend {
  return { kind: 'failed', code, message: `${message} (gave up after ${handOff.attempt} attempts)` };
}
