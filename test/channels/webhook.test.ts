import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookChannel } from '../../src/adapters/channels/webhook/client.ts';
import { signWebhook, verifyWebhook } from '../../src/adapters/channels/webhook/signature.ts';
import {
  NO_SIGNAL,
  outbound,
  type RecordedRequest,
  type Reply,
  type StandIn,
  sender,
  startStandIn,
} from './support.ts';

const SECRET = 'whsec_0123456789abcdef';
const NOW = new Date('2025-06-18T10:00:00Z');
const clock = () => NOW;

/** A receiver as signature.ts tells them to be: verify, then answer. */
function verify(request: RecordedRequest, now = NOW) {
  return verifyWebhook({
    secret: SECRET,
    rawBody: request.body,
    timestamp: request.headers['x-rekindle-timestamp'] as string | undefined,
    signature: request.headers['x-rekindle-signature'] as string | undefined,
    now,
  });
}

let script: Reply[] = [];
let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn((request) => {
    if (!verify(request).ok) return { status: 401, body: { error: 'bad signature' } };
    return script.shift() ?? { status: 200, body: { id: 'evo-123' } };
  });
});
afterAll(() => standIn.close());
afterEach(() => {
  script = [];
  standIn.requests.length = 0;
});

const client = createWebhookChannel({ clock, timeoutMs: 2000 });
const endpoint = (settings: Record<string, unknown> = {}, secret = SECRET) =>
  sender(
    'webhook',
    { url: `${standIn.url}/rekindle/outbound`, channel: 'whatsapp', ...settings },
    { signingSecret: secret },
  );

describe('webhook: what is sent', () => {
  it('POSTs the signed JSON payload with the idempotency key, and takes the receiver id', async () => {
    const message = outbound();
    const result = await client.send(message, endpoint(), NO_SIGNAL);

    expect(result).toEqual({ kind: 'sent', providerMessageId: 'evo-123', as: 'text' });
    const [request] = standIn.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/rekindle/outbound');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(message.idempotencyKey);
    expect(request?.headers['x-rekindle-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(request?.headers['x-rekindle-signature']).toBe(
      signWebhook(SECRET, NOW.getTime() / 1000, request!.body),
    );
    expect(request?.json()).toEqual({
      id: message.id,
      idempotencyKey: message.idempotencyKey,
      tenantId: message.tenantId,
      channel: 'whatsapp',
      recipient: message.recipient,
      text: message.text,
      template: null,
      serviceWindowOpen: true,
      subject: null,
      customer: message.customer,
      metadata: { attemptId: 'attempt-42' },
      sentAt: NOW.toISOString(),
    });
  });

  it('uses the idempotency key as the id when the receiver gives none', async () => {
    script = [{ status: 202 }];
    const result = await client.send(outbound(), endpoint(), NO_SIGNAL);
    expect(result).toEqual({ kind: 'sent', providerMessageId: outbound().idempotencyKey, as: 'text' });
  });

  it('reports a template send when the window is closed', async () => {
    const template = { name: 'winback', language: 'pt_BR', bodyParams: ['Ana'] };
    const result = await client.send(outbound({ serviceWindowOpen: false, template }), endpoint(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'sent', as: 'template' });
    expect(standIn.requests[0]?.json()).toMatchObject({ template, serviceWindowOpen: false });
  });
});

describe('webhook: the signature a receiver checks', () => {
  it('verifies the request as sent and rejects a changed body, a wrong secret and a stale timestamp', async () => {
    await client.send(outbound(), endpoint(), NO_SIGNAL);
    const request = standIn.requests[0]!;
    expect(verify(request)).toEqual({ ok: true });
    expect(verify({ ...request, body: request.body.replace('Ana', 'Eve') })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(
      verifyWebhook({
        secret: 'another-secret-123456',
        rawBody: request.body,
        timestamp: request.headers['x-rekindle-timestamp'] as string,
        signature: request.headers['x-rekindle-signature'] as string,
        now: NOW,
      }).ok,
    ).toBe(false);
    expect(verify(request, new Date(NOW.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
  });

  it('is an HMAC-SHA256 of "<timestamp>.<body>" in lowercase hex', () => {
    // Computed independently: printf '1718704800.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signWebhook('secret', 1718704800, '{"a":1}')).toBe(
      'sha256=ad66785663cca7dd28d539159702ef415269fd696faecad0dface900045f0467',
    );
  });
});

describe('webhook: error answers', () => {
  it('retries a 500 after the Retry-After the receiver asks for', async () => {
    script = [{ status: 500, body: 'down', headers: { 'retry-after': '12' } }];
    expect(await client.send(outbound(), endpoint(), NO_SIGNAL)).toMatchObject({
      kind: 'failed',
      code: 'http_500',
      action: 'retry',
      retryAfterMs: 12_000,
    });
  });

  it.each<[number, string]>([
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [503, 'retry'],
    [400, 'fail'],
    [422, 'fail'],
    [403, 'pause_sender'],
    [404, 'pause_sender'],
    [410, 'pause_sender'],
  ])('HTTP %i → %s', async (status, action) => {
    script = [{ status, body: { error: 'no' } }];
    expect(await client.send(outbound(), endpoint(), NO_SIGNAL)).toMatchObject({
      code: `http_${status}`,
      action,
    });
  });

  it('pauses the sender when the receiver rejects our signature (wrong secret on one side)', async () => {
    const result = await client.send(outbound(), endpoint({}, 'a-different-secret-42'), NO_SIGNAL);
    expect(result).toMatchObject({ code: 'http_401', action: 'pause_sender' });
  });

  it('retries a receiver that does not answer in time', async () => {
    script = [{ status: 200, delayMs: 1000 }];
    const quick = createWebhookChannel({ clock, timeoutMs: 100 });
    expect(await quick.send(outbound(), endpoint(), NO_SIGNAL)).toMatchObject({
      code: 'timeout',
      action: 'retry',
    });
  });

  it('refuses to send unsigned: a missing or short secret pauses the sender', async () => {
    for (const secrets of [{}, { signingSecret: 'short' }] as Record<string, string>[]) {
      const result = await client.send(
        outbound(),
        sender('webhook', { url: standIn.url }, secrets),
        NO_SIGNAL,
      );
      expect(result).toMatchObject({ code: 'invalid_sender_config', action: 'pause_sender' });
    }
    expect(standIn.requests).toHaveLength(0);
  });
});
