import { describe, expect, it } from 'vitest';
import {
  chatCompletionsUrl,
  createChatCompletionsClient,
  errorMessage,
  parseCompletion,
  retryAfterMs,
} from './chat-completions.ts';

describe('chatCompletionsUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai/',
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    ],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions'],
  ])('%s', (base, url) => {
    expect(chatCompletionsUrl(base)).toBe(url);
  });
});

describe('errorMessage', () => {
  it.each([
    [
      'OpenAI / Ollama',
      '{"error":{"message":"Invalid API key","type":"invalid_request_error","code":"invalid_api_key"}}',
      'Invalid API key',
    ],
    [
      'Gemini',
      '[{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}]',
      'Resource has been exhausted',
    ],
    [
      'older vLLM',
      '{"object":"error","message":"maximum context length is 2048","type":"BadRequestError","code":400}',
      'maximum context length is 2048',
    ],
    ['a string error', '{"error":"model not found"}', 'model not found'],
    ['an HTML page', '<html>Bad gateway</html>', '<html>Bad gateway</html>'],
    ['nothing', '', '(empty body)'],
  ])('%s', (_, body, message) => {
    expect(errorMessage(body)).toBe(message);
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2025-06-18T10:00:00Z');
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '30' }, 30_000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after-ms': '250', 'retry-after': '1' }, 250],
    [{ 'retry-after': 'Wed, 18 Jun 2025 10:00:20 GMT' }, 20_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %j', (headers, ms) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(ms);
  });
});

describe('parseCompletion', () => {
  it('reads the text, the model and the usage', () => {
    const body = JSON.stringify({
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    });
    expect(parseCompletion(body, 'gpt-4o-mini')).toEqual({
      kind: 'ok',
      text: 'Hi!',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12 },
    });
  });

  it('joins content given as parts and falls back to the configured model name', () => {
    const body = JSON.stringify({
      choices: [
        {
          message: {
            content: [
              { type: 'text', text: 'Hi ' },
              { type: 'text', text: 'there' },
            ],
          },
        },
      ],
    });
    expect(parseCompletion(body, 'llama3.1')).toEqual({ kind: 'ok', text: 'Hi there', model: 'llama3.1' });
  });

  it.each([
    ['not JSON', '<html>'],
    ['no choices', '{"choices":[]}'],
    ['null content (a refusal or a tool call)', '{"choices":[{"message":{"content":null}}]}'],
    ['cut off', '{"choices":[{"message":{"content":"Hi Ma"},"finish_reason":"length"}]}'],
  ])('is a bad response when %s', (_, body) => {
    expect(parseCompletion(body, 'm')).toMatchObject({ kind: 'failed', reason: 'bad_response' });
  });
});

describe('createChatCompletionsClient', () => {
  it('reports a refused connection as a network failure', async () => {
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    const client = createChatCompletionsClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      timeoutMs: 2000,
    });
    const result = await client.complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result).toMatchObject({ kind: 'failed', reason: 'network' });
  });

  it("throws the caller's own abort rather than reporting a failure", async () => {
    const controller = new AbortController();
    const client = createChatCompletionsClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    const pending = client.complete({
      messages: [{ role: 'user', content: 'hi' }],
      signal: controller.signal,
    });
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
  });
});
