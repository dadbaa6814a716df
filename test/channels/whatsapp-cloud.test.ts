import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppCloudChannel } from '../../src/adapters/channels/whatsapp-cloud/client.ts';
import type { TemplateRef } from '../../src/domain/outreach/channel.ts';
import {
  closedPortUrl,
  NO_SIGNAL,
  outbound,
  type Reply,
  readFixture,
  type StandIn,
  sender,
  startStandIn,
} from './support.ts';

const PHONE_NUMBER_ID = '1122334455667';
const TOKEN = 'EAAG-test-token';
const SUCCESS = readFixture('whatsapp', 'send_response_success.json');
const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA';
const TEMPLATE: TemplateRef = { name: 'winback_pt', language: 'pt_BR', bodyParams: ['Ana', 'corte'] };

/** Answers scripted per test, in order; the success fixture once the script runs out. */
let script: Reply[] = [];
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn(() => script.shift() ?? { status: 200, body: SUCCESS });
});
afterAll(() => standIn.close());
afterEach(() => {
  script = [];
  standIn.requests.length = 0;
});

function whatsappSender(extra: Record<string, unknown> = {}) {
  return sender(
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: standIn.url, ...extra },
    { accessToken: TOKEN },
  );
}

const client = createWhatsAppCloudChannel({ timeoutMs: 2000 });

function errorReply(fixture: string, status: number, headers?: Record<string, string>): Reply {
  return { status, body: readFixture('whatsapp', fixture), ...(headers ? { headers } : {}) };
}

describe('WhatsApp Cloud API: what is sent', () => {
  it('posts free text inside the window exactly as Meta documents it, with our key for the webhooks', async () => {
    const message = outbound({ recipient: '+16505551234', text: 'text-message-content' });
    const result = await client.send(message, whatsappSender(), NO_SIGNAL);

    expect(result).toEqual({ kind: 'sent', providerMessageId: WAMID, as: 'text' });
    const [request] = standIn.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toEqual({
      ...readFixture('whatsapp', 'send_request_text.json'),
      to: '+16505551234',
      biz_opaque_callback_data: message.idempotencyKey,
    });
  });

  it('sends the approved template outside the window, parameters as body text parameters', async () => {
    const message = outbound({ serviceWindowOpen: false, template: TEMPLATE });
    const result = await client.send(message, whatsappSender(), NO_SIGNAL);

    expect(result).toEqual({ kind: 'sent', providerMessageId: WAMID, as: 'template' });
    const documented = readFixture<{ template: { components: [{ type: string }] } }>(
      'whatsapp',
      'send_request_template_body_params.json',
    );
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]?.json()).toEqual({
      ...documented,
      to: '+5511987654321',
      template: {
        name: 'winback_pt',
        language: { code: 'pt_BR' },
        components: [
          {
            type: documented.template.components[0].type,
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: 'corte' },
            ],
          },
        ],
      },
      biz_opaque_callback_data: message.idempotencyKey,
    });
  });

  it('asks for a template without calling Meta when the window is closed and there is none', async () => {
    const result = await client.send(outbound({ serviceWindowOpen: false }), whatsappSender(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', action: 'needs_template', code: '131047' });
    expect(standIn.requests).toHaveLength(0);
  });

  it('takes the version and base URL from the sender, and keeps E.164 with its plus sign', async () => {
    await client.send(
      outbound({ recipient: '55 (11) 98765-4321' }),
      whatsappSender({ apiVersion: 'v24.0' }),
      NO_SIGNAL,
    );
    expect(standIn.requests[0]?.path).toBe(`/v24.0/${PHONE_NUMBER_ID}/messages`);
    expect(standIn.requests[0]?.json()).toMatchObject({ to: '+5511987654321' });
  });
});

describe('WhatsApp Cloud API: the 24-hour window closed under our feet (131047)', () => {
  it('sends the template in the same call when Meta refuses the text and a template exists', async () => {
    script = [
      errorReply('send_error_131047_composed.json', 400),
      { status: 200, body: { messages: [{ id: 'wamid.T' }] } },
    ];
    const result = await client.send(outbound({ template: TEMPLATE }), whatsappSender(), NO_SIGNAL);

    expect(result).toEqual({ kind: 'sent', providerMessageId: 'wamid.T', as: 'template' });
    expect(standIn.requests.map((r) => (r.json() as { type: string }).type)).toEqual(['text', 'template']);
  });

  it("reports needs_template with Meta's code when there is no template to fall back on", async () => {
    script = [errorReply('send_error_131047_composed.json', 400)];
    const result = await client.send(outbound(), whatsappSender(), NO_SIGNAL);

    expect(result).toMatchObject({ kind: 'failed', code: '131047', action: 'needs_template' });
    expect(result.kind === 'failed' && result.message).toContain('more than 24 hours');
    expect(standIn.requests).toHaveLength(1);
  });
});

describe('WhatsApp Cloud API: error answers', () => {
  it.each<[string, string, number, Record<string, unknown>]>([
    ['spam rate limit', 'send_error_131048_composed.json', 400, { code: '131048', action: 'pause_sender' }],
    [
      'pair rate limit: wait for this recipient only',
      'send_error_131056_courier_test.json',
      403,
      { code: '131056', action: 'retry', retryAfterMs: 6000 },
    ],
    [
      'throughput (Meta sample)',
      'send_error_130429_meta_docs.json',
      429,
      { code: '130429', action: 'pause_sender', retryAfterMs: 60_000 },
    ],
    [
      'throughput (courier)',
      'send_error_130429_courier_test.json',
      403,
      { code: '130429', action: 'pause_sender' },
    ],
    [
      'policy block (full shape)',
      'send_error_368_composed_full_shape.json',
      403,
      { code: '368', action: 'pause_sender' },
    ],
    [
      'policy block (courier)',
      'send_error_368_courier_test.json',
      403,
      { code: '368', action: 'pause_sender' },
    ],
  ])('%s', async (_, fixture, status, expected) => {
    script = [errorReply(fixture, status)];
    const result = await client.send(outbound(), whatsappSender(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', ...expected });
    expect(standIn.requests).toHaveLength(1);
  });

  it("prefers the provider's Retry-After to the table's wait", async () => {
    script = [errorReply('send_error_131056_courier_test.json', 400, { 'retry-after': '20' })];
    const result = await client.send(outbound(), whatsappSender(), NO_SIGNAL);
    expect(result).toMatchObject({ action: 'retry', retryAfterMs: 20_000 });
  });

  it('pauses the sender on an expired token (190 over HTTP 401)', async () => {
    script = [
      {
        status: 401,
        body: {
          error: {
            message: 'Error validating access token',
            type: 'OAuthException',
            code: 190,
            error_subcode: 463,
          },
        },
      },
    ];
    expect(await client.send(outbound(), whatsappSender(), NO_SIGNAL)).toMatchObject({
      code: '190',
      action: 'pause_sender',
    });
  });

  it('retries a server error without a Graph body', async () => {
    script = [{ status: 502, body: '<html>Bad gateway</html>' }];
    expect(await client.send(outbound(), whatsappSender(), NO_SIGNAL)).toMatchObject({
      code: 'http_502',
      action: 'retry',
      message: 'HTTP 502: <html>Bad gateway</html>',
    });
  });

  it('fails rather than retries a 200 without a message id (a retry could send twice)', async () => {
    script = [{ status: 200, body: { messaging_product: 'whatsapp' } }];
    expect(await client.send(outbound(), whatsappSender(), NO_SIGNAL)).toMatchObject({
      code: 'bad_response',
      action: 'fail',
    });
  });

  it('retries a timeout', async () => {
    script = [{ status: 200, body: SUCCESS, delayMs: 1000 }];
    const quick = createWhatsAppCloudChannel({ timeoutMs: 100 });
    expect(await quick.send(outbound(), whatsappSender(), NO_SIGNAL)).toMatchObject({
      code: 'timeout',
      action: 'retry',
    });
  });

  it('retries when nothing listens', async () => {
    const url = await closedPortUrl();
    const result = await client.send(outbound(), whatsappSender({ apiBaseUrl: url }), NO_SIGNAL);
    expect(result).toMatchObject({ code: 'network', action: 'retry' });
  });

  it("gives the message back (retry) when the caller's signal aborts mid-call", async () => {
    script = [{ status: 200, body: SUCCESS, delayMs: 1000 }];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await client.send(outbound(), whatsappSender(), { signal: controller.signal });
    expect(result).toMatchObject({ code: 'aborted', action: 'retry' });
  });

  it('pauses a sender whose settings are unusable, without calling Meta', async () => {
    const broken = sender('whatsapp', { apiBaseUrl: standIn.url }, {});
    const result = await client.send(outbound(), broken, NO_SIGNAL);
    expect(result).toMatchObject({ code: 'invalid_sender_config', action: 'pause_sender' });
    expect(result.kind === 'failed' && result.message).toMatch(/phoneNumberId/);
    expect(standIn.requests).toHaveLength(0);
  });
});
