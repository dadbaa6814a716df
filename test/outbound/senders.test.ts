import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import {
  createSender,
  enqueueMessage,
  getSender,
  listSenders,
  pauseSender,
  queueStats,
  recordInbound,
  recordSenderQuality,
  resumeSender,
  updateSender,
} from '../../src/app/outbound/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOutboundTenant, INSIDE_WINDOW, statusOf } from './helpers.ts';

describe.each(backends)('senders on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let otherTenant: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = await createOutboundTenant(database.db);
    otherTenant = await createOutboundTenant(database.db);
  });
  afterAll(() => database.dispose());

  it("creates a WhatsApp number with the channel's defaults, warming up, secrets masked", async () => {
    const sender = await createSender(database.db, tenantId, {
      channel: 'whatsapp',
      name: 'Recepção',
      settings: { phoneNumberId: '1234567890', apiBaseUrl: 'http://127.0.0.1:9999/v21.0' },
      secrets: { accessToken: 'EAAG-very-long-access-token-1234', verifyToken: '123456' },
      now: INSIDE_WINDOW,
    });
    expect(sender).toMatchObject({
      channel: 'whatsapp',
      name: 'Recepção',
      settings: { phoneNumberId: '1234567890', apiBaseUrl: 'http://127.0.0.1:9999/v21.0' },
      secrets: { accessToken: '••••1234', verifyToken: '••••' },
      caps: { perSecond: 1, perHour: 200, perDay: 1000 },
      effectiveCaps: { perSecond: 1, perHour: 15, perDay: 50 },
      recipientGapSeconds: 6,
      warmup: { level: 1, warmed: false, startedAt: INSIDE_WINDOW },
      health: { status: 'healthy', reason: null },
      quality: 'unknown',
    });
    const stored = await database.db
      .selectFrom('senders')
      .select('secrets')
      .where('id', '=', sender.id)
      .executeTakeFirstOrThrow();
    expect(stored.secrets.accessToken).toBe('EAAG-very-long-access-token-1234');
    expect(JSON.stringify(await listSenders(database.db, tenantId))).not.toContain('very-long-access-token');
  });

  it('validates input and refuses a duplicate name', async () => {
    await expect(
      createSender(database.db, tenantId, {
        channel: 'webhook',
        name: '',
        settings: { url: 'ftp://nope' },
        secrets: { signingSecret: 42 as unknown as string },
        caps: { perSecond: 0 },
      }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      details: {
        issues: [
          { field: 'name', message: expect.any(String) },
          { field: 'settings.url', message: expect.any(String) },
          { field: 'secrets.signingSecret', message: expect.any(String) },
          { field: 'caps.perSecond', message: expect.any(String) },
        ],
      },
    });
    await createSender(database.db, tenantId, { channel: 'log', name: 'dry run' });
    await expect(
      createSender(database.db, tenantId, { channel: 'log', name: 'dry run' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('updates caps, secrets and warm-up level; other tenants see none of it', async () => {
    const sender = await createSender(database.db, tenantId, {
      channel: 'email',
      name: 'Newsletter',
      settings: { from: 'salon@example.com', host: 'smtp.example.com' },
      secrets: { password: 'p4ssw0rd-that-is-long-enough' },
    });
    expect(sender.caps).toEqual({ perSecond: 5, perHour: 500, perDay: 2000 });
    const updated = await updateSender(database.db, tenantId, sender.id, {
      caps: { perDay: null, perHour: 100 },
      secrets: { password: null, apiKey: 'key-0000000000000000abcd' },
      settings: { host: 'smtp2.example.com' },
      warmupLevel: 3,
    });
    expect(updated).toMatchObject({
      caps: { perSecond: 5, perHour: 100, perDay: null },
      effectiveCaps: { perSecond: 5, perHour: 50, perDay: 250 },
      secrets: { apiKey: '••••abcd' },
      settings: { from: 'salon@example.com', host: 'smtp2.example.com' },
      warmup: { level: 3, warmed: false },
    });
    await expect(getSender(database.db, otherTenant, sender.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await listSenders(database.db, otherTenant)).toEqual([]);
    await expect(updateSender(database.db, otherTenant, sender.id, { name: 'stolen' })).rejects.toMatchObject(
      { code: 'not_found' },
    );
  });

  it('row-level security keeps every outbound table to one tenant, even for a query without a tenant filter', async () => {
    await createSender(database.db, otherTenant, { channel: 'log', name: 'theirs' });
    await enqueueMessage(database.db, otherTenant, { channel: 'log', to: 'x', text: 'Oi' });
    await recordInbound(database.db, otherTenant, { channel: 'log', from: 'x', at: new Date() });
    const seen = await withTenant(database.db, tenantId, async (trx) => ({
      senders: await trx.selectFrom('senders').select('tenant_id').execute(),
      messages: await trx.selectFrom('messages').select('tenant_id').execute(),
      events: await trx.selectFrom('message_events').select('tenant_id').execute(),
      inbound: await trx.selectFrom('inbound_contacts').select('tenant_id').execute(),
      handoffs: await trx.selectFrom('sender_handoffs').select('tenant_id').execute(),
    }));
    for (const rows of Object.values(seen)) expect(rows.every((r) => r.tenant_id === tenantId)).toBe(true);
    expect(seen.senders.length).toBeGreaterThan(0);
    await expect(
      withTenant(database.db, tenantId, (trx) =>
        trx
          .insertInto('senders')
          .values({ tenant_id: otherTenant, channel: 'log', name: 'sneaky' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('pauses, times a pause, resumes, and pauses on a low quality rating', async () => {
    const a = await createSender(database.db, tenantId, {
      channel: 'chatwoot',
      name: 'Inbox A',
      settings: { baseUrl: 'http://127.0.0.1:9', accountId: 1, inboxId: 1 },
      secrets: { apiAccessToken: 'test-token' },
    });
    const queued = await enqueueMessage(database.db, tenantId, {
      channel: 'chatwoot',
      to: '+5511912345678',
      text: 'Oi',
      senderId: a.id,
    });
    // No other chatwoot sender: the message is left without a sender and waits for one.
    const paused = await pauseSender(database.db, tenantId, a.id, {
      reason: 'rate limited',
      until: new Date(Date.now() + 60_000),
    });
    expect(paused).toMatchObject({
      movedTo: null,
      moved: 1,
      sender: { health: { status: 'paused', reason: 'rate limited' } },
    });
    expect((await statusOf(database.db, queued.message.id)).sender_id).toBeNull();
    const resumed = await resumeSender(database.db, tenantId, a.id);
    expect(resumed.health).toEqual({ status: 'healthy', reason: null, pausedAt: null, pausedUntil: null });
    const low = await recordSenderQuality(database.db, tenantId, a.id, 'low');
    expect(low).toMatchObject({
      quality: 'low',
      health: { status: 'paused', reason: 'the provider rated the number low quality' },
    });
    const stats = await queueStats(database.db, { tenantId });
    expect(stats.senders.find((s) => s.id === a.id)).toMatchObject({ health: 'paused', quality: 'low' });
    await expect(pauseSender(database.db, tenantId, a.id, { reason: ' ' })).rejects.toMatchObject({
      code: 'validation_error',
    });
  });
});
