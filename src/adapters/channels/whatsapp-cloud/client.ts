/**
 * WhatsApp Cloud API: `POST {apiBaseUrl}/{apiVersion}/{phoneNumberId}/messages` with
 * `Authorization: Bearer <accessToken>`; the message id is in `messages[0].id`
 * (shared/fixtures/whatsapp/send_response_success.json), errors are Graph's
 * `{ error: { message, type, code, error_subcode?, error_data: { details }, is_transient? } }`.
 *
 * Free text only inside the 24-hour customer-service window; outside it the approved template.
 * Meta usually reports a closed window *asynchronously* (200 and a wamid, then a `failed`
 * status with 131047 — see statuses.ts, whose `errorAction` says `needs_template`); when it
 * answers 131047 at once instead, the template goes out in the same call, so the queue records
 * one send `as: 'template'`.
 *
 * Idempotency: the Cloud API accepts no idempotency key, so the queue's key travels in
 * `biz_opaque_callback_data` and comes back in every status webhook. A worker that died after
 * Meta accepted the message but before recording it can be reconciled from the `sent` webhook;
 * what cannot be guaranteed is that a retry *before* that webhook arrives is not a second send.
 */

import { z } from 'zod';
import type {
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
} from '../../../domain/outreach/channel.ts';
import {
  excerpt,
  type FetchFn,
  httpRequest,
  isRecord,
  type Json,
  joinUrl,
  parseJson,
  type SendFailure,
  transportFailure,
} from '../http.ts';
import { readSenderPart } from '../sender-config.ts';
import { classifyWhatsAppError, fallbackAction } from './errors.ts';
import { templateMessageBody, textMessageBody } from './request.ts';

export const whatsAppCloudSettings = z.object({
  /** The number's id in Meta's WhatsApp Manager (not the phone number itself). */
  phoneNumberId: z.union([z.string().min(1), z.number().int().positive().transform(String)]),
  /** Graph's host; a stand-in's URL in tests, a proxy's where one is used. */
  apiBaseUrl: z.url().default('https://graph.facebook.com'),
  /**
   * v23.0: the version whose OpenAPI document (facebook/openapi, business-messaging-api_v23.0)
   * the request and response shapes here were checked against. Meta supports a version for
   * about two years; a tenant may pin a newer one.
   */
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'like v23.0')
    .default('v23.0'),
});

export const whatsAppCloudSecrets = z.object({
  /** A system-user token with whatsapp_business_messaging. */
  accessToken: z.string().min(1),
});

export interface WhatsAppCloudOptions {
  readonly fetch?: FetchFn;
  /** Per request. Default 10 s: Graph answers a send in well under a second when healthy. */
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

type Attempt =
  | { readonly ok: true; readonly providerMessageId: string }
  | { readonly ok: false; readonly result: SendFailure };

interface GraphError {
  readonly code: number;
  readonly subcode?: number;
  readonly message: string;
  readonly isTransient?: boolean;
}

function graphError(body: Json): GraphError | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const error = body.error;
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  if (!Number.isInteger(code)) return null;
  const details =
    isRecord(error.error_data) && typeof error.error_data.details === 'string'
      ? error.error_data.details
      : '';
  const message = typeof error.message === 'string' ? error.message : `(#${code})`;
  return {
    code,
    ...(typeof error.error_subcode === 'number' ? { subcode: error.error_subcode } : {}),
    ...(typeof error.is_transient === 'boolean' ? { isTransient: error.is_transient } : {}),
    message: details !== '' ? `${message}: ${details}` : message,
  };
}

function messageId(body: Json): string | null {
  if (!isRecord(body) || !Array.isArray(body.messages)) return null;
  const first: Json = body.messages[0];
  return isRecord(first) && typeof first.id === 'string' && first.id !== '' ? first.id : null;
}

export function createWhatsAppCloudChannel(options: WhatsAppCloudOptions = {}): ChannelClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? (() => new Date());

  async function post(
    url: string,
    token: string,
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Attempt> {
    const outcome = await httpRequest(
      {
        method: 'POST',
        url,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
      },
      { fetch: doFetch, timeoutMs, signal, now: clock },
    );
    if (outcome.kind !== 'response') {
      return { ok: false, result: transportFailure(outcome, timeoutMs) };
    }
    const parsed = parseJson(outcome.text);
    if (outcome.status >= 200 && outcome.status < 300) {
      const id = messageId(parsed);
      if (id !== null) return { ok: true, providerMessageId: id };
      // Accepted but unreadable: retrying could send twice, so the message fails visibly.
      return {
        ok: false,
        result: {
          kind: 'failed',
          code: 'bad_response',
          action: 'fail',
          message: `HTTP ${outcome.status} without messages[0].id: ${excerpt(outcome.text)}`,
        },
      };
    }
    const error = graphError(parsed);
    if (error === null) {
      return {
        ok: false,
        result: {
          kind: 'failed',
          code: `http_${outcome.status}`,
          action: fallbackAction(outcome.status),
          message: `HTTP ${outcome.status}: ${excerpt(outcome.text)}`,
          ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
        },
      };
    }
    const verdict = classifyWhatsAppError(error.code, error.subcode, outcome.status, error.isTransient);
    const wait = outcome.retryAfterMs ?? verdict.retryAfterMs;
    return {
      ok: false,
      result: {
        kind: 'failed',
        code: String(error.code),
        action: verdict.action,
        message: error.message,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      },
    };
  }

  async function send(
    message: OutboundMessage,
    sender: SenderConfig,
    context: { signal: AbortSignal },
  ): Promise<SendResult> {
    const settings = readSenderPart(whatsAppCloudSettings, sender.settings, 'settings');
    if (!settings.ok) return settings.failure;
    const secrets = readSenderPart(whatsAppCloudSecrets, sender.secrets, 'secrets');
    if (!secrets.ok) return secrets.failure;
    const { apiBaseUrl, apiVersion, phoneNumberId } = settings.value;
    const url = joinUrl(apiBaseUrl, `${apiVersion}/${encodeURIComponent(phoneNumberId)}/messages`);
    const token = secrets.value.accessToken;

    const sendTemplate = async (): Promise<SendResult> => {
      if (message.template === null) throw new Error('sendTemplate needs a template');
      const attempt = await post(
        url,
        token,
        templateMessageBody(message.recipient, message.template, message.idempotencyKey),
        context.signal,
      );
      return attempt.ok
        ? { kind: 'sent', providerMessageId: attempt.providerMessageId, as: 'template' }
        : attempt.result;
    };

    if (!message.serviceWindowOpen || message.text === null) {
      if (message.template !== null) return sendTemplate();
      return message.serviceWindowOpen
        ? { kind: 'failed', code: 'no_content', action: 'fail', message: 'neither text nor template to send' }
        : {
            kind: 'failed',
            code: '131047',
            action: 'needs_template',
            message: 'the 24-hour customer-service window is closed and the message has no template',
          };
    }

    const attempt = await post(
      url,
      token,
      textMessageBody(message.recipient, message.text, message.idempotencyKey),
      context.signal,
    );
    if (attempt.ok) return { kind: 'sent', providerMessageId: attempt.providerMessageId, as: 'text' };
    // Our idea of the window was wrong (the customer's last message was longer ago than we
    // knew): Meta refused the text, so nothing reached the customer yet and the template is
    // the one message that goes out.
    if (attempt.result.action === 'needs_template' && message.template !== null) return sendTemplate();
    return attempt.result;
  }

  return { channel: 'whatsapp', send };
}
