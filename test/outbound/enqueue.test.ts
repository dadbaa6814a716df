import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelMessage,
  enqueueMessage,
  getMessage,
  listMessages,
  recordDeliveryStatus,
  retryMessage,
} from '../../src/app/outbound/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addCustomer, addSender, createOutboundTenant } from './helpers.ts';

describe.each(backends)('enqueue and follow messages on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let otherTenant: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = await createOutboundTenant(database.db);
    otherTenant = await createOutboundTenant(database.db);
    await addSender(database.db, tenantId, { channel: 'whatsapp' });
    await addSender(database.db, tenantId, { channel: 'email' });
    await addSender(database.db, otherTenant, { channel: 'whatsapp' });
  });
  afterAll(() => database.dispose());

  it('queues once per idempotency key: a repeat returns the first message', async () => {
    const customer = await addCustomer(database.db, tenantId);
    const input = {
      channel: 'whatsapp' as const,
      customerId: customer.id,
      text: 'Olá! Sentimos sua falta.',
      idempotencyKey: 'order-123-thanks',
      kind: 'reactivation' as const,
    };
    const first = await enqueueMessage(database.db, tenantId, input);
    const again = await enqueueMessage(database.db, tenantId, input);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(first.message.id);
    expect(first.message).toMatchObject({
      status: 'queued',
      recipient: customer.phone,
      customerId: customer.id,
      priority: 5,
      maxAttempts: 5,
      attempts: 0,
    });
    const rows = await database.db
      .selectFrom('messages')
      .select('id')
      .where('idempotency_key', '=', 'order-123-thanks')
      .execute();
    expect(rows).toHaveLength(1);
    // The same key in another tenant is another tenant's message.
    const elsewhere = await enqueueMessage(database.db, otherTenant, {
      channel: 'whatsapp',
      to: '+5511987650000',
      text: 'Oi',
      idempotencyKey: 'order-123-thanks',
    });
    expect(elsewhere.created).toBe(true);
  });

  it('refuses a different message under a used key', async () => {
    await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+5511987650001',
      text: 'A',
      idempotencyKey: 'k-conflict',
    });
    await expect(
      enqueueMessage(database.db, tenantId, {
        channel: 'whatsapp',
        to: '+5511987650001',
        text: 'B',
        idempotencyKey: 'k-conflict',
      }),
    ).rejects.toMatchObject({ code: 'conflict', details: { fields: ['text'] } });
  });

  it('reports every bad field at once', async () => {
    const error = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+5511987650002',
      customerId: 'not-a-uuid',
      priority: 11,
      maxAttempts: 0,
      idempotencyKey: 'has space',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_error' });
    const fields = (error as { details: { issues: { field: string }[] } }).details.issues
      .map((i) => i.field)
      .sort();
    expect(fields).toEqual(['customerId', 'idempotencyKey', 'maxAttempts', 'priority', 'text', 'to']);
  });

  it.each([
    [{ channel: 'whatsapp', to: '12345', text: 'x' }, 'to'],
    [{ channel: 'email', to: 'not-an-address', text: 'x' }, 'to'],
    [{ channel: 'chatwoot', to: '+5511987650003', text: 'x' }, 'channel'],
    [{ channel: 'whatsapp', to: '+5511987650003', text: 'x'.repeat(4097) }, 'text'],
    [{ channel: 'whatsapp', customerExternalId: 'nobody', text: 'x' }, 'customerExternalId'],
    [{ channel: 'whatsapp', to: '+5511987650003', text: 'x', scheduledFor: 'tomorrow' }, 'scheduledFor'],
    [
      { channel: 'whatsapp', to: '+5511987650003', template: { name: 'promo', language: 'Portuguese' } },
      'template.language',
    ],
  ] as const)('rejects %j at %s', async (input, field) => {
    await expect(enqueueMessage(database.db, tenantId, input as never)).rejects.toMatchObject({
      code: 'validation_error',
      details: { issues: expect.arrayContaining([expect.objectContaining({ field })]) },
    });
  });

  it('records a message to an opted-out or blacklisted customer as skipped, never queued', async () => {
    const optedOut = await addCustomer(database.db, tenantId, { optedOut: true });
    const blacklisted = await addCustomer(database.db, tenantId, { blacklisted: true });
    const a = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: optedOut.id,
      text: 'Oi',
    });
    // A bare number belongs to the customer who has it: their opt-out holds too.
    const b = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: blacklisted.phone,
      text: 'Oi',
    });
    expect(a.message).toMatchObject({ status: 'skipped', skipReason: 'opted_out' });
    expect(b.message).toMatchObject({
      status: 'skipped',
      skipReason: 'blacklisted',
      customerId: blacklisted.id,
    });
  });

  it('takes scheduledFor in the tenant zone and the default priority by kind', async () => {
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'email',
      to: 'Ana@Example.com',
      text: 'Novidades',
      kind: 'campaign',
      scheduledFor: '2025-03-06 10:00',
    });
    expect(message.scheduledFor.toISOString()).toBe('2025-03-06T13:00:00.000Z');
    expect(message.priority).toBe(3);
  });

  it('lists with filters, shows the audit, cancels and retries', async () => {
    const customer = await addCustomer(database.db, tenantId);
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: customer.id,
      text: 'Oi',
      actor: 'key:test',
    });
    const listed = await listMessages(
      database.db,
      tenantId,
      { customerId: customer.id, statuses: ['queued'] },
      { limit: 10 },
    );
    expect(listed.items.map((m) => m.id)).toEqual([message.id]);
    expect(
      (await listMessages(database.db, otherTenant, { customerId: customer.id }, { limit: 10 })).items,
    ).toEqual([]);

    const cancelled = await cancelMessage(database.db, tenantId, message.id, {
      actor: 'ana',
      reason: 'wrong text',
    });
    expect(cancelled.status).toBe('cancelled');
    await expect(cancelMessage(database.db, tenantId, message.id, { actor: 'ana' })).rejects.toMatchObject({
      code: 'conflict',
    });
    const retried = await retryMessage(database.db, tenantId, message.id, { actor: 'ana' });
    expect(retried).toMatchObject({ status: 'queued', maxAttempts: 5 });
    const full = await getMessage(database.db, tenantId, message.id);
    expect(full.events?.map((e) => [e.actor, e.from, e.to])).toEqual([
      ['key:test', null, 'queued'],
      ['ana', 'queued', 'cancelled'],
      ['ana', 'cancelled', 'queued'],
    ]);
    await expect(getMessage(database.db, otherTenant, message.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('applies provider status reports forward only, and settles a message in doubt', async () => {
    const { message } = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+5511987650009',
      text: 'Oi',
    });
    // As a claim leaves it after its worker died mid-hand-off on WhatsApp.
    await database.db
      .updateTable('messages')
      .set({ status: 'sending', attempts: 1, reconcile_reason: 'lease lapsed' })
      .where('id', '=', message.id)
      .execute();
    await expect(retryMessage(database.db, tenantId, message.id, { actor: 'ana' })).rejects.toMatchObject({
      code: 'conflict',
      details: { inDoubt: true },
    });
    const at = new Date('2025-03-05T15:00:00Z');
    const read = await recordDeliveryStatus(database.db, tenantId, {
      idempotencyKey: message.idempotencyKey,
      providerMessageId: 'wamid.X',
      status: 'read',
      at,
    });
    expect(read).toMatchObject({
      status: 'read',
      inDoubt: false,
      providerMessageId: 'wamid.X',
      sentAt: at,
      deliveredAt: at,
      readAt: at,
    });
    // A late "delivered" and a stale "failed" change nothing.
    const late = await recordDeliveryStatus(database.db, tenantId, {
      providerMessageId: 'wamid.X',
      status: 'delivered',
      at: new Date(at.getTime() - 1000),
    });
    const stale = await recordDeliveryStatus(database.db, tenantId, {
      providerMessageId: 'wamid.X',
      status: 'failed',
      at,
      code: '131026',
    });
    expect(late?.status).toBe('read');
    expect(stale?.status).toBe('read');
    expect(
      await recordDeliveryStatus(database.db, tenantId, { providerMessageId: 'nope', status: 'sent', at }),
    ).toBeNull();
    expect(
      await recordDeliveryStatus(database.db, otherTenant, {
        providerMessageId: 'wamid.X',
        status: 'sent',
        at,
      }),
    ).toBeNull();
  });
});
