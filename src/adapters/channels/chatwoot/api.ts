/**
 * The few Chatwoot application-API calls the channel needs, under
 * `{baseUrl}/api/v1/accounts/{accountId}` with the `api_access_token` header. Response shapes
 * from Chatwoot's jbuilder views: search and a contact's conversations answer `{ payload: [...] }`,
 * contact creation `{ payload: { contact, contact_inbox: { source_id } } }`, a conversation
 * carries `id` (its display id, the one URLs take), `inbox_id`, `status` and `labels`.
 */

import {
  excerpt,
  type FetchFn,
  type HttpOutcome,
  httpRequest,
  isRecord,
  type Json,
  joinUrl,
  parseJson,
  type SendFailure,
  transportFailure,
} from '../http.ts';

export interface ChatwootApiOptions {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly token: string;
  readonly fetch: FetchFn;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/**
 * What a 404 means depends on what was asked for: the account or inbox (a sender set up
 * wrongly: pause it) or a conversation/contact the message itself named (that message fails).
 */
export type NotFoundMeans = 'pause_sender' | 'fail';

export type ApiResult =
  | { readonly ok: true; readonly body: Json }
  | { readonly ok: false; readonly failure: SendFailure };

/** Chatwoot answers errors as `{ error }`, `{ message }` or `{ errors: [...] }`. */
function errorText(text: string): string {
  const body = parseJson(text);
  if (isRecord(body)) {
    if (typeof body.error === 'string') return body.error;
    if (typeof body.message === 'string') return body.message;
    if (Array.isArray(body.errors))
      return body.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ');
  }
  return excerpt(text);
}

export function chatwootFailure(
  outcome: Extract<HttpOutcome, { kind: 'response' }>,
  what: string,
  notFound: NotFoundMeans,
): SendFailure {
  const status = outcome.status;
  const message = `${what}: HTTP ${status}: ${errorText(outcome.text)}`;
  const code = `http_${status}`;
  // 401: the token is wrong or revoked; 403: it cannot see this account or inbox. Both hold for
  // every message of the sender.
  if (status === 401 || status === 403) return { kind: 'failed', code, action: 'pause_sender', message };
  if (status === 404) return { kind: 'failed', code, action: notFound, message };
  // 408, 429 (Chatwoot's Rack::Attack throttle) and server errors pass; wait as told if told.
  if (status === 408 || status === 429 || status >= 500) {
    return {
      kind: 'failed',
      code,
      action: 'retry',
      message,
      ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
    };
  }
  // 422 (invalid phone number, e-mail already taken, bad source id) and the other 4xx: this
  // request will not succeed by repeating it.
  return { kind: 'failed', code, action: 'fail', message };
}

export function createChatwootApi(options: ChatwootApiOptions) {
  const base = joinUrl(options.baseUrl, `api/v1/accounts/${encodeURIComponent(options.accountId)}`);
  const headers = {
    api_access_token: options.token,
    accept: 'application/json',
    'content-type': 'application/json',
  };

  async function call(
    method: 'GET' | 'POST',
    path: string,
    what: string,
    notFound: NotFoundMeans,
    body?: unknown,
  ): Promise<ApiResult> {
    const outcome = await httpRequest(
      {
        method,
        url: joinUrl(base, path),
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
      { fetch: options.fetch, timeoutMs: options.timeoutMs, signal: options.signal, now: options.now },
    );
    if (outcome.kind !== 'response')
      return { ok: false, failure: transportFailure(outcome, options.timeoutMs) };
    if (outcome.status < 200 || outcome.status >= 300) {
      return { ok: false, failure: chatwootFailure(outcome, what, notFound) };
    }
    return { ok: true, body: parseJson(outcome.text) };
  }

  return {
    get: (path: string, what: string, notFound: NotFoundMeans) => call('GET', path, what, notFound),
    post: (path: string, body: unknown, what: string, notFound: NotFoundMeans) =>
      call('POST', path, what, notFound, body),
  };
}

export type ChatwootApi = ReturnType<typeof createChatwootApi>;

/** `payload` when it is an array (search, a contact's conversations, labels), else []. */
export function payloadList(body: Json): readonly Json[] {
  return isRecord(body) && Array.isArray(body.payload) ? body.payload : [];
}

export function idOf(value: Json): string | null {
  if (!isRecord(value)) return null;
  if (typeof value.id === 'number' && Number.isFinite(value.id)) return String(value.id);
  if (typeof value.id === 'string' && value.id !== '') return value.id;
  return null;
}
