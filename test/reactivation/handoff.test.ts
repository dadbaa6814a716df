import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/adapters/channels/index.ts';
import { startDispatcher } from '../../src/workers/dispatcher.ts';
import { setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { loadDemoThroughApi } from '../support/demo.ts';

/**
 * From approval to the customer: an approved suggestion is queued on the tenant's sender, the
 * send loop hands it to the channel, and the attempt records the contact and starts.
 */
describe.each(backends)('an approved attempt reaches the send queue on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);

  it('queues on approval, sends through the log channel, and marks the attempt contacted', {
    timeout: 180_000,
  }, async () => {
    await loadDemoThroughApi(api, { customers: 120, seed: 21, now: new Date('2025-06-15T15:00:00Z') });
    // open around the clock, so the test does not depend on the hour it runs at
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' };
    expect((await api('PATCH', '/v1/tenant', { settings: { outreach: { window } } })).statusCode).toBe(200);
    expect((await api('POST', '/v1/senders', { channel: 'log', name: 'Dry run' })).statusCode).toBe(201);
    const plan = await api('POST', '/v1/reactivation/plan', { asOf: '2025-06-15T15:00:00Z', limit: 10 });
    expect(plan.statusCode, plan.body).toBe(200);
    const suggestion = (plan.json().attempts as { id: string; status: string }[]).find(
      (a) => a.status === 'SUGGESTED',
    );
    expect(suggestion).toBeDefined();

    const approved = await api('POST', `/v1/reactivation/inbox/${suggestion!.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().history.at(-1).note).toMatch(/queued on log as message/);
    const queued = (await api('GET', `/v1/messages?attemptId=${suggestion!.id}`)).json().items;
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      kind: 'reactivation',
      status: 'queued',
      text: approved.json().message.text,
    });
    // approving again (a double click) never queues a second message
    expect((await api('POST', `/v1/reactivation/inbox/${suggestion!.id}/approve`, {})).statusCode).toBe(409);

    const dispatcher = startDispatcher({
      db: testbed.database.db,
      registry: createChannelRegistry(),
      logger: pino({ level: 'silent' }),
      idleDelayMs: 50,
    });
    try {
      const deadline = Date.now() + 30_000;
      let message = queued[0];
      while (message.status !== 'sent' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        message = (await api('GET', `/v1/messages/${queued[0].id}`)).json();
      }
      expect(message.status).toBe('sent');
      expect(message.providerMessageId).toMatch(/^log:/);
    } finally {
      await dispatcher.stop();
    }
    const attempt = (await api('GET', `/v1/reactivation/attempts/${suggestion!.id}`)).json();
    expect(attempt).toMatchObject({ status: 'IN_PROGRESS', contactCount: 1, channel: 'log' });
    expect(attempt.history.at(-1)).toMatchObject({
      from: 'APPROVED',
      to: 'IN_PROGRESS',
      actor: 'dispatcher',
    });
  });
});
