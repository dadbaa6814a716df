/**
 * An OpenAI-compatible chat-completions client over fetch: POST `{baseUrl}/chat/completions` with
 * `{ model, messages, temperature, max_tokens }`, the text in `choices[0].message.content`.
 * One shape serves OpenAI (https://api.openai.com/v1), Gemini's compatible endpoint
 * (https://generativelanguage.googleapis.com/v1beta/openai), Ollama (http://localhost:11434/v1,
 * no key) and vLLM (http://host:8000/v1). Their error bodies differ and are all understood:
 * OpenAI, Ollama and recent vLLM send `{ error: { message } }`, older vLLM `{ object: "error",
 * message }`, Gemini a one-element array `[{ error: { code, message, status } }]`.
 *
 * Expected failures are values (the caller falls back to templates); only a caller's own abort
 * throws.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** The caller's own cancellation (shutdown); the timeout is the client's. */
  readonly signal?: AbortSignal;
}

export interface ChatUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export type ChatFailureReason = 'timeout' | 'http_error' | 'rate_limited' | 'bad_response' | 'network';

export type ChatResult =
  | { readonly kind: 'ok'; readonly text: string; readonly model: string; readonly usage?: ChatUsage }
  | {
      readonly kind: 'failed';
      readonly reason: ChatFailureReason;
      readonly status?: number;
      /** From Retry-After / retry-after-ms on a 429 or 503: how long the provider asks us to wait. */
      readonly retryAfterMs?: number;
      readonly message: string;
    };

export interface ChatClient {
  /** The configured model name (the response may name a more specific snapshot). */
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

export interface ChatCompletionsOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly model: string;
  /** Whole request, body included. Default 8 s: a good text from a hosted model takes 1–3 s. */
  readonly timeoutMs?: number;
  /** Default 0.7: enough variety that customers do not all get the same words. */
  readonly temperature?: number;
  readonly fetch?: typeof fetch;
  /** For Retry-After given as an HTTP date. */
  readonly clock?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 8000;
const DEFAULT_TEMPERATURE = 0.7;
/** Enough of an error body to explain it in a log line. */
const MAX_ERROR_TEXT = 300;

export function chatCompletionsUrl(baseUrl: string): string {
  return new URL('chat/completions', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** Retry-After as seconds or an HTTP date; OpenAI's retry-after-ms is more precise and wins. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The human-readable message in any of the error shapes above, or the raw body. */
export function errorMessage(body: string): string {
  try {
    const parsed: Json = JSON.parse(body);
    const root = Array.isArray(parsed) ? parsed[0] : parsed;
    if (isRecord(root)) {
      const error = root.error;
      if (isRecord(error) && typeof error.message === 'string') return error.message;
      if (typeof error === 'string') return error;
      if (typeof root.message === 'string') return root.message;
    }
  } catch {
    // Not JSON: a proxy's HTML page or plain text; shown as it is.
  }
  return body.trim().slice(0, MAX_ERROR_TEXT) || '(empty body)';
}

function numberOr(value: Json, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function parseUsage(value: Json): ChatUsage | undefined {
  if (!isRecord(value)) return undefined;
  const promptTokens = numberOr(value.prompt_tokens, 0);
  const completionTokens = numberOr(value.completion_tokens, 0);
  return {
    promptTokens,
    completionTokens,
    totalTokens: numberOr(value.total_tokens, promptTokens + completionTokens),
  };
}

/** `content` is a string; some servers send an array of `{ type: 'text', text }` parts. */
function contentText(content: Json): string | null {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''));
    return parts.join('');
  }
  return null;
}

export function parseCompletion(body: string, configuredModel: string): ChatResult {
  let parsed: Json;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'failed', reason: 'bad_response', message: `not JSON: ${body.slice(0, MAX_ERROR_TEXT)}` };
  }
  const choice = isRecord(parsed) && Array.isArray(parsed.choices) ? parsed.choices[0] : undefined;
  const message = isRecord(choice) ? choice.message : undefined;
  const text = isRecord(message) ? contentText(message.content) : null;
  if (!isRecord(parsed) || text === null) {
    return {
      kind: 'failed',
      reason: 'bad_response',
      message: 'no choices[0].message.content in the response',
    };
  }
  if (isRecord(choice) && choice.finish_reason === 'length') {
    // Cut off at max_tokens: the end of the message is missing, whatever is there.
    return {
      kind: 'failed',
      reason: 'bad_response',
      message: 'the reply was cut off (finish_reason "length")',
    };
  }
  const usage = parseUsage(parsed.usage);
  return {
    kind: 'ok',
    text,
    model: typeof parsed.model === 'string' && parsed.model !== '' ? parsed.model : configuredModel,
    ...(usage ? { usage } : {}),
  };
}

export function createChatCompletionsClient(options: ChatCompletionsOptions): ChatClient {
  const url = chatCompletionsUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? (() => new Date());
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  return {
    model: options.model,
    async complete(request) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      const body = JSON.stringify({
        model: options.model,
        messages: request.messages,
        temperature: request.temperature ?? options.temperature ?? DEFAULT_TEMPERATURE,
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      });
      try {
        const response = await doFetch(url, { method: 'POST', headers, body, signal });
        const text = await response.text();
        if (response.ok) return parseCompletion(text, options.model);
        const status = response.status;
        const wait = retryAfterMs(response.headers, clock());
        return {
          kind: 'failed',
          reason: status === 429 ? 'rate_limited' : 'http_error',
          status,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          message: `HTTP ${status}: ${errorMessage(text)}`,
        };
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (timeout.aborted) {
          return { kind: 'failed', reason: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
        }
        const cause =
          error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        const message = error instanceof Error ? `${error.message}${cause}` : String(error);
        return { kind: 'failed', reason: 'network', message };
      }
    },
  };
}
