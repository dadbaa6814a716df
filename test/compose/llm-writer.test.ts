import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatCompletionsClient } from '../../src/adapters/llm/chat-completions.ts';
import { createRateBudget } from '../../src/adapters/llm/rate-budget.ts';
import { createMessageWriter, messageWriterFromConfig } from '../../src/app/compose/index.ts';
import { loadConfig } from '../../src/config.ts';
import { MESSAGE_TEMPLATES } from '../../src/domain/messages/index.ts';
import { salonContext } from './contexts.ts';
import { type FakeLlmServer, type Reply, startFakeLlmServer } from './fake-llm-server.ts';

const GOOD =
  'Oi, Maria! Faz 7 semanas que você não vem ao Studio Bella e a Juliana sentiu sua falta. Separamos 10% de desconto: quarta-feira (18/06) às 10:30 ou às 15:00. Qual prefere?';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** A writer on the fake server with a budget that never gets in the way (unless a test says so). */
function writerFor(
  options: { timeoutMs?: number; apiKey?: string; requestsPerMinute?: number; maxWaitMs?: number } = {},
) {
  return createMessageWriter({
    llm: createChatCompletionsClient({
      baseUrl: server.baseUrl,
      model: 'gemini-2.0-flash',
      timeoutMs: options.timeoutMs ?? 2000,
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : { apiKey: 'sk-test-123' }),
    }),
    budget: createRateBudget({
      requestsPerMinute: options.requestsPerMinute ?? 60_000,
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
    }),
  });
}

function replyWith(reply: Reply) {
  server.respond = () => reply;
}

const templateIds = new Set(MESSAGE_TEMPLATES.map((t) => t.id));

describe('message writer with an OpenAI-compatible model', () => {
  it("uses the model's good text and records where it came from", async () => {
    replyWith({ kind: 'text', text: `"${GOOD}"`, model: 'gemini-2.0-flash-001' });
    const written = await writerFor().write(salonContext());
    expect(written).toMatchObject({
      text: GOOD,
      locale: 'pt-BR',
      source: 'model',
      model: 'gemini-2.0-flash-001',
      fallbackReason: null,
      issues: [],
    });
    expect(written.prompt?.version).toBe('reactivation-v1');
    expect(written.prompt?.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('sends the model, the messages, the bearer key, temperature and max_tokens to /chat/completions', async () => {
    replyWith({ kind: 'text', text: GOOD });
    const written = await writerFor().write(salonContext());
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-123');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body.model).toBe('gemini-2.0-flash');
    expect(request?.body.messages).toEqual(written.prompt?.messages);
    expect(request?.body.temperature).toBeGreaterThan(0);
    expect(request?.body.max_tokens).toBeGreaterThan(100);
  });

  it('sends no Authorization header without a key (Ollama)', async () => {
    replyWith({ kind: 'text', text: GOOD });
    await writerFor({ apiKey: '' }).write(salonContext());
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each<[string, Reply, string]>([
    [
      'a 500',
      { kind: 'status', status: 500, body: { error: { message: 'internal error', type: 'server_error' } } },
      'error',
    ],
    [
      "Gemini's array-shaped 400",
      {
        kind: 'status',
        status: 400,
        body: [{ error: { code: 400, message: 'API key not valid', status: 'INVALID_ARGUMENT' } }],
      },
      'error',
    ],
    ['malformed JSON', { kind: 'raw', status: 200, body: '{"choices": [{"message": ' }, 'error'],
    [
      'no choices',
      { kind: 'status', status: 200, body: { object: 'chat.completion', choices: [] } },
      'error',
    ],
    [
      'a reply cut off at max_tokens',
      { kind: 'text', text: 'Oi, Maria! Faz tempo que', finishReason: 'length' },
      'error',
    ],
    [
      'a 429',
      {
        kind: 'status',
        status: 429,
        body: { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
      },
      'rate_limited',
    ],
  ])('falls back to a template on %s', async (_, reply, reason) => {
    replyWith(reply);
    const written = await writerFor().write(salonContext());
    expect(written.fallbackReason).toBe(reason);
    expect(templateIds.has(written.source)).toBe(true);
    expect(written.source.startsWith('pt-BR.offer.')).toBe(true);
    expect(written.model).toBe('gemini-2.0-flash');
    expect(written.prompt).not.toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('falls back on a model slower than the timeout, without waiting for it', async () => {
    replyWith({ kind: 'slow', delayMs: 3000, text: GOOD });
    const started = performance.now();
    const written = await writerFor({ timeoutMs: 300 }).write(salonContext());
    expect(performance.now() - started).toBeLessThan(2000);
    expect(written.fallbackReason).toBe('timeout');
    expect(templateIds.has(written.source)).toBe(true);
  });

  it.each<[string, string, string]>([
    [
      'a placeholder',
      'Oi, [nome]! Sentimos sua falta no Studio Bella. Quer agendar um horário esta semana?',
      'placeholder',
    ],
    [
      'over 250 characters',
      `Oi, Maria! ${'Sentimos muito a sua falta por aqui no Studio Bella. '.repeat(6)}Vamos agendar?`,
      'too_long',
    ],
    [
      '50% when the ceiling is 10%',
      'Oi, Maria! Sentimos sua falta: volte com 50% de desconto no Studio Bella. Quer agendar?',
      'offer_too_high',
    ],
    [
      'something free',
      'Oi, Maria! Na sua volta ao Studio Bella a hidratação é grátis. Quer agendar um horário?',
      'offer_too_high',
    ],
    [
      'the wrong language',
      'Hola, María! Te echamos de menos en Studio Bella. ¿Quieres reservar una cita esta semana?',
      'wrong_language',
    ],
    [
      'an invented phone number',
      'Oi, Maria! Sentimos sua falta. Ligue para (11) 98765-4321 e agende seu horário com a gente.',
      'contains_contact',
    ],
    ['only an emoji', '💛', 'empty'],
  ])("rejects the model's text with %s and uses a template", async (_, text, code) => {
    replyWith({ kind: 'text', text });
    const written = await writerFor().write(salonContext());
    expect(written.fallbackReason).toBe('invalid_output');
    expect(written.issues.map((issue) => issue.code)).toContain(code);
    expect(templateIds.has(written.source)).toBe(true);
    expect(written.text).not.toBe(text);
    expect(written.model).toBe('fake-model-2025');
  });

  it("strips a reasoning model's <think> block and Markdown before checking", async () => {
    replyWith({ kind: 'text', text: `<think>The customer likes Juliana…</think>\n**${GOOD}**` });
    const written = await writerFor().write(salonContext());
    expect(written).toMatchObject({ source: 'model', text: GOOD });
  });
});

describe('rate budget', () => {
  it('spaces calls: at 60 a minute, the second call reaches the server a second after the first', async () => {
    replyWith({ kind: 'text', text: GOOD });
    const writer = writerFor({ requestsPerMinute: 60 });
    const first = await writer.write(salonContext());
    const second = await writer.write(
      salonContext({ customer: { id: 'cust-0002', name: 'Ana', locale: 'pt-BR' } }),
    );
    expect([first.source, second.source]).toEqual(['model', 'model']);
    const [a, b] = server.requests;
    expect(b!.receivedAt - a!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('falls back without calling the model when the next slot is too far away', async () => {
    replyWith({ kind: 'text', text: GOOD });
    const writer = writerFor({ requestsPerMinute: 60, maxWaitMs: 100 });
    const first = await writer.write(salonContext());
    const second = await writer.write(salonContext());
    expect(first.source).toBe('model');
    expect(second).toMatchObject({ fallbackReason: 'rate_budget', model: null, prompt: null });
    expect(templateIds.has(second.source)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("respects a 429's Retry-After: no call until it has passed", async () => {
    replyWith({
      kind: 'status',
      status: 429,
      body: { error: { message: 'slow down' } },
      headers: { 'retry-after': '30' },
    });
    const writer = writerFor({ requestsPerMinute: 60_000 });
    const limited = await writer.write(salonContext());
    replyWith({ kind: 'text', text: GOOD });
    const next = await writer.write(salonContext());
    expect(limited.fallbackReason).toBe('rate_limited');
    expect(next.fallbackReason).toBe('rate_budget');
    expect(server.requests).toHaveLength(1);
  });
});

describe('messageWriterFromConfig', () => {
  it('writes from templates when no model is configured', async () => {
    const writer = messageWriterFromConfig(loadConfig({}).llm);
    const written = await writer.write(salonContext());
    expect(written).toMatchObject({
      fallbackReason: 'not_configured',
      model: null,
      prompt: null,
      issues: [],
    });
    expect(templateIds.has(written.source)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('calls the configured model with the configured key', async () => {
    replyWith({ kind: 'text', text: GOOD });
    const config = loadConfig({ LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'llama3.1', LLM_API_KEY: 'ollama' });
    const written = await messageWriterFromConfig(config.llm).write(salonContext());
    expect(written.source).toBe('model');
    expect(server.requests[0]?.body.model).toBe('llama3.1');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ollama');
  });
});
