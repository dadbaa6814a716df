import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlmServer, startFakeLlmServer } from '../compose/fake-llm-server.ts';
import { CLI, type CliResult } from '../support/cli.ts';

/**
 * `rekindle classify` as a user runs it: replies piped in, one answer per line out. No database:
 * DATABASE_URL points nowhere and DATA_DIR is never created.
 */
const NO_DATABASE = {
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  DATA_DIR: '/nonexistent/rekindle-classify-test',
  LLM_BASE_URL: '',
  LLM_MODEL: '',
  LLM_API_KEY: '',
};

/** runRekindle with something on stdin. */
function classify(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, 'classify', ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...NO_DATABASE, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
const AT = ['--now', '2026-11-23T12:00:00Z', '--time-zone', 'America/Sao_Paulo'];
const jsonLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('rekindle classify', () => {
  it('--json: one answer per non-empty input line, in order', async () => {
    const input = [
      'STOP',
      '',
      'quero sim',
      '   ',
      'estou viajando até dia 15',
      'Отписаться',
      'can we do Friday instead',
      'no gracias\r',
      'hmm a minha tia falou de vocês',
    ].join('\n');
    const result = await classify(['--json', ...AT], input);
    expect(result.code, result.stderr).toBe(0);
    const answers = jsonLines(result.stdout);
    expect(answers.map((a) => [a.text, a.label, a.date ?? null])).toEqual([
      ['STOP', 'opt_out', null],
      ['quero sim', 'positive', null],
      ['estou viajando até dia 15', 'away_until', '2026-12-15'],
      ['Отписаться', 'opt_out', null],
      ['can we do Friday instead', 'reschedule', '2026-11-27'],
      ['no gracias', 'negative', null],
      ['hmm a minha tia falou de vocês', 'neutral', null],
    ]);
    for (const answer of answers) {
      expect(answer.by).toBe('rules');
      expect(answer.confidence).toBeGreaterThanOrEqual(0);
      expect(answer.confidence).toBeLessThanOrEqual(1);
      expect(Object.keys(answer).sort()).toEqual(
        ['by', 'confidence', 'label', 'language', 'text', ...(answer.date ? ['date'] : [])].sort(),
      );
    }
  });

  it('--locale is the language of every line', async () => {
    const result = await classify(['--json', '--locale', 'es', ...AT], 'ok\nSTOP\n');
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout).map((a) => a.language)).toEqual(['es', 'es']);
  });

  it('without --json: one aligned line per reply', async () => {
    const result = await classify(AT, 'STOP\nestou viajando até dia 15\n');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^opt_out\s+0\.99 rules\s+.*STOP$/);
    expect(lines[1]).toMatch(/^away_until\s+0\.\d\d rules 2026-12-15 pt\s+estou viajando até dia 15$/);
    expect(lines[0]?.indexOf('rules')).toBe(lines[1]?.indexOf('rules'));
  });

  it('prints nothing for empty input', async () => {
    const result = await classify(['--json'], '\n\n');
    expect(result).toMatchObject({ code: 0, stdout: '' });
  });

  it.each([
    [['--locale', 'not a locale'], '--locale'],
    [['--time-zone', 'Mars/Olympus'], '--time-zone'],
    [['--now', 'yesterday'], '--now'],
    [['--bogus'], 'unknown option'],
  ])('exits 2 with a clear message on %j', async (args, message) => {
    const result = await classify(args, 'STOP\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  describe('with a model configured', () => {
    let server: FakeLlmServer;
    beforeAll(async () => {
      server = await startFakeLlmServer();
      server.respond = () => ({ kind: 'text', text: '{"label":"positive","confidence":0.8}' });
    });
    afterAll(async () => {
      await server.close();
    });

    it('asks it only about what the rules leave undecided', async () => {
      const result = await classify(['--json', ...AT], 'STOP\nhmm a minha tia falou de vocês\n', {
        LLM_BASE_URL: server.baseUrl,
        LLM_MODEL: 'fake-model',
        LLM_REQUESTS_PER_MINUTE: '600',
      });
      expect(result.code, result.stderr).toBe(0);
      expect(jsonLines(result.stdout).map((a) => [a.label, a.by])).toEqual([
        ['opt_out', 'rules'],
        ['positive', 'model'],
      ]);
      expect(server.requests).toHaveLength(1);
    });
  });
});
