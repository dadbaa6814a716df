import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatCompletionsClient } from '../../src/adapters/llm/chat-completions.ts';
import { budgetFromConfig, chatFromConfig } from '../../src/adapters/llm/from-config.ts';
import { messageWriterFromConfig } from '../../src/app/compose/index.ts';
import { createReplyClassifier, replyClassifierFromConfig } from '../../src/app/replies/classifier.ts';
import { classifyByRules } from '../../src/domain/replies/classify-rules.ts';
import { salonContext } from '../compose/contexts.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../compose/fake-llm-server.ts';

/**
 * The model behind the rules, against a stand-in OpenAI-compatible server on 127.0.0.1: asked only
 * for what the rules leave undecided, never for an opt-out, and whatever it does wrong the rules'
 * answer stands.
 */
const AT = { now: new Date('2026-11-23T12:00:00Z'), timeZone: 'America/Sao_Paulo', locale: 'pt-BR' };
const UNDECIDED = 'hmm a minha tia falou de vocês ontem';

describe('reply classifier with a model', () => {
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
  const classifier = (timeoutMs = 5000) =>
    createReplyClassifier({
      chat: createChatCompletionsClient({ baseUrl: server.baseUrl, model: 'fake-model', timeoutMs }),
    });

  it('the undecided text really is undecided by the rules', () => {
    expect(classifyByRules(UNDECIDED, AT).confidence).toBeLessThan(0.6);
  });

  it('asks the model for what the rules cannot decide, and takes its valid answer', async () => {
    server.respond = () => ({ kind: 'text', text: '{"label": "positive", "confidence": 0.82}' });
    const result = await classifier().classify(UNDECIDED, AT);
    expect(result).toEqual({ label: 'positive', confidence: 0.82, by: 'model', language: 'pt' });
    expect(server.requests).toHaveLength(1);
    const messages = server.requests[0]?.body.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toContain('Today is Monday 2026-11-23');
    expect(messages[1]?.content).toContain(UNDECIDED);
    expect(server.requests[0]?.body.temperature).toBe(0);
  });

  it('takes a date from a fenced JSON answer, and drops one on a label that carries none', async () => {
    server.respond = () => ({
      kind: 'text',
      text: '```json\n{"label":"reschedule","confidence":0.7,"date":"2026-11-30"}\n```',
    });
    expect(await classifier().classify(UNDECIDED, AT)).toMatchObject({
      label: 'reschedule',
      date: '2026-11-30',
      by: 'model',
    });
    server.respond = () => ({
      kind: 'text',
      text: '{"label":"negative","confidence":0.9,"date":"2026-11-30"}',
    });
    const negative = await classifier().classify(UNDECIDED, AT);
    expect(negative).toMatchObject({ label: 'negative', by: 'model' });
    expect(negative.date).toBeUndefined();
  });

  it.each([
    ['prose', { kind: 'text', text: 'I think the customer is positive.' }],
    ['an unknown label', { kind: 'text', text: '{"label":"maybe","confidence":0.9}' }],
    ['a confidence out of range', { kind: 'text', text: '{"label":"positive","confidence":7}' }],
    ['a malformed date', { kind: 'text', text: '{"label":"away_until","confidence":0.9,"date":"15/12"}' }],
    ['broken JSON', { kind: 'text', text: '{"label": "positive", ' }],
    ['an HTTP 500', { kind: 'status', status: 500, body: { error: { message: 'boom' } } }],
    ['a 429', { kind: 'status', status: 429, body: { error: { message: 'slow down' } } }],
    ['a cut-off answer', { kind: 'text', text: '{"label":"positive"', finishReason: 'length' }],
  ] as const)('falls back to the rules on %s', async (_, reply) => {
    server.respond = () => reply;
    const result = await classifier().classify(UNDECIDED, AT);
    expect(result).toEqual(classifyByRules(UNDECIDED, AT));
    expect(result.by).toBe('rules');
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to the rules when the model does not answer in time', async () => {
    server.respond = () => ({ kind: 'slow', delayMs: 3000, text: '{"label":"positive","confidence":0.9}' });
    const result = await classifier(200).classify(UNDECIDED, AT);
    expect(result).toMatchObject({ by: 'rules', label: 'neutral' });
    expect(server.requests).toHaveLength(1);
  });

  it.each(['STOP', 'não me mande mais nada', 'не пишите мне', 'Bórrenme de la lista', 'hmm STOP'])(
    'never asks the model about an opt-out: %s',
    async (text) => {
      server.respond = () => ({ kind: 'text', text: '{"label":"positive","confidence":1}' });
      const result = await classifier().classify(text, AT);
      expect(result).toMatchObject({ label: 'opt_out', by: 'rules' });
      expect(server.requests).toHaveLength(0);
    },
  );

  it('does not ask about what the rules decide', async () => {
    server.respond = () => ({ kind: 'text', text: '{"label":"negative","confidence":1}' });
    expect(await classifier().classify('quero sim', AT)).toMatchObject({ label: 'positive', by: 'rules' });
    expect(await classifier().classify('estou viajando até dia 15', AT)).toMatchObject({
      label: 'away_until',
      date: '2026-12-15',
      by: 'rules',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('asks the model about a reply that mentions a list or spam, in case it is an opt-out the rules have not met', async () => {
    const text = 'sure, thanks, and please drop me from that list';
    expect(classifyByRules(text, AT)).toMatchObject({ label: 'positive', confidence: 0.5 });
    server.respond = () => ({ kind: 'text', text: '{"label":"opt_out","confidence":0.93}' });
    expect(await classifier().classify(text, AT)).toMatchObject({ label: 'opt_out', by: 'model' });
    expect(server.requests).toHaveLength(1);
  });

  it("takes the tenant's bar for each call over its own", async () => {
    server.respond = () => ({ kind: 'text', text: '{"label":"positive","confidence":0.9}' });
    // the rules' 0.3 clears a tenant bar of 0.2: the model is not asked
    expect(await classifier().classify(UNDECIDED, { ...AT, minConfidence: 0.2 })).toMatchObject({
      by: 'rules',
    });
    expect(server.requests).toHaveLength(0);
    // and a tenant bar of 0.95 sends even a clear yes to the model
    expect(await classifier().classify('quero sim', { ...AT, minConfidence: 0.95 })).toMatchObject({
      by: 'model',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('asks more often with a higher bar', async () => {
    server.respond = () => ({ kind: 'text', text: '{"label":"negative","confidence":0.95}' });
    const strict = createReplyClassifier({
      chat: createChatCompletionsClient({ baseUrl: server.baseUrl, model: 'fake-model' }),
      minConfidence: 0.99,
    });
    expect(await strict.classify('quero sim', AT)).toMatchObject({ label: 'negative', by: 'model' });
    expect(server.requests).toHaveLength(1);
  });

  it('from the configuration: the model when LLM settings are given, the rules alone otherwise', async () => {
    server.respond = () => ({ kind: 'text', text: '{"label":"other_staff","confidence":0.77}' });
    const configured = replyClassifierFromConfig({
      baseUrl: server.baseUrl,
      model: 'fake-model',
      apiKey: 'sk-test',
      timeoutMs: 5000,
      requestsPerMinute: 600,
      maxWaitMs: 1000,
    });
    expect(await configured.classify(UNDECIDED, AT)).toMatchObject({ label: 'other_staff', by: 'model' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(server.requests[0]?.body.model).toBe('fake-model');

    const rulesOnly = replyClassifierFromConfig(undefined);
    expect(await rulesOnly.classify(UNDECIDED, AT)).toMatchObject({ by: 'rules' });
    expect(server.requests).toHaveLength(1);
  });

  it('shares one request budget with the message writer when given one', async () => {
    server.respond = () => ({ kind: 'text', text: '{"label":"positive","confidence":0.9}' });
    const llm = {
      baseUrl: server.baseUrl,
      model: 'fake-model',
      timeoutMs: 5000,
      requestsPerMinute: 1,
      maxWaitMs: 0,
    };
    const budget = budgetFromConfig(llm);
    // the writer spends the minute's one request…
    const writer = messageWriterFromConfig(llm, { budget });
    expect(chatFromConfig(llm, { budget })?.budget).toBe(budget);
    await writer.write(salonContext());
    expect(server.requests).toHaveLength(1);
    // …so the classifier, on the same budget, answers from the rules without calling the model
    const shared = replyClassifierFromConfig(llm, undefined, { budget });
    expect(await shared.classify(UNDECIDED, AT)).toMatchObject({ by: 'rules' });
    expect(server.requests).toHaveLength(1);
    // while one with a budget of its own still may
    const own = replyClassifierFromConfig(llm);
    expect(await own.classify(UNDECIDED, AT)).toMatchObject({ by: 'model' });
    expect(server.requests).toHaveLength(2);
  });
});
