import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekindle, startRekindleServer, stopProcess } from '../support/cli.ts';

describe('rekindle demo', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rekindle-demo-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the demo salon once; a second run keeps its data and issues a fresh key', {
    timeout: 240_000,
  }, async () => {
    const first = await runRekindle([
      'demo',
      '--customers',
      '150',
      '--no-serve',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(first.code, first.stderr).toBe(0);
    const { tenantId, apiKey } = JSON.parse(first.stdout);
    const stats = JSON.parse(
      (await runRekindle(['stats', '--tenant', tenantId, '--json', '--data-dir', dataDir])).stdout,
    );
    expect(stats.customers).toBe(150);
    expect(stats.activities).toBeGreaterThan(150 * 5);
    expect(stats.revenue).toBeGreaterThan(0);

    const second = await runRekindle([
      'demo',
      '--customers',
      '999',
      '--no-serve',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again.tenantId).toBe(tenantId);
    expect(again.apiKey).not.toBe(apiKey);
    const statsAgain = JSON.parse(
      (await runRekindle(['stats', '--tenant', tenantId, '--json', '--data-dir', dataDir])).stdout,
    );
    expect(statsAgain).toEqual(stats);
  });

  it('serves the demo and its printed key reads the demo customers over HTTP', async () => {
    const server = await startRekindleServer(['demo', '--data-dir', dataDir]);
    try {
      const deadline = Date.now() + 30_000;
      let key: string | undefined;
      while (!key && Date.now() < deadline) {
        key = /API key\s+(rk_\S+)/.exec(server.output())?.[1];
        if (!key) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(server.output()).toContain('Rekindle demo is serving at');
      const response = await fetch(`${server.url}/v1/customers?limit=5`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { phone: string | null }[] };
      expect(page.items).toHaveLength(5);
      expect(page.items.some((c) => c.phone?.startsWith('+55'))).toBe(true);
      // the first run planned the day: the approval inbox holds explained suggestions in Portuguese
      const inbox = (await (
        await fetch(`${server.url}/v1/reactivation/inbox?limit=500`, {
          headers: { authorization: `Bearer ${key}` },
        })
      ).json()) as { items: { explanation: string[]; message: { text: string; locale: string } }[] };
      expect(inbox.items.length).toBeGreaterThan(0);
      expect(inbox.items.every((a) => a.explanation.length > 0 && a.message.text.length > 0)).toBe(true);
      expect(inbox.items.filter((a) => a.message.locale === 'pt-BR').length).toBeGreaterThan(
        inbox.items.length / 2,
      );
    } finally {
      expect(await stopProcess(server.process)).toBe(0);
    }
  });

  it('rejects a nonsense customer count', async () => {
    const result = await runRekindle(['demo', '--customers', 'many', '--no-serve', '--data-dir', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('many');
  });
});
