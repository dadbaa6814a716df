import { describe, expect, it } from 'vitest';
import { runRekindle, setUpDemoForCli } from '../support/cli.ts';
import { backends } from '../support/database.ts';

/** `rekindle scan` and `rekindle model fit` as a user runs them, on the demo salon. */
describe.each(backends)('rekindle scan and model fit on %s', (backend) => {
  const testbed = setUpDemoForCli(backend, { customers: 200, seed: 5, prefix: 'rekindle-scan-' });

  const lines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  it('--all --json prints every customer, one JSON object per line', async () => {
    const result = await runRekindle(['scan', '--tenant', testbed.tenantId, '--all', '--json'], testbed.env);
    expect(result.code, result.stderr).toBe(0);
    const customers = lines(result.stdout);
    expect(customers).toHaveLength(200);
    expect(new Set(customers.map((c) => c.id)).size).toBe(200);
    for (const c of customers) {
      expect(c.externalId).toMatch(/^cus-\d{5}$/);
      expect(['NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED']).toContain(c.state);
      expect(c.riskScore).toBeGreaterThanOrEqual(0);
      expect(c.riskScore).toBeLessThanOrEqual(1);
      expect(c.pAlive === null || (c.pAlive >= 0 && c.pAlive <= 1)).toBe(true);
      expect(Array.isArray(c.reasons) && c.reasons.length > 0).toBe(true);
    }
    expect(customers.some((c) => c.candidate)).toBe(true);
    expect(customers.some((c) => c.pAlive !== null)).toBe(true);
    expect(result.stderr).toContain('200 customers');
  });

  it('--json prints only candidates, in priority order', async () => {
    const result = await runRekindle(['scan', '--tenant', testbed.tenantId, '--json'], testbed.env);
    expect(result.code, result.stderr).toBe(0);
    const candidates = lines(result.stdout);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((c) => c.candidate && c.everActive)).toBe(true);
    const tiers = candidates.map((c) => ['vip', 'regular', 'new'].indexOf(c.tier));
    expect(tiers).toEqual([...tiers].sort((x, y) => x - y));
  });

  it('prints a readable table, and replays a past date with a limit', async () => {
    const table = await runRekindle(['scan', '--tenant', testbed.tenantId, '--limit', '3'], testbed.env);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^CUSTOMER\s+NAME\s+STATE/);
    expect(rows.slice(1, 4).every((row) => /cus-\d{5}/.test(row))).toBe(true);
    const replay = await runRekindle(
      ['scan', '--tenant', testbed.tenantId, '--as-of', '2024-01-15', '--all', '--json', '--limit', '5'],
      testbed.env,
    );
    expect(replay.code, replay.stderr).toBe(0);
    expect(lines(replay.stdout)).toHaveLength(5);
    expect(replay.stderr).toContain('as of 2024-01-15');
    expect(replay.stderr).toContain('0 state changes stored');
  });

  it('model fit --json prints parameters, log-likelihood, customers and time', async () => {
    const result = await runRekindle(['model', 'fit', '--tenant', testbed.tenantId, '--json'], testbed.env);
    expect(result.code, result.stderr).toBe(0);
    const fit = JSON.parse(result.stdout);
    expect(fit.customers).toBeGreaterThan(150);
    expect(fit.bgnbd.params).toEqual({
      r: expect.any(Number),
      alpha: expect.any(Number),
      a: expect.any(Number),
      b: expect.any(Number),
    });
    expect(fit.bgnbd.logLikelihood).toBeLessThan(0);
    expect(fit.timings.totalMs).toBeGreaterThan(0);
    const human = await runRekindle(
      ['model', 'fit', '--tenant', testbed.tenantId, '--as-of', '2025-01-01'],
      testbed.env,
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/BG\/NBD\s+r [\d.]+\s+alpha/);
  });

  it('explains bad arguments', async () => {
    const badDate = await runRekindle(
      ['scan', '--tenant', testbed.tenantId, '--as-of', 'someday'],
      testbed.env,
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('asOf');
    const badLimit = await runRekindle(['scan', '--tenant', testbed.tenantId, '--limit', '0'], testbed.env);
    expect(badLimit.code).toBe(2);
    const noTenant = await runRekindle(
      ['model', 'fit', '--tenant', '00000000-0000-4000-8000-000000000000'],
      testbed.env,
    );
    expect(noTenant.code).toBe(1);
  });
});
