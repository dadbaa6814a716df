import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import { ingestActivities, ingestBookings, ingestCustomers } from '../../src/app/ingest/index.ts';
import {
  attributeReturns,
  closeAttributionWindows,
  reverseCreditedOrders,
} from '../../src/app/listen/attribution.ts';
import { createTenant } from '../../src/app/tenants.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Attribution rules on real rows: last touch inside the window (7 days by default), the touch
 * being a delivered message, a click, a non-refusal answer or — for control attempts — the
 * hold-out itself; windows that pass with nothing close as LOST / NO_RESPONSE; a customer who
 * returns before any message cancels what was not sent; a refund takes the value back.
 */
const DAY = 86_400_000;
const T0 = new Date('2026-10-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe.each(backends)('attribution on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let other: string;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = (await createTenant(database.db, { name: 'Salon', timezone: 'America/Sao_Paulo' })).tenant.id;
    other = (await createTenant(database.db, { name: 'Other', timezone: 'UTC' })).tenant.id;
  });
  afterAll(() => database.dispose());

  /** A customer with an open attempt; `message` adds a message sent (and delivered) at that day. */
  async function setUp(
    options: {
      tenant?: string;
      status?: 'IN_PROGRESS' | 'SUGGESTED';
      control?: boolean;
      startedDay?: number;
      messageDay?: number;
      clickDay?: number;
      attributionUntilDay?: number;
    } = {},
  ) {
    const tenant = options.tenant ?? tenantId;
    const externalId = `c${++n}`;
    expect(
      (await ingestCustomers(database.db, tenant, [{ externalId, name: `Customer ${n}` }])).rejected,
    ).toBe(0);
    return withTenant(database.db, tenant, async (trx) => {
      const customer = await trx
        .selectFrom('customers')
        .select('id')
        .where('tenant_id', '=', tenant)
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();
      const status = options.status ?? 'IN_PROGRESS';
      const attempt = await trx
        .insertInto('attempts')
        .values({
          tenant_id: tenant,
          customer_id: customer.id,
          status,
          control: options.control ?? false,
          strategy: 'INCENTIVE_DISCOUNT',
          created_at: at((options.startedDay ?? 0) - 1),
          started_at: status === 'IN_PROGRESS' ? at(options.startedDay ?? 0) : null,
          ...(options.attributionUntilDay !== undefined
            ? { attribution_until: at(options.attributionUntilDay) }
            : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (options.messageDay !== undefined) {
        await trx
          .insertInto('messages')
          .values({
            tenant_id: tenant,
            customer_id: customer.id,
            attempt_id: attempt.id,
            kind: 'reactivation',
            channel: 'whatsapp',
            recipient: '+5511987654321',
            body: 'Oi!',
            status: 'delivered',
            idempotency_key: `k-${attempt.id}`,
            sent_at: at(options.messageDay),
            delivered_at: at(options.messageDay + 0.01),
          })
          .execute();
      }
      if (options.clickDay !== undefined) {
        const code = `code${n}xyz${Math.random().toString(36).slice(2, 8)}`;
        await trx
          .insertInto('tracked_links')
          .values({
            tenant_id: tenant,
            code,
            target_url: 'https://example.com/book',
            customer_id: customer.id,
            attempt_id: attempt.id,
            channel: 'whatsapp',
          })
          .execute();
        await trx
          .insertInto('link_clicks')
          .values({
            tenant_id: tenant,
            code,
            customer_id: customer.id,
            attempt_id: attempt.id,
            at: at(options.clickDay),
          })
          .execute();
      }
      return { externalId, customerId: customer.id, attemptId: attempt.id };
    });
  }

  const order = async (externalId: string, day: number, amount: number, tenant = tenantId) => {
    const summary = await ingestActivities(database.db, tenant, [
      { externalId: `o-${externalId}-${day}`, customerExternalId: externalId, occurredAt: at(day), amount },
    ]);
    expect(summary.rejected).toBe(0);
  };
  const attempt = (id: string, tenant = tenantId) =>
    withTenant(database.db, tenant, (trx) =>
      trx
        .selectFrom('attempts')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
  const conversion = (id: string) =>
    withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('conversions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('attempt_id', '=', id)
        .executeTakeFirst(),
    );

  it('credits an order inside the window after a delivered message, with its value', async () => {
    const s = await setUp({ messageDay: 0 });
    await order(s.externalId, 2, 150);
    const run = await attributeReturns(database.db, tenantId, { customerIds: [s.customerId], now: at(3) });
    expect(run.credited).toHaveLength(1);
    expect(run.credited[0]).toMatchObject({ attemptId: s.attemptId, touch: 'message', value: 150 });
    expect(await attempt(s.attemptId)).toMatchObject({ status: 'WON', outcome: 'REACTIVATED' });
    expect(Number((await attempt(s.attemptId)).next_order_value)).toBe(150);
    expect(await conversion(s.attemptId)).toMatchObject({
      source_kind: 'activity',
      touch: 'message',
      control: false,
    });
  });

  it('does not credit an order placed before the message, nor one after the window', async () => {
    const before = await setUp({ startedDay: 0, messageDay: 1 });
    await order(before.externalId, 0.5, 90);
    const late = await setUp({ messageDay: 0 });
    await order(late.externalId, 8, 90);
    const run = await attributeReturns(database.db, tenantId, {
      customerIds: [before.customerId, late.customerId],
      now: at(9),
    });
    expect(run.credited).toEqual([]);
    // the hourly pass closes the late one: its window (7 days from the delivery) passed with nothing in it
    const closed = await closeAttributionWindows(database.db, tenantId, { now: at(9) });
    expect(closed.closed).toContain(late.attemptId);
    expect(await attempt(late.attemptId)).toMatchObject({ status: 'LOST', outcome: 'NO_RESPONSE' });
    // the other's window ran from its delivery on day 1 to day 8: closed too
    expect(closed.closed).toContain(before.attemptId);
  });

  it('credits the latest touch: a click extends the window past the message', async () => {
    const s = await setUp({ messageDay: 0, clickDay: 6 });
    await order(s.externalId, 10, 75);
    const run = await attributeReturns(database.db, tenantId, { customerIds: [s.customerId], now: at(11) });
    expect(run.credited[0]).toMatchObject({ attemptId: s.attemptId, touch: 'click' });
  });

  it('attributes control attempts the same way, from the moment they were held out', async () => {
    const s = await setUp({ control: true, startedDay: 0 });
    await order(s.externalId, 3, 60);
    await attributeReturns(database.db, tenantId, { customerIds: [s.customerId], now: at(4) });
    expect(await attempt(s.attemptId)).toMatchObject({ status: 'WON', control: true });
    expect(await conversion(s.attemptId)).toMatchObject({ control: true, touch: 'control' });
  });

  it('keeps a snoozed attempt open until its window after the snooze', async () => {
    const s = await setUp({ messageDay: 0, attributionUntilDay: 20 });
    const run = await closeAttributionWindows(database.db, tenantId, {
      now: at(10),
      customerIds: [s.customerId],
    });
    expect(run.closed).toEqual([]);
    expect((await attempt(s.attemptId)).status).toBe('IN_PROGRESS');
    const later = await closeAttributionWindows(database.db, tenantId, {
      now: at(21),
      customerIds: [s.customerId],
    });
    expect(later.closed).toEqual([s.attemptId]);
  });

  it('cancels an unsent suggestion when the customer books by themselves (edge case 4)', async () => {
    const s = await setUp({ status: 'SUGGESTED', startedDay: 0 });
    const booked = await ingestBookings(database.db, tenantId, [
      { externalId: `b-${s.externalId}`, customerExternalId: s.externalId, startsAt: at(40), amount: 120 },
    ]);
    expect(booked.rejected).toBe(0);
    const run = await attributeReturns(database.db, tenantId, {
      customerIds: [s.customerId],
      now: new Date(),
    });
    expect(run.overtaken).toEqual([s.attemptId]);
    expect(await attempt(s.attemptId)).toMatchObject({
      status: 'CANCELLED',
      cancel_reason: 'the customer came back on their own before being contacted',
    });
  });

  it('takes the value back when the credited order is refunded', async () => {
    const s = await setUp({ messageDay: 0 });
    await order(s.externalId, 1, 200);
    await attributeReturns(database.db, tenantId, { customerIds: [s.customerId], now: at(2) });
    const activity = await withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('activities')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('external_id', '=', `o-${s.externalId}-1`)
        .executeTakeFirstOrThrow(),
    );
    expect(await reverseCreditedOrders(database.db, tenantId, [activity.id], 'refunded')).toEqual([
      s.attemptId,
    ]);
    const after = await attempt(s.attemptId);
    expect(after.status).toBe('WON');
    expect(Number(after.next_order_value)).toBe(0);
    expect(after.outcome_notes).toMatch(/refunded/);
    expect(Number((await conversion(s.attemptId))!.value)).toBe(0);
  });

  it('never reaches another tenant’s attempts', async () => {
    const mine = await setUp({ messageDay: 0 });
    const theirs = await setUp({ tenant: other, messageDay: 0 });
    await order(theirs.externalId, 1, 99, other);
    await order(mine.externalId, 1, 10);
    const run = await closeAttributionWindows(database.db, tenantId, { now: at(30) });
    expect(run.credited.map((c) => c.attemptId)).not.toContain(theirs.attemptId);
    expect(run.closed).not.toContain(theirs.attemptId);
    expect((await attempt(theirs.attemptId, other)).status).toBe('IN_PROGRESS');
  });
});
