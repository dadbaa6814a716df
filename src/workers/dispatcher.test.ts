import { describe, expect, it } from 'vitest';
import type { ClaimedMessage } from '../app/outbound/claimed.ts';
import type { SendResult } from '../domain/outreach/channel.ts';
import type { AfterSend } from '../domain/outreach/retry.ts';
import { createDispatcher, type DispatcherDeps } from './dispatcher.ts';

const now = new Date('2031-03-05T15:00:00Z');

function claimedMessage(id: string, over: Partial<ClaimedMessage> = {}): ClaimedMessage {
  return {
    message: {
      id,
      tenantId: 't',
      idempotencyKey: `k-${id}`,
      recipient: '+5511900000000',
      customer: { id: null, name: null, locale: null },
      text: 'Oi',
      template: null,
      serviceWindowOpen: true,
      metadata: {},
    },
    sender: { id: 's', channel: 'webhook', settings: {}, secrets: {} },
    attempt: 1,
    maxAttempts: 5,
    workerId: 'w',
    leaseExpiresAt: new Date(now.getTime() + 60_000),
    resendSafe: true,
    ...over,
  };
}

/** A queue of ready messages and a record of every outcome written. */
function harness(
  messages: ClaimedMessage[],
  send: DispatcherDeps['send'],
  over: Partial<DispatcherDeps> = {},
) {
  const queue = [...messages];
  const outcomes = new Map<string, AfterSend>();
  const claims: number[] = [];
  const deps: DispatcherDeps = {
    claim: async (limit) => {
      claims.push(limit);
      return queue.splice(0, limit);
    },
    send,
    complete: async (c, sent) => {
      outcomes.set(c.message.id, sent);
    },
    fail: async (c, outcome) => {
      outcomes.set(c.message.id, outcome);
    },
    clock: () => now,
    random: () => 0,
    idleDelayMs: 5,
    ...over,
  };
  return { deps, outcomes, claims, queue };
}

const sent = (id: string): SendResult => ({ kind: 'sent', providerMessageId: `p-${id}`, as: 'text' });
const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('createDispatcher', () => {
  it('never has more hand-offs in flight than its concurrency, and claims only for free slots', async () => {
    let inFlight = 0;
    let most = 0;
    const messages = Array.from({ length: 40 }, (_, i) => claimedMessage(String(i)));
    const h = harness(
      messages,
      async (c) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return sent(c.message.id);
      },
      { concurrency: 4, batchSize: 10 },
    );
    const dispatcher = createDispatcher(h.deps);
    await until(() => h.outcomes.size === 40);
    await dispatcher.stop();
    expect(most).toBe(4);
    expect(Math.max(...h.claims)).toBeLessThanOrEqual(4);
    expect(dispatcher.stats()).toMatchObject({ claimed: 40, sent: 40, inFlight: 0 });
  });

  it("keeps going when a client throws: the message's own outcome, retried or in doubt", async () => {
    const h = harness(
      [
        claimedMessage('boom'),
        claimedMessage('ok'),
        claimedMessage('wa', {
          resendSafe: false,
          sender: { id: 's2', channel: 'whatsapp', settings: {}, secrets: {} },
        }),
      ],
      async (c) => {
        if (c.message.id !== 'ok') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return sent('ok');
      },
    );
    const dispatcher = createDispatcher(h.deps);
    await until(() => h.outcomes.size === 3);
    await dispatcher.stop();
    expect(h.outcomes.get('ok')).toMatchObject({ kind: 'sent' });
    expect(h.outcomes.get('boom')).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 30_000),
      code: 'ECONNRESET',
      message: 'socket hang up',
    });
    expect(h.outcomes.get('wa')).toEqual({ kind: 'in_doubt', code: 'ECONNRESET', message: 'socket hang up' });
  });

  it('abandons a call at the send timeout, even one that ignores its signal', async () => {
    let aborted = false;
    const h = harness(
      [claimedMessage('slow')],
      (_c, signal) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise<SendResult>(() => {});
      },
      { sendTimeoutMs: 50 },
    );
    const dispatcher = createDispatcher(h.deps);
    await until(() => h.outcomes.size === 1);
    await dispatcher.stop();
    expect(aborted).toBe(true);
    expect(h.outcomes.get('slow')).toMatchObject({ kind: 'retry', code: 'timeout' });
  });

  it('fails permanent errors at once and retries transient ones with backoff', async () => {
    const h = harness(
      [claimedMessage('bad'), claimedMessage('busy', { attempt: 3 }), claimedMessage('last', { attempt: 5 })],
      async (c) =>
        c.message.id === 'bad'
          ? { kind: 'failed', code: '131026', message: 'undeliverable', action: 'fail' }
          : { kind: 'failed', code: 'http_503', message: 'unavailable', action: 'retry' },
      { random: () => 0.5 },
    );
    const dispatcher = createDispatcher(h.deps);
    await until(() => h.outcomes.size === 3);
    await dispatcher.stop();
    expect(h.outcomes.get('bad')).toEqual({ kind: 'failed', code: '131026', message: 'undeliverable' });
    // third hand-off: nominal 4 min, equal jitter at 0.5 → 3 min
    expect(h.outcomes.get('busy')).toMatchObject({ kind: 'retry', at: new Date(now.getTime() + 180_000) });
    expect(h.outcomes.get('last')).toMatchObject({ kind: 'failed', code: 'http_503' });
  });

  it('drains on stop: hand-offs in flight finish and are recorded, nothing more is claimed', async () => {
    const release: (() => void)[] = [];
    const h = harness(
      Array.from({ length: 10 }, (_, i) => claimedMessage(String(i))),
      (c) =>
        new Promise<SendResult>((resolve) => {
          release.push(() => resolve(sent(c.message.id)));
        }),
      { concurrency: 3 },
    );
    const dispatcher = createDispatcher(h.deps);
    await until(() => release.length === 3);
    const stopped = dispatcher.stop();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    for (const r of release) r();
    await stopped;
    expect([...h.outcomes.keys()].sort()).toEqual(['0', '1', '2']);
    expect(h.queue).toHaveLength(7);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const h = harness([], async (c) => sent(c.message.id), { signal: controller.signal });
    const dispatcher = createDispatcher(h.deps);
    controller.abort();
    await dispatcher.done;
    expect(dispatcher.stats().inFlight).toBe(0);
  });

  it('retries an outcome write the database refused, and keeps claiming after a failed claim', async () => {
    let writes = 0;
    let claimCalls = 0;
    const queue = [claimedMessage('a')];
    const outcomes: string[] = [];
    const dispatcher = createDispatcher({
      claim: async (limit) => {
        claimCalls++;
        if (claimCalls === 1) throw new Error('connection refused');
        return queue.splice(0, limit);
      },
      send: async (c) => sent(c.message.id),
      complete: async (c) => {
        writes++;
        if (writes === 1) throw new Error('deadlock detected');
        outcomes.push(c.message.id);
      },
      fail: async () => {},
      clock: () => now,
      random: () => 0,
      idleDelayMs: 5,
    });
    await until(() => outcomes.length === 1);
    await dispatcher.stop();
    expect(writes).toBe(2);
    expect(dispatcher.stats()).toMatchObject({ sent: 1, lostWrites: 0 });
  });
});
