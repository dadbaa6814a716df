import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  claimMessages,
  createSender,
  enqueueMessage,
  getMessage,
  listSenders,
  pauseSender,
} from '../../src/app/outbound/index.ts';
import { type RunningDispatcher, startDispatcher } from '../../src/workers/dispatcher.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  addCustomer,
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

describe.each(backends)('claim-time checks on %s', (backend) => {
  let database: TestDatabase;
  let dispatcher: RunningDispatcher | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());
  beforeEach(() => clearQueue(database.db));
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
  });

  const run = (
    client: ReturnType<typeof fakeChannel>,
    now: () => Date,
    extra: Parameters<typeof registryOf> = [],
  ) => {
    dispatcher = startDispatcher({
      db: database.db,
      registry: registryOf(client, ...extra),
      logger: silentLogger,
      clock: now,
      random: () => 0,
      idleDelayMs: 10,
      workerId: 'test',
    });
  };

  it('never sends to a customer who opted out after the message was queued', async () => {
    const tenantId = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const leaving = await addCustomer(database.db, tenantId);
    const staying = await addCustomer(database.db, tenantId);
    const blocked = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: leaving.id,
      text: 'Oi',
      kind: 'reactivation',
    });
    const fine = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: staying.id,
      text: 'Oi',
      kind: 'reactivation',
    });
    const blacklisted = await addCustomer(database.db, tenantId);
    const bare = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: blacklisted.phone,
      text: 'Oi',
    });
    // Overnight the customer wrote STOP, and another was blacklisted by the salon.
    await database.db
      .updateTable('customers')
      .set({ opted_out_at: new Date(), opt_out_reason: 'STOP' })
      .where('id', '=', leaving.id)
      .execute();
    await database.db
      .updateTable('customers')
      .set({ blacklisted: true })
      .where('id', '=', blacklisted.id)
      .execute();

    const client = fakeChannel('whatsapp');
    run(client, () => INSIDE_WINDOW);
    await waitFor(async () => (await statusOf(database.db, fine.message.id)).status === 'sent');
    await waitFor(async () => (await statusOf(database.db, bare.message.id)).status !== 'queued');
    expect(await statusOf(database.db, blocked.message.id)).toMatchObject({
      status: 'skipped',
      skip_reason: 'opted_out',
      attempts: 0,
    });
    expect(await statusOf(database.db, bare.message.id)).toMatchObject({
      status: 'skipped',
      skip_reason: 'blacklisted',
    });
    expect(client.calls.map((c) => c.message.id)).toEqual([fine.message.id]);
    const events = (await getMessage(database.db, tenantId, blocked.message.id)).events!;
    expect(events.at(-1)).toMatchObject({
      to: 'skipped',
      code: 'opted_out',
      note: 'the customer opted out or denied consent',
    });
  });

  it('holds a message until the window opens in the tenant zone, then sends it', async () => {
    // Moscow (UTC+3): Saturday 2031-03-08 21:30 local is after the 20:00 close; Sunday is closed.
    const tenantId = await createOutboundTenant(database.db, {}, 'Europe/Moscow');
    await addSender(database.db, tenantId, { channel: 'log', ...free });
    const { message } = await enqueueMessage(database.db, tenantId, { channel: 'log', to: 'x', text: 'Oi' });
    let now = new Date('2031-03-08T18:30:00Z');
    const claimed = await claimMessages(database.db, { workerId: 'w', limit: 10, leaseMs: 60_000, now });
    expect(claimed).toEqual([]);
    const held = await statusOf(database.db, message.id);
    // Monday 09:00 Moscow = 06:00Z
    expect(held).toMatchObject({
      status: 'queued',
      attempts: 0,
      scheduled_for: new Date('2031-03-10T06:00:00Z'),
    });
    expect((await getMessage(database.db, tenantId, message.id)).events?.at(-1)).toMatchObject({
      code: 'window_closed',
      to: 'queued',
    });

    const client = fakeChannel('log');
    run(client, () => now);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(client.calls).toEqual([]);
    now = new Date('2031-03-10T06:00:00Z');
    await waitFor(async () => (await statusOf(database.db, message.id)).status === 'sent');
    expect(client.calls).toHaveLength(1);
  });

  it('claims nothing for a paused sender: its messages move to a healthy one, or wait for one', async () => {
    const tenantId = await createOutboundTenant(database.db);
    const a = await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const b = await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await addCustomer(database.db, tenantId);
      ids.push(
        (
          await enqueueMessage(database.db, tenantId, {
            channel: 'whatsapp',
            customerId: c.id,
            text: 'Oi',
            senderId: a,
          })
        ).message.id,
      );
    }
    const paused = await pauseSender(database.db, tenantId, a, {
      reason: 'error 368: temporarily blocked',
      banned: true,
      now: INSIDE_WINDOW,
    });
    expect(paused).toMatchObject({ movedTo: b, moved: 3, sender: { health: { status: 'banned' } } });
    const claimed = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(claimed.map((c) => c.sender.id)).toEqual([b, b, b]);

    // With B paused too, a new message has nowhere to go: it waits, unclaimed, until a sender exists.
    await pauseSender(database.db, tenantId, b, { reason: 'maintenance', now: INSIDE_WINDOW });
    const c = await addCustomer(database.db, tenantId);
    const waiting = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: 'Oi',
    });
    expect(
      await claimMessages(database.db, { workerId: 'w', limit: 10, leaseMs: 60_000, now: INSIDE_WINDOW }),
    ).toEqual([]);
    const fresh = await createSender(database.db, tenantId, {
      channel: 'whatsapp',
      name: 'new number',
      settings: { phoneNumberId: '1065403999' },
      secrets: { accessToken: 'test-token' },
      ...free,
    });
    const later = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(later.map((m) => [m.message.id, m.sender.id])).toEqual([[waiting.message.id, fresh.id]]);
  });

  it('lifts a timed pause by itself when its time is up', async () => {
    const tenantId = await createOutboundTenant(database.db);
    const only = await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+5511987650707',
      text: 'Oi',
    });
    await pauseSender(database.db, tenantId, only, {
      reason: '130429: throughput',
      until: at(INSIDE_WINDOW, 60_000),
      now: INSIDE_WINDOW,
    });
    expect(
      await claimMessages(database.db, {
        workerId: 'w',
        limit: 10,
        leaseMs: 60_000,
        now: at(INSIDE_WINDOW, 59_000),
      }),
    ).toEqual([]);
    const claimed = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: at(INSIDE_WINDOW, 60_000),
    });
    expect(claimed.map((c) => [c.message.id, c.sender.id])).toEqual([[message.id, only]]);
    expect((await listSenders(database.db, tenantId))[0]?.health).toEqual({
      status: 'healthy',
      reason: null,
      pausedAt: null,
      pausedUntil: null,
    });
  });

  it('pauses a sender the provider flags and sends its message through another', async () => {
    const tenantId = await createOutboundTenant(database.db);
    const flagged = await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const healthy = await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const c = await addCustomer(database.db, tenantId);
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: 'Oi',
      senderId: flagged,
    });
    const client = fakeChannel('whatsapp', (m) =>
      client.calls.at(-1)?.sender.id === flagged
        ? { kind: 'failed', code: '131048', message: 'Spam rate limit hit', action: 'pause_sender' }
        : { kind: 'sent', providerMessageId: `wamid.${m.id}`, as: 'text' },
    );
    run(client, () => INSIDE_WINDOW);
    await waitFor(async () => (await statusOf(database.db, message.id)).status === 'sent');
    expect(client.calls.map((call) => call.sender.id)).toEqual([flagged, healthy]);
    const senders = await listSenders(database.db, tenantId);
    expect(senders.find((s) => s.id === flagged)?.health).toMatchObject({
      status: 'paused',
      reason: '131048: Spam rate limit hit',
      pausedUntil: null,
    });
    expect(await statusOf(database.db, message.id)).toMatchObject({ attempts: 2, sender_id: healthy });
  });

  it('skips a second message of the same kind to a customer on the same local day', async () => {
    const tenantId = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'whatsapp', ...free });
    const c = await addCustomer(database.db, tenantId);
    const first = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: '1',
      kind: 'reactivation',
    });
    const direct = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: 'd',
      kind: 'direct',
    });
    await claimMessages(database.db, { workerId: 'w', limit: 10, leaseMs: 60_000, now: INSIDE_WINDOW });
    const second = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: '2',
      kind: 'reactivation',
    });
    const claimed = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: at(INSIDE_WINDOW, 3_600_000),
    });
    expect(claimed).toEqual([]);
    expect(await statusOf(database.db, second.message.id)).toMatchObject({
      status: 'skipped',
      skip_reason: 'same_kind_today',
    });
    expect((await statusOf(database.db, first.message.id)).status).toBe('sending');
    expect((await statusOf(database.db, direct.message.id)).status).toBe('sending');
    // The next local day (São Paulo) it may go.
    const third = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: c.id,
      text: '3',
      kind: 'reactivation',
    });
    const tomorrow = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: new Date('2031-03-06T12:00:00Z'),
    });
    expect(tomorrow.map((m) => m.message.id)).toEqual([third.message.id]);
  });

  it('paces messages to one recipient (WhatsApp 131056)', async () => {
    const tenantId = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'whatsapp', ...free, recipientGapSeconds: 6 });
    const to = '+5511987654321';
    const one = await enqueueMessage(database.db, tenantId, { channel: 'whatsapp', to, text: 'a' });
    const two = await enqueueMessage(database.db, tenantId, { channel: 'whatsapp', to, text: 'b' });
    const claimed = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(claimed.map((m) => m.message.id)).toEqual([one.message.id]);
    expect(await statusOf(database.db, two.message.id)).toMatchObject({
      status: 'queued',
      scheduled_for: at(INSIDE_WINDOW, 6000),
    });
    const next = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: at(INSIDE_WINDOW, 6000),
    });
    expect(next.map((m) => m.message.id)).toEqual([two.message.id]);
  });
});
