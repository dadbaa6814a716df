/**
 * The one HTTP call every HTTP channel client makes: a request with the client's timeout and the
 * caller's cancellation, answered as a value (a response, a timeout, a network failure or the
 * caller's abort) so each client maps it to a SendResult without try/catch of its own.
 */

import type { SendResult } from '../../domain/outreach/channel.ts';
import { retryAfterMs } from '../llm/chat-completions.ts';

export type FetchFn = typeof fetch;

export type SendFailure = Extract<SendResult, { kind: 'failed' }>;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent exactly as given: the webhook signs these very bytes. */
  readonly body?: string;
}

export type HttpOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly text: string;
      /** From Retry-After (seconds or an HTTP date), when the server sent one. */
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'aborted' };

export interface HttpOptions {
  readonly fetch: FetchFn;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

export async function httpRequest(request: HttpRequest, options: HttpOptions): Promise<HttpOutcome> {
  if (options.signal.aborted) return { kind: 'aborted' };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal,
    });
    const text = await response.text();
    const wait = retryAfterMs(response.headers, options.now());
    return {
      kind: 'response',
      status: response.status,
      text,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  } catch (error) {
    if (options.signal.aborted) return { kind: 'aborted' };
    if (timeout.aborted) return { kind: 'timeout' };
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'network', message: error instanceof Error ? `${error.message}${cause}` : String(error) };
  }
}

/**
 * The outcomes every HTTP client maps the same way. A timeout is ambiguous — the provider may
 * have accepted the message before the answer was lost — so it is a retry the queue can
 * reconcile through the idempotency key, never a silent success. The caller's abort (shutdown)
 * is a retry too: the message goes back to the queue rather than being dropped.
 */
export function transportFailure(
  outcome: Exclude<HttpOutcome, { kind: 'response' }>,
  timeoutMs: number,
): SendFailure {
  switch (outcome.kind) {
    case 'timeout':
      return {
        kind: 'failed',
        code: 'timeout',
        action: 'retry',
        message: `no answer within ${timeoutMs} ms`,
        outcomeUnknown: true,
      };
    case 'network':
      return {
        kind: 'failed',
        code: 'network',
        action: 'retry',
        message: outcome.message,
        // refused or unresolved: the request never left; anything else may have reached the provider
        ...(NOT_SENT.test(outcome.message) ? {} : { outcomeUnknown: true }),
      };
    case 'aborted':
      return {
        kind: 'failed',
        code: 'aborted',
        action: 'retry',
        message: 'the send was cancelled (shutdown); the provider may or may not have received it',
        outcomeUnknown: true,
      };
  }
}

/** Connection errors that prove the request was never delivered. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

export type Json = unknown;

export function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Enough of a body to explain an error in a log line or in `messages.last_error`. */
export function excerpt(text: string, max = 300): string {
  const trimmed = text.trim();
  if (trimmed === '') return '(empty body)';
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** `{baseUrl}/{path}` whether or not the base ends in a slash (and keeps the base's own path). */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
