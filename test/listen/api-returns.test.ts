import { describe, expect, it } from 'vitest';
import { setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';

/**
 * Orders and bookings written through the API are credited at once: a return after a delivered
 * message wins its attempt, and one that overtakes an unsent suggestion cancels it (seed 004 edge
 * case 4) — without waiting for the hourly pass.
 */
describe.each(backends)('returns written through the API on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);

  async function customerWithAttempt(externalId: string, status: 'IN_PROGRESS' | 'SUGGESTED') {
    const customer = await api('POST', '/v1/customers', { externalId, phone: '+5511987650000' });
    expect(customer.statusCode, customer.body).toBe(201);
    const tenantId = testbed.tenant.id;
    const attempt = await testbed.database.db
      .insertInto('attempts')
      .values({
        tenant_id: tenantId,
        customer_id: customer.json().id,
        status,
        strategy: 'INCENTIVE_DISCOUNT',
        created_at: new Date(Date.now() - 2 * 86_400_000),
        started_at: status === 'IN_PROGRESS' ? new Date(Date.now() - 2 * 86_400_000) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'IN_PROGRESS') {
      await testbed.database.db
        .insertInto('messages')
        .values({
          tenant_id: tenantId,
          customer_id: customer.json().id,
          attempt_id: attempt.id,
          kind: 'reactivation',
          channel: 'whatsapp',
          recipient: '+5511987650000',
          body: 'Oi, sentimos sua falta!',
          status: 'delivered',
          idempotency_key: `k-${attempt.id}`,
          sent_at: new Date(Date.now() - 86_400_000),
          delivered_at: new Date(Date.now() - 86_400_000),
        })
        .execute();
    }
    return { customerId: customer.json().id as string, attemptId: attempt.id };
  }

  it('an order created after the message wins the attempt with its value', async () => {
    const s = await customerWithAttempt('api-order', 'IN_PROGRESS');
    const order = await api('POST', '/v1/activities', {
      customerId: s.customerId,
      occurredAt: new Date().toISOString(),
      amount: 95,
    });
    expect(order.statusCode, order.body).toBe(201);
    const attempt = (await api('GET', `/v1/reactivation/attempts/${s.attemptId}`)).json();
    expect(attempt).toMatchObject({ status: 'WON', outcome: 'REACTIVATED' });
    const conversions = (await api('GET', '/v1/conversions')).json();
    expect(conversions.items).toEqual([
      expect.objectContaining({ attemptId: s.attemptId, value: 95, touch: 'message', control: false }),
    ]);
    expect(conversions.totals.treated).toEqual({ conversions: 1, revenue: 95 });
  });

  it('a booking sent in a batch cancels the suggestion nobody had sent yet', async () => {
    const s = await customerWithAttempt('api-booking', 'SUGGESTED');
    const batch = await api('POST', '/v1/bookings/batch', {
      items: [
        { customerExternalId: 'api-booking', startsAt: new Date(Date.now() + 86_400_000).toISOString() },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    const attempt = (await api('GET', `/v1/reactivation/attempts/${s.attemptId}`)).json();
    expect(attempt.status).toBe('CANCELLED');
  });
});
