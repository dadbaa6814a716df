import { describe, expect, it } from 'vitest';
import { runRekindle, setUpDemoForCli } from '../support/cli.ts';
import { backends } from '../support/database.ts';

/** `rekindle plan` as a user runs it on the demo salon (created without its first planning). */
describe.each(backends)('rekindle plan on %s', (backend) => {
  const testbed = setUpDemoForCli(backend, { customers: 200, seed: 7, prefix: 'rekindle-plan-' });

  it('--json prints one attempt per line with its strategy, status, control flag and message source', async () => {
    const result = await runRekindle(
      ['plan', '--tenant', testbed.tenantId, '--limit', '12', '--json'],
      testbed.env,
    );
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
    const first = await runRekindle(['plan', '--tenant', testbed.tenantId, '--json'], testbed.env);
    expect(first.code, first.stderr).toBe(0);
    const again = await runRekindle(['plan', '--tenant', testbed.tenantId, '--json'], testbed.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe('');
    expect(again.stderr).toContain('0 attempts created');
  });

  it('explains a bad tenant and a bad limit', async () => {
    const bad = await runRekindle(['plan', '--tenant', 'nope'], testbed.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tenant');
    const limit = await runRekindle(['plan', '--tenant', testbed.tenantId, '--limit', '0'], testbed.env);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
  });
});
