/**
 * Webhook: POST the message as signed JSON to the tenant's URL — the bridge to Evolution API,
 * Z-API, Twilio or anything else that can receive an HTTP request. Headers and the signature
 * scheme are documented for receivers in signature.ts.
 *
 * Idempotency: `Idempotency-Key` is the queue's key, identical on every retry of one logical
 * send; a receiver that honours it makes the channel exactly-once. The body's `sentAt` and the
 * signature differ between retries (each is signed when sent), the key does not.
 */

import { z } from 'zod';
import type {
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
} from '../../../domain/outreach/channel.ts';
import { plannedForm } from '../content.ts';
import {
  excerpt,
  type FetchFn,
  httpRequest,
  isRecord,
  parseJson,
  type SendFailure,
  transportFailure,
} from '../http.ts';
import { readSenderPart } from '../sender-config.ts';
import { signWebhook } from './signature.ts';

export const webhookSettings = z.object({
  url: z.url(),
  /**
   * What the receiver delivers as (`whatsapp` for an Evolution API or Z-API bridge, `sms` for a
   * Twilio relay); sent as `channel` so one receiver can serve several. Default `webhook`.
   */
  channel: z.string().min(1).default('webhook'),
});

export const webhookSecrets = z.object({
  /** Unsigned requests are not sent: a receiver could not tell them from anyone's. */
  signingSecret: z.string().min(16, 'at least 16 characters'),
});

export interface WebhookOptions {
  readonly fetch?: FetchFn;
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The JSON body, field for field; receivers may rely on these names. */
export function webhookPayload(message: OutboundMessage, channel: string, sentAt: Date) {
  return {
    id: message.id,
    idempotencyKey: message.idempotencyKey,
    tenantId: message.tenantId,
    channel,
    recipient: message.recipient,
    text: message.text,
    template: message.template,
    // A WhatsApp bridge must know whether free text is allowed; an e-mail relay wants a subject.
    serviceWindowOpen: message.serviceWindowOpen,
    subject: message.subject ?? null,
    customer: message.customer,
    metadata: message.metadata,
    sentAt: sentAt.toISOString(),
  };
}

function failure(status: number, text: string, retryAfterMs: number | undefined): SendFailure {
  const code = `http_${status}`;
  const message = `HTTP ${status}: ${excerpt(text)}`;
  // 408 timeout, 425 too early, 429 too many requests and server errors are passing states.
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return {
      kind: 'failed',
      code,
      action: 'retry',
      message,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  // Wrong secret (401/403) or an endpoint that is not there (404/410): true for every message of
  // this sender, so pause it rather than fail the whole queue one message at a time.
  if (status === 401 || status === 403 || status === 404 || status === 410) {
    return { kind: 'failed', code, action: 'pause_sender', message };
  }
  return { kind: 'failed', code, action: 'fail', message };
}

/** The receiver's own id when it gives one (`{"id": …}`), else our key: both are stable. */
function receiverId(text: string, fallback: string): string {
  const body = parseJson(text);
  if (isRecord(body) && (typeof body.id === 'string' || typeof body.id === 'number') && body.id !== '') {
    return String(body.id);
  }
  return fallback;
}

export function createWebhookChannel(options: WebhookOptions = {}): ChannelClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? (() => new Date());

  async function send(
    message: OutboundMessage,
    sender: SenderConfig,
    context: { signal: AbortSignal },
  ): Promise<SendResult> {
    const settings = readSenderPart(webhookSettings, sender.settings, 'settings');
    if (!settings.ok) return settings.failure;
    const secrets = readSenderPart(webhookSecrets, sender.secrets, 'secrets');
    if (!secrets.ok) return secrets.failure;
    const form = plannedForm(message);
    if (form === null) {
      return { kind: 'failed', code: 'no_content', action: 'fail', message: 'neither text nor template' };
    }
    const now = clock();
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = JSON.stringify(webhookPayload(message, settings.value.channel, now));
    const outcome = await httpRequest(
      {
        method: 'POST',
        url: settings.value.url,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': message.idempotencyKey,
          'x-rekindle-timestamp': String(timestamp),
          'x-rekindle-signature': signWebhook(secrets.value.signingSecret, timestamp, body),
          'user-agent': 'Rekindle-Webhook/1',
        },
        body,
      },
      { fetch: doFetch, timeoutMs, signal: context.signal, now: clock },
    );
    if (outcome.kind !== 'response') return transportFailure(outcome, timeoutMs);
    if (outcome.status >= 200 && outcome.status < 300) {
      return {
        kind: 'sent',
        providerMessageId: receiverId(outcome.text, message.idempotencyKey),
        as: form,
      };
    }
    return failure(outcome.status, outcome.text, outcome.retryAfterMs);
  }

  return { channel: 'webhook', send };
}
