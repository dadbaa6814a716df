import { describe, expect, it } from 'vitest';
import type { SendResult } from './channel.ts';
import { afterSend, DEFAULT_RETRY_POLICY, retryDelayMs } from './retry.ts';

const now = new Date('2025-03-05T15:00:00Z');
const failed = (
  action: 'retry' | 'fail' | 'pause_sender' | 'needs_template',
  retryAfterMs?: number,
): SendResult => ({
  kind: 'failed',
  code: 'x',
  message: 'provider said no',
  action,
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});
const handOff = (attempt: number, resendSafe = true) => ({ attempt, maxAttempts: 5, resendSafe });

describe('retryDelayMs', () => {
  it.each([
    // equal jitter: nominal/2 + random·nominal/2, nominal = 60 s · 2^(attempt−1), at most 1 h
    [1, 0, 30_000],
    [1, 0.5, 45_000],
    [2, 0, 60_000],
    [3, 0.5, 180_000],
    [4, 0, 240_000],
    [7, 0, 1_800_000],
    [12, 0.5, 2_700_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, random, DEFAULT_RETRY_POLICY)).toBe(expected);
  });

  it("keeps the provider's Retry-After as a floor, spread by up to 10%", () => {
    expect(retryDelayMs(1, 0, DEFAULT_RETRY_POLICY, 5000)).toBe(5000);
    expect(retryDelayMs(1, 0.5, DEFAULT_RETRY_POLICY, 5000)).toBe(5250);
    expect(retryDelayMs(4, 0.999_999, DEFAULT_RETRY_POLICY, 1000)).toBe(1100);
  });

  it('grows and stays inside [nominal/2, nominal] for any random', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const nominal = Math.min(3_600_000, 60_000 * 2 ** (attempt - 1));
      for (const random of [0, 0.25, 0.5, 0.75, 0.999]) {
        const delay = retryDelayMs(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(nominal / 2);
        expect(delay).toBeLessThanOrEqual(nominal);
      }
    }
  });
});

describe('afterSend', () => {
  it('records an acceptance', () => {
    expect(
      afterSend(
        { kind: 'result', result: { kind: 'sent', providerMessageId: 'wamid.1', as: 'template' } },
        handOff(1),
        now,
        0,
      ),
    ).toEqual({
      kind: 'sent',
      providerMessageId: 'wamid.1',
      as: 'template',
    });
  });

  it.each(['fail', 'needs_template'] as const)(
    'fails a permanent %s at once, even on the first attempt',
    (action) => {
      expect(afterSend({ kind: 'result', result: failed(action) }, handOff(1), now, 0)).toMatchObject({
        kind: 'failed',
        code: 'x',
      });
    },
  );

  it('retries a transient error after the backoff, and gives up on the last attempt', () => {
    expect(afterSend({ kind: 'result', result: failed('retry') }, handOff(2), now, 0)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 60_000),
      code: 'x',
      message: 'provider said no',
    });
    const last = afterSend({ kind: 'result', result: failed('retry') }, handOff(5), now, 0);
    expect(last).toMatchObject({ kind: 'failed', code: 'x' });
    expect(last.kind === 'failed' && last.message).toMatch(/gave up after 5 attempts/);
  });

  it("waits the provider's Retry-After", () => {
    const after = afterSend({ kind: 'result', result: failed('retry', 2000) }, handOff(1), now, 0);
    expect(after).toMatchObject({ kind: 'retry', at: new Date(now.getTime() + 2000) });
  });

  it('pauses the sender and sends the message again at once, elsewhere', () => {
    expect(afterSend({ kind: 'result', result: failed('pause_sender') }, handOff(1), now, 0)).toEqual({
      kind: 'pause_sender',
      code: 'x',
      message: 'provider said no',
      pausedUntil: null,
      retryAt: now,
    });
    expect(
      afterSend({ kind: 'result', result: failed('pause_sender', 60_000) }, handOff(5), now, 0),
    ).toMatchObject({
      pausedUntil: new Date(now.getTime() + 60_000),
      retryAt: null,
    });
  });

  it('retries a call that threw only where the provider recognises a repeat', () => {
    const threw = { kind: 'threw', code: 'timeout', message: 'no answer' } as const;
    expect(afterSend(threw, handOff(1, true), now, 0)).toMatchObject({ kind: 'retry', code: 'timeout' });
    expect(afterSend(threw, handOff(1, false), now, 0)).toEqual({
      kind: 'in_doubt',
      code: 'timeout',
      message: 'no answer',
    });
    expect(afterSend(threw, handOff(5, true), now, 0)).toMatchObject({ kind: 'failed' });
  });

  it("treats a client's 'may have reached the provider' like a call that threw", () => {
    const unknown = {
      kind: 'result',
      result: {
        kind: 'failed',
        code: 'timeout',
        message: 'no answer',
        action: 'retry',
        outcomeUnknown: true,
      },
    } as const;
    expect(afterSend(unknown, handOff(1, false), now, 0)).toMatchObject({
      kind: 'in_doubt',
      code: 'timeout',
    });
    expect(afterSend(unknown, handOff(1, true), now, 0)).toMatchObject({ kind: 'retry', code: 'timeout' });
    const refused = { kind: 'result', result: { ...unknown.result, outcomeUnknown: undefined } } as const;
    expect(afterSend(refused, handOff(1, false), now, 0)).toMatchObject({ kind: 'retry' });
  });
});
