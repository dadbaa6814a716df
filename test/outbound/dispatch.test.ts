import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMessage, getMessage, queueStats } from '../../src/app/outbound/index.ts';
import type { SendResult } from '../../src/domain/outreach/channel.ts';
import { startDispatcher } from '../../src/workers/dispatcher.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  addSender,
  at,
  clearQueue,
  createOutboundTenant,
  fakeChannel,
  INSIDE_WINDOW,
  registryOf,
  silentLogger,
  statusOf,
  waitFor,
} from './helpers.ts';

const free = {
  warmUp: false,
  caps: { perSecond: null, perHour: null, perDay: null },
  recipientGapSeconds: 0,
} as const;

describe.each(backends)('the dispatcher against the queue on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());
  beforeEach(() => clearQueue(database.db));

  it('backs off a transient error, honours Retry-After, fails a permanent error at once', async () => {
    const tenantId = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'webhook', ...free });
    const flaky = await enqueueMessage(database.db, tenantId, { channel: 'webhook', to: 'flaky', text: 'x' });
    const throttled = await enqueueMessage(database.db, tenantId, {
      channel: 'webhook',
      to: 'throttled',
      text: 'x',
    });
    const rejected = await enqueueMessage(database.db, tenantId, {
      channel: 'webhook',
      to: 'rejected',
      text: 'x',
    });
    const answers: Record<string, SendResult[]> = {
      flaky: [{ kind: 'failed', code: 'http_503', message: 'unavailable', action: 'retry' }],
      throttled: [
        { kind: 'failed', code: 'http_429', message: 'slow down', action: 'retry', retryAfterMs: 5000 },
      ],
      rejected: [{ kind: 'failed', code: 'http_400', message: 'bad payload', action: 'fail' }],
    };
    const provider = fakeChannel(
      'webhook',
      (m) =>
        answers[m.recipient]?.shift() ?? { kind: 'sent', providerMessageId: `p-${m.recipient}`, as: 'text' },
    );
    let now = INSIDE_WINDOW;
    const dispatcher = startDispatcher({
      db: database.db,
      registry: registryOf(provider),
      logger: silentLogger,
      clock: () => now,
      random: () => 0.5,
      idleDelayMs: 10,
    });
    try {
      await waitFor(async () => (await statusOf(database.db, rejected.message.id)).status === 'failed');
      await waitFor(async () => (await statusOf(database.db, flaky.message.id)).status === 'queued');
      await waitFor(async () => (await statusOf(database.db, throttled.message.id)).status === 'queued');
      expect(await statusOf(database.db, rejected.message.id)).toMatchObject({
        attempts: 1,
        last_error_code: 'http_400',
      });
      // First hand-off failed: nominal 60 s, equal jitter at 0.5 → 45 s.
      expect(await statusOf(database.db, flaky.message.id)).toMatchObject({
        attempts: 1,
        last_error_code: 'http_503',
        scheduled_for: at(INSIDE_WINDOW, 45_000),
      });
      expect(await statusOf(database.db, throttled.message.id)).toMatchObject({
        scheduled_for: at(INSIDE_WINDOW, 5250),
      });
      now = at(INSIDE_WINDOW, 45_000);
      await waitFor(async () => (await statusOf(database.db, flaky.message.id)).status === 'sent');
      await waitFor(async () => (await statusOf(database.db, throttled.message.id)).status === 'sent');
    } finally {
      await dispatcher.stop();
    }
    const history = await getMessage(database.db, tenantId, flaky.message.id);
    expect(history.events?.map((e) => `${e.to}:${e.code ?? ''}`)).toEqual([
      'queued:',
      'sending:',
      'queued:http_503',
      'sending:',
      'sent:',
    ]);
    expect(provider.calls.filter((c) => c.message.recipient === 'rejected')).toHaveLength(1);
    const stats = await queueStats(database.db, { tenantId, now });
    expect(stats.failuresLastDay).toEqual([{ code: 'http_400', count: 1 }]);
    expect(stats.depth).toEqual({ queued: 0, due: 0, sending: 0, inDoubt: 0 });
    expect(stats.handOffsLastMinute).toBe(5);
    expect(stats.senders).toHaveLength(1);
  });

  it('drains on stop: sends in flight finish and are recorded, the rest stay queued', async () => {
    const tenantId = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'log', ...free });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        (await enqueueMessage(database.db, tenantId, { channel: 'log', to: `r${i}`, text: 'x' })).message.id,
      );
    }
    const release: (() => void)[] = [];
    const provider = fakeChannel(
      'log',
      (m) =>
        new Promise<SendResult>((resolve) =>
          release.push(() => resolve({ kind: 'sent', providerMessageId: m.id, as: 'text' })),
        ),
    );
    const dispatcher = startDispatcher({
      db: database.db,
      registry: registryOf(provider),
      logger: silentLogger,
      clock: () => INSIDE_WINDOW,
      idleDelayMs: 10,
      concurrency: 4,
    });
    await waitFor(async () => release.length === 4);
    const stopping = dispatcher.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const r of release) r();
    await stopping;
    const rows = await database.db
      .selectFrom('messages')
      .select(['id', 'status'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect(count('sent')).toBe(4);
    expect(count('queued')).toBe(6);
    expect(count('sending')).toBe(0);
    expect(provider.calls).toHaveLength(4);
  });

  it('drains when the process is told to stop', async () => {
    const dispatcher = startDispatcher({
      db: database.db,
      registry: registryOf(fakeChannel('log')),
      logger: silentLogger,
      idleDelayMs: 10,
      stopOnSignals: ['SIGUSR2'],
    });
    const before = process.listenerCount('SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    await dispatcher.done;
    expect(process.listenerCount('SIGUSR2')).toBe(before - 1);
  });
});
