import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekindle } from '../support/cli.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/** `rekindle plan` as a user runs it on the demo salon (created without its first planning). */
describe.each(backends)('rekindle plan on %s', (backend) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let tenantId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rekindle-plan-'));
    if (backend === 'postgres') {
      database = await createTestDatabase('postgres', { migrate: false });
      env = { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema };
    } else {
      env = { DATA_DIR: dataDir };
    }
    const demo = await runRekindle(
      ['demo', '--no-serve', '--no-plan', '--customers', '200', '--seed', '7', '--json'],
      env,
    );
    expect(demo.code, demo.stderr).toBe(0);
    tenantId = JSON.parse(demo.stdout).tenantId;
  }, 300_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('--json prints one attempt per line with its strategy, status, control flag and message source', async () => {
    const result = await runRekindle(['plan', '--tenant', tenantId, '--limit', '12', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const attempts = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.length).toBeLessThanOrEqual(12);
    for (const a of attempts) {
      expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.externalId).toMatch(/^cus-\d{5}$/);
      expect([
        'INCENTIVE_DISCOUNT',
        'PRODUCT_MIX',
        'PERSONAL_CONTACT',
        'SPECIAL_CONDITION',
        'WAIT',
      ]).toContain(a.strategy);
      expect(typeof a.control).toBe('boolean');
      if (a.status === 'SUGGESTED') {
        // no LLM_* configured: templates, named by id
        expect(a.message.source).toMatch(/^(pt-BR|en|es|ru)\.(gentle|offer|win_back)\./);
        expect(a.message.text.length).toBeGreaterThan(10);
      } else {
        expect(a.message).toBeNull();
      }
    }
    expect(result.stderr).toMatch(/attempts created/);
  });

  it('a second run leaves customers who already hold an attempt alone', async () => {
    const first = await runRekindle(['plan', '--tenant', tenantId, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const again = await runRekindle(['plan', '--tenant', tenantId, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe('');
    expect(again.stderr).toContain('0 attempts created');
  });

  it('explains a bad tenant and a bad limit', async () => {
    const bad = await runRekindle(['plan', '--tenant', 'nope'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tenant');
    const limit = await runRekindle(['plan', '--tenant', tenantId, '--limit', '0'], env);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
  });
});
