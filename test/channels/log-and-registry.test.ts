import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogChannel } from '../../src/adapters/channels/log/client.ts';
import { createChannelRegistry } from '../../src/adapters/channels/registry.ts';
import { CHANNELS } from '../../src/domain/outreach/channel.ts';
import { NO_SIGNAL, outbound, readFixture, type StandIn, sender, startStandIn } from './support.ts';

const NOW = new Date('2025-06-18T10:00:00Z');
const logSender = sender('log', {}, {});

describe('log channel (dry run)', () => {
  it('records what would have been sent, logs it, and answers log:<key>', async () => {
    const lines: unknown[] = [];
    const log = createLogChannel({
      clock: () => NOW,
      logger: { info: (obj: unknown) => lines.push(obj) } as never,
    });
    const message = outbound();
    const result = await log.send(message, logSender, NO_SIGNAL);

    expect(result).toEqual({ kind: 'sent', providerMessageId: `log:${message.idempotencyKey}`, as: 'text' });
    expect(log.records).toEqual([
      {
        at: NOW,
        providerMessageId: `log:${message.idempotencyKey}`,
        messageId: message.id,
        idempotencyKey: message.idempotencyKey,
        tenantId: message.tenantId,
        senderId: logSender.id,
        senderChannel: 'log',
        recipient: message.recipient,
        as: 'text',
        text: message.text,
        template: null,
        subject: null,
      },
    ]);
    expect(lines).toEqual([expect.objectContaining({ dryRun: true, recipient: message.recipient })]);
  });

  it('records one logical send once, however often it is retried', async () => {
    const log = createLogChannel();
    const message = outbound();
    const first = await log.send(message, logSender, NO_SIGNAL);
    expect(await log.send(message, logSender, NO_SIGNAL)).toEqual(first);
    expect(log.records).toHaveLength(1);
  });

  it('shows the template it would send outside the window, and refuses an empty message', async () => {
    const log = createLogChannel();
    const template = { name: 'winback', language: 'pt_BR', bodyParams: ['Ana'] };
    expect(
      await log.send(outbound({ serviceWindowOpen: false, template }), logSender, NO_SIGNAL),
    ).toMatchObject({
      as: 'template',
    });
    expect(
      await log.send(outbound({ idempotencyKey: 'k2', text: null }), logSender, NO_SIGNAL),
    ).toMatchObject({
      code: 'no_content',
      action: 'fail',
    });
  });

  it('keeps only the most recent records', async () => {
    const log = createLogChannel({ maxRecords: 2 });
    for (const key of ['a', 'b', 'c'])
      await log.send(outbound({ idempotencyKey: key }), logSender, NO_SIGNAL);
    expect(log.records.map((r) => r.idempotencyKey)).toEqual(['b', 'c']);
    log.clear();
    expect(log.records).toEqual([]);
  });
});

describe('createChannelRegistry', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn(() => ({
      status: 200,
      body: readFixture('whatsapp', 'send_response_success.json'),
    }));
  });
  afterAll(() => standIn.close());

  it('has one client per channel, each answering for its own channel', () => {
    const registry = createChannelRegistry();
    expect(registry.channels).toEqual(CHANNELS);
    for (const channel of CHANNELS) expect(registry.get(channel).channel).toBe(channel);
    expect(registry.get('log')).toBe(registry.log);
    registry.close();
  });

  it('hands its fetch to the HTTP clients, so a stand-in sees their requests', async () => {
    const seen: string[] = [];
    const registry = createChannelRegistry({
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    const whatsapp = sender(
      'whatsapp',
      { phoneNumberId: '1', apiBaseUrl: standIn.url },
      { accessToken: 't' },
    );
    const result = await registry.get('whatsapp').send(outbound(), whatsapp, NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'sent' });
    expect(seen).toEqual([`${standIn.url}/v23.0/1/messages`]);
  });

  it('throws for a channel it does not know (a bug, not an outcome)', () => {
    expect(() => createChannelRegistry().get('fax' as never)).toThrow(/no channel client/);
  });
});
