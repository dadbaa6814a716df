import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function configError(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('LLM configuration', () => {
  it('has no model when nothing is set (templates only)', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ LLM_BASE_URL: '', LLM_API_KEY: '', LLM_MODEL: '' }).llm).toBeUndefined();
  });

  it('reads the model with its defaults: 8 s timeout, 15 a minute, wait at most one 4 s interval', () => {
    expect(
      loadConfig({
        LLM_BASE_URL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
        LLM_MODEL: 'gemini-2.0-flash',
        LLM_API_KEY: 'key-123',
      }).llm,
    ).toEqual({
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/',
      model: 'gemini-2.0-flash',
      apiKey: 'key-123',
      timeoutMs: 8000,
      requestsPerMinute: 15,
      maxWaitMs: 4000,
    });
  });

  it('takes a keyless local model and every setting', () => {
    expect(
      loadConfig({
        LLM_BASE_URL: 'http://localhost:11434/v1',
        LLM_MODEL: 'llama3.1',
        LLM_TIMEOUT_MS: '20000',
        LLM_REQUESTS_PER_MINUTE: '120',
        LLM_MAX_WAIT_MS: '0',
      }).llm,
    ).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1',
      timeoutMs: 20000,
      requestsPerMinute: 120,
      maxWaitMs: 0,
    });
  });

  it('reports a base URL without a model, and a model or key without a base URL', () => {
    expect(configError({ LLM_BASE_URL: 'https://api.openai.com/v1' })).toEqual([
      'LLM_MODEL: required when LLM_BASE_URL is set',
    ]);
    expect(configError({ LLM_API_KEY: 'sk-1', LLM_MODEL: 'gpt-4o-mini' })).toEqual([
      'LLM_BASE_URL: required when LLM_MODEL or LLM_API_KEY is set (e.g. https://api.openai.com/v1)',
    ]);
  });

  it('reports every bad variable at once', () => {
    const issues = configError({
      LLM_BASE_URL: 'ftp://models.example',
      LLM_MODEL: 'm',
      LLM_TIMEOUT_MS: '10',
      LLM_REQUESTS_PER_MINUTE: '0',
    });
    expect(issues.map((issue) => issue.split(':')[0])).toEqual([
      'LLM_BASE_URL',
      'LLM_TIMEOUT_MS',
      'LLM_REQUESTS_PER_MINUTE',
    ]);
  });
});
