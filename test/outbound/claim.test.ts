import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/kysely.ts';
import {
  claimMessages,
  enqueueMessage,
  getMessage,
  recordInbound,
  recordOutcomes,
} from '../../src/app/outbound/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  ALWAYS_OPEN,
  addSender,
  at,
  clearQueue,
  createOutboundTenant,
  INSIDE_WINDOW,
  statusOf,
} from './helpers.ts';

describe.each(backends)('claiming on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());
  beforeEach(() => clearQueue(database.db));

  async function tenantWith(channels: ('webhook' | 'whatsapp' | 'log')[]) {
    const tenantId = await createOutboundTenant(database.db, { outreach: { window: ALWAYS_OPEN } });
    for (const channel of channels) {
      await addSender(database.db, tenantId, {
        channel,
        warmUp: false,
        caps: { perSecond: null, perHour: null, perDay: null },
        recipientGapSeconds: 0,
      });
    }
    return tenantId;
  }

  it('claims the most urgent first, then the longest due, and leases them', async () => {
    const tenantId = await tenantWith(['log']);
    const queue = async (name: string, priority: number, minutesAgo: number) =>
      (
        await enqueueMessage(database.db, tenantId, {
          channel: 'log',
          to: name,
          text: name,
          priority,
          scheduledFor: at(INSIDE_WINDOW, -minutesAgo * 60_000),
        })
      ).message.id;
    const ids = {
      low: await queue('low', 2, 50),
      urgentNew: await queue('urgent-new', 9, 1),
      normalOld: await queue('normal-old', 5, 40),
      urgentOld: await queue('urgent-old', 9, 30),
      normalNew: await queue('normal-new', 5, 5),
      future: await queue('future', 10, -60),
    };
    const first = await claimMessages(database.db, {
      workerId: 'w1',
      limit: 3,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(first.map((c) => c.message.text)).toEqual(['urgent-old', 'urgent-new', 'normal-old']);
    const second = await claimMessages(database.db, {
      workerId: 'w1',
      limit: 10,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(second.map((c) => c.message.text)).toEqual(['normal-new', 'low']);
    const row = await statusOf(database.db, ids.urgentOld);
    expect(row).toMatchObject({ status: 'sending', lease_owner: 'w1', attempts: 1 });
    expect(row.lease_expires_at).toEqual(at(INSIDE_WINDOW, 60_000));
    expect((await statusOf(database.db, ids.future)).status).toBe('queued');
    expect(first[0]).toMatchObject({ attempt: 1, maxAttempts: 5, workerId: 'w1', resendSafe: true });
    expect(first[0]!.message.idempotencyKey).toMatch(/^msg:/);
  });

  it('hands a lapsed lease off again where the provider recognises the key, and puts it in doubt where not', async () => {
    const tenantId = await tenantWith(['webhook', 'whatsapp']);
    const hook = await enqueueMessage(database.db, tenantId, {
      channel: 'webhook',
      to: 'crm-42',
      text: 'Oi',
      idempotencyKey: 'hook-1',
    });
    const wa = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+5511987651111',
      text: 'Oi',
    });
    const now = at(INSIDE_WINDOW, 3_600_000);
    const byA = await claimMessages(database.db, { workerId: 'A', limit: 10, leaseMs: 30_000, now });
    expect(byA.map((c) => c.message.id).sort()).toEqual([hook.message.id, wa.message.id].sort());
    // Worker A dies. Before the lease lapses nobody may take the messages.
    expect(
      await claimMessages(database.db, { workerId: 'B', limit: 10, leaseMs: 30_000, now: at(now, 29_000) }),
    ).toEqual([]);
    const byB = await claimMessages(database.db, {
      workerId: 'B',
      limit: 10,
      leaseMs: 30_000,
      now: at(now, 31_000),
    });
    expect(byB.map((c) => [c.message.id, c.message.idempotencyKey, c.attempt])).toEqual([
      [hook.message.id, 'hook-1', 2],
    ]);
    const doubt = await statusOf(database.db, wa.message.id);
    expect(doubt).toMatchObject({ status: 'sending', lease_owner: null, attempts: 1 });
    expect(doubt.reconcile_reason).toMatch(/whatsapp provider may have the message/);
    // Nobody claims a message in doubt again (and B still holds the other).
    expect(
      await claimMessages(database.db, { workerId: 'C', limit: 10, leaseMs: 30_000, now: at(now, 50_000) }),
    ).toEqual([]);

    // A's late answers: its failure is dropped (B holds the webhook message now); its acceptance of
    // the WhatsApp message is the truth and settles the doubt.
    const written = await recordOutcomes(
      database.db,
      [
        {
          claimed: byA.find((c) => c.message.id === hook.message.id)!,
          after: { kind: 'failed', code: 'x', message: 'late' },
        },
        {
          claimed: byA.find((c) => c.message.id === wa.message.id)!,
          after: { kind: 'sent', providerMessageId: 'wamid.A', as: 'text' },
        },
      ],
      at(now, 40_000),
    );
    expect(written.map((w) => w.written)).toEqual([false, true]);
    expect(await statusOf(database.db, hook.message.id)).toMatchObject({
      status: 'sending',
      lease_owner: 'B',
      attempts: 2,
    });
    const settled = await getMessage(database.db, tenantId, wa.message.id);
    expect(settled).toMatchObject({ status: 'sent', inDoubt: false, providerMessageId: 'wamid.A' });
    expect(settled.events?.map((e) => `${e.from}→${e.to}`)).toEqual([
      'null→queued',
      'queued→sending',
      'sending→sending',
      'sending→sent',
    ]);
  });

  it('tells WhatsApp whether the customer wrote within 24 hours (free text) or not (template)', async () => {
    const tenantId = await tenantWith(['whatsapp']);
    const to = '+5511987652222';
    await recordInbound(database.db, tenantId, {
      channel: 'whatsapp',
      from: to,
      at: at(INSIDE_WINDOW, -23 * 3_600_000),
    });
    await enqueueMessage(database.db, tenantId, { channel: 'whatsapp', to, text: 'Oi', kind: 'direct' });
    await enqueueMessage(database.db, tenantId, { channel: 'whatsapp', to: '+5511987653333', text: 'Oi' });
    const claimed = await claimMessages(database.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: INSIDE_WINDOW,
    });
    expect(
      Object.fromEntries(claimed.map((c) => [c.message.recipient, c.message.serviceWindowOpen])),
    ).toEqual({
      [to]: true,
      '+5511987653333': false,
    });
  });

  it('fails a message whose worker died on every allowed hand-off', async () => {
    const tenantId = await tenantWith(['log']);
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'log',
      to: 'x',
      text: 'poison',
      maxAttempts: 2,
    });
    let now = at(INSIDE_WINDOW, 7_200_000);
    for (let i = 0; i < 2; i++) {
      expect(
        await claimMessages(database.db, { workerId: `w${i}`, limit: 10, leaseMs: 1000, now }),
      ).toHaveLength(1);
      now = at(now, 5000);
    }
    expect(await claimMessages(database.db, { workerId: 'w9', limit: 10, leaseMs: 1000, now })).toEqual([]);
    expect(await statusOf(database.db, message.id)).toMatchObject({
      status: 'failed',
      last_error_code: 'lease_expired',
      attempts: 2,
    });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('concurrent claimers on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.dispose());

  it('skip rows another claim holds instead of waiting, and never hand one message to two workers', async () => {
    const tenantId = await createOutboundTenant(database.db, { outreach: { window: ALWAYS_OPEN } });
    await addSender(database.db, tenantId, { channel: 'log' });
    for (let i = 0; i < 60; i++) {
      await enqueueMessage(database.db, tenantId, {
        channel: 'log',
        to: `r${i}`,
        text: `m${i}`,
        scheduledFor: at(INSIDE_WINDOW, -60_000 + i),
      });
    }
    // A second process: its own pool on the same schema.
    const other = openDatabase({
      kind: 'postgres',
      url: database.url!,
      schema: database.schema!,
      poolSize: 5,
    });
    try {
      // Another transaction holds the ten oldest rows, as a claim in progress would.
      const held = await other.db.transaction().execute(async (trx) => {
        const locked = await sql<{ id: string }>`
          select id from messages where status = 'queued' order by scheduled_for limit 10 for update`.execute(
          trx,
        );
        const started = Date.now();
        const claimed = await claimMessages(database.db, {
          workerId: 'B',
          limit: 20,
          leaseMs: 60_000,
          now: INSIDE_WINDOW,
        });
        return {
          locked: locked.rows.map((r) => r.id),
          claimed: claimed.map((c) => c.message.id),
          ms: Date.now() - started,
        };
      });
      expect(held.claimed).toHaveLength(20);
      expect(held.claimed.filter((id) => held.locked.includes(id))).toEqual([]);
      expect(held.ms).toBeLessThan(2000);

      // Now both race for the remaining 40, in small batches.
      const claimAll = async (db: typeof database.db, worker: string) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await claimMessages(db, {
            workerId: worker,
            limit: 3,
            leaseMs: 60_000,
            now: INSIDE_WINDOW,
          });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((c) => c.message.id));
        }
      };
      const [a, b] = await Promise.all([claimAll(database.db, 'A'), claimAll(other.db, 'C')]);
      const all = [...a, ...b, ...held.claimed];
      expect(new Set(all).size).toBe(60);
      expect(all).toHaveLength(60);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
