import { describe, expect, it } from 'vitest';
import { apiAs, createTestTenant, setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';

/** The send queue and senders over HTTP: what an integrator and an operator do. */
describe.each(backends)('messages and senders API on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  let customerId: string;
  let senderId: string;

  it('adds senders with masked secrets and reports bad fields by name', async () => {
    const bad = await api('POST', '/v1/senders', { channel: 'fax', name: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('channel');
    const created = await api('POST', '/v1/senders', {
      channel: 'whatsapp',
      name: 'Recepção',
      settings: { phoneNumberId: '1234567890', apiBaseUrl: 'http://127.0.0.1:9' },
      secrets: { accessToken: 'EAAG-very-secret-token-1234' },
      caps: { perDay: 250 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sender = created.json();
    senderId = sender.id;
    expect(sender.secrets.accessToken).not.toContain('very-secret');
    expect(JSON.stringify(sender)).not.toContain('EAAG-very-secret');
    expect(sender.caps.perDay).toBe(250);
    expect(sender.health.status).toBe('healthy');
    const listed = (await api('GET', '/v1/senders?channel=whatsapp')).json();
    expect(listed.map((s: { id: string }) => s.id)).toEqual([senderId]);
  });

  it('queues a direct send once per idempotency key, and refuses a message without content', async () => {
    const customer = await api('POST', '/v1/customers', {
      externalId: 'c-1',
      name: 'Ana Souza',
      phone: '+5511987654321',
    });
    customerId = customer.json().id;
    const body = {
      channel: 'whatsapp',
      customerExternalId: 'c-1',
      text: 'Oi Ana! Seu horário está confirmado.',
      idempotencyKey: 'order-42-confirmation',
    };
    const first = await api('POST', '/v1/messages', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'queued',
      recipient: '+5511987654321',
      customerId,
      kind: 'direct',
      idempotencyKey: 'order-42-confirmation',
    });
    const again = await api('POST', '/v1/messages', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const empty = await api('POST', '/v1/messages', { channel: 'whatsapp', to: '+5511987654321' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('text');
    const both = await api('POST', '/v1/messages', { channel: 'email', to: 'a@b.co', customerId, text: 'x' });
    expect(both.statusCode).toBe(400);
  });

  it('lists, inspects, cancels and retries messages', async () => {
    const list = (await api('GET', `/v1/messages?customerId=${customerId}&status=queued`)).json();
    expect(list.items).toHaveLength(1);
    const id = list.items[0].id;
    const one = (await api('GET', `/v1/messages/${id}`)).json();
    expect(one.events[0]).toMatchObject({ from: null, to: 'queued' });
    const cancelled = await api('POST', `/v1/messages/${id}/cancel`, { reason: 'customer called' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const twice = await api('POST', `/v1/messages/${id}/cancel`, {});
    expect(twice.statusCode).toBe(409);
    const retried = await api('POST', `/v1/messages/${id}/retry`, {});
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().status).toBe('queued');
  });

  it('pauses a sender and resumes it', async () => {
    const paused = await api('POST', `/v1/senders/${senderId}/pause`, { reason: 'quality dropped to low' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().sender.health).toMatchObject({ status: 'paused', reason: 'quality dropped to low' });
    const resumed = await api('POST', `/v1/senders/${senderId}/resume`);
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().health.status).toBe('healthy');
    const patched = await api('PATCH', `/v1/senders/${senderId}`, { caps: { perHour: 40 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().caps.perHour).toBe(40);
  });

  it('reports queue depth, send rate, failures and sender health at /metrics', async () => {
    const metrics = await testbed.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/rekindle_queue_messages\{state="queued"\} [1-9]/);
    expect(metrics.body).toContain('rekindle_queue_handoffs_last_minute 0');
    expect(metrics.body).toMatch(new RegExp(`rekindle_sender_healthy\\{[^}]*sender="${senderId}"[^}]*\\} 1`));
    // the cap in force: a new WhatsApp number's warm-up keeps it under the 40 set above
    const inForce = (await api('GET', `/v1/senders/${senderId}`)).json().effectiveCaps.perHour;
    expect(inForce).toBeLessThanOrEqual(40);
    expect(metrics.body).toContain(`rekindle_sender_cap{sender="${senderId}",window="hour"} ${inForce}`);
  });

  it("keeps one tenant's messages and senders from another", async () => {
    const other = apiAs(testbed.app, await createTestTenant(testbed.database, 'Other'));
    const mine = (await api('GET', '/v1/messages')).json().items[0].id;
    expect((await other('GET', `/v1/messages/${mine}`)).statusCode).toBe(404);
    expect((await other('POST', `/v1/messages/${mine}/cancel`, {})).statusCode).toBe(404);
    expect((await other('GET', '/v1/messages')).json().items).toEqual([]);
    expect((await other('GET', `/v1/senders/${senderId}`)).statusCode).toBe(404);
    expect((await other('POST', `/v1/senders/${senderId}/pause`, { reason: 'x' })).statusCode).toBe(404);
    expect((await other('GET', '/v1/senders')).json()).toEqual([]);
    const foreign = await other('POST', '/v1/messages', { channel: 'whatsapp', customerId, text: 'hi' });
    expect(foreign.statusCode).toBe(400);
  });
});
