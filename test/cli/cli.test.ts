import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekindle, startRekindleServer, stopProcess } from '../support/cli.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

describe.each(backends)('rekindle CLI on %s', (backend) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rekindle-cli-'));
    if (backend === 'postgres') {
      database = await createTestDatabase('postgres', { migrate: false });
      env = { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema };
    } else {
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, creates a tenant as JSON and reports empty stats', async () => {
    const migrated = await runRekindle(['migrate', '--json'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout).applied).toContain('0001_tenants');
    const again = await runRekindle(['migrate', '--json'], env);
    expect(JSON.parse(again.stdout).applied).toEqual([]);

    const created = await runRekindle(
      [
        'tenant',
        'create',
        '--name',
        'Barbearia Central',
        '--timezone',
        'America/Sao_Paulo',
        '--locale',
        'pt-BR',
        '--json',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const { tenantId, apiKey } = JSON.parse(created.stdout);
    expect(tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiKey).toMatch(/^rk_/);

    const stats = await runRekindle(['stats', '--tenant', tenantId, '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual({ customers: 0, activities: 0, revenue: 0 });
  });

  it('imports a CSV with bad rows reported by line, and a second import changes nothing', async () => {
    const created = await runRekindle(
      ['tenant', 'create', '--name', 'Import test', '--locale', 'pt-BR', '--json'],
      env,
    );
    const { tenantId } = JSON.parse(created.stdout);
    const file = join(dataDir, 'visits.csv');
    writeFileSync(
      file,
      [
        'client;date;service;value',
        'c1;2024-01-05;Corte feminino;120,00',
        'c1;2024-02-07;Corte feminino;120,00',
        'c2;not-a-date;Manicure;45',
        ';2024-03-01;Manicure;45',
        'c2;2024-03-02;Manicure;45',
      ].join('\n'),
    );
    const args = [
      'import',
      'activities',
      file,
      '--tenant',
      tenantId,
      '--json',
      '--map',
      'client=customer_external_id,date=occurred_at,service=offering,value=amount',
    ];
    const first = await runRekindle(args, env);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ inserted: 3, updated: 0, rejected: 2 });
    expect(summary.errors.map((e: { line: number }) => e.line)).toEqual([4, 5]);
    expect(summary.errors[0].message).toContain('date: "not-a-date"');

    const second = JSON.parse((await runRekindle(args, env)).stdout);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 2 });
    const stats = JSON.parse((await runRekindle(['stats', '--tenant', tenantId, '--json'], env)).stdout);
    expect(stats).toEqual({ customers: 2, activities: 3, revenue: 285 });

    writeFileSync(file, 'who,when\nc1,2024-01-05\n');
    const noHeader = await runRekindle(['import', 'activities', file, '--tenant', tenantId], env);
    expect(noHeader.code).toBe(1);
    expect(noHeader.stderr).toContain('customer_external_id');
  });

  it('explains bad arguments and exits non-zero', async () => {
    const badTz = await runRekindle(['tenant', 'create', '--name', 'X', '--timezone', 'Mars/Olympus'], env);
    expect(badTz.code).toBe(2);
    expect(badTz.stderr).toContain('timezone');
    const badTenant = await runRekindle(['stats', '--tenant', 'nope'], env);
    expect(badTenant.code).toBe(2);
    expect(badTenant.stderr).toContain('--tenant');
    const missing = await runRekindle(['stats', '--tenant', '00000000-0000-4000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no tenant');
    const unknown = await runRekindle(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});

describe('rekindle CLI beside a running embedded server', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rekindle-serve-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs commands through the server that holds the data directory, and the server serves their results', async () => {
    const server = await startRekindleServer(['serve', '--data-dir', dataDir]);
    try {
      const created = await runRekindle([
        'tenant',
        'create',
        '--name',
        'Studio',
        '--json',
        '--data-dir',
        dataDir,
      ]);
      expect(created.code, created.stderr).toBe(0);
      const { tenantId, apiKey } = JSON.parse(created.stdout);
      const response = await fetch(`${server.url}/v1/customers`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(response.status).toBe(200);
      const stats = await runRekindle(['stats', '--tenant', tenantId, '--json', '--data-dir', dataDir]);
      expect(JSON.parse(stats.stdout)).toEqual({ customers: 0, activities: 0, revenue: 0 });
      const secondServer = await runRekindle(['serve', '--data-dir', dataDir]);
      expect(secondServer.code).toBe(3);
      expect(secondServer.stderr).toContain('already serving');
    } finally {
      expect(await stopProcess(server.process)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'rekindle.lock'))).toBe(false);
    // the data survived the shutdown and opens directly now that nobody holds it
    const list = await runRekindle(['tenant', 'list', '--json', '--data-dir', dataDir]);
    expect(list.stdout).toContain('Studio');
  });

  it('refuses, with instructions, a directory held by another command', async () => {
    writeFileSync(
      join(dataDir, 'rekindle.lock'),
      JSON.stringify({ pid: process.pid, command: 'import', startedAt: new Date().toISOString() }),
    );
    try {
      const result = await runRekindle(['tenant', 'list', '--data-dir', dataDir]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('in use by `rekindle import`');
      expect(result.stderr).toContain('--data-dir');
    } finally {
      rmSync(join(dataDir, 'rekindle.lock'));
    }
  });

  it('creates a data directory that does not exist yet', async () => {
    const fresh = join(dataDir, 'not', 'there', 'yet');
    const result = await runRekindle(['tenant', 'create', '--name', 'Fresh', '--json', '--data-dir', fresh]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(fresh, 'rekindle.lock'))).toBe(false);
    expect((await runRekindle(['tenant', 'list', '--data-dir', fresh])).stdout).toContain('Fresh');
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(
      join(dataDir, 'rekindle.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, command: 'serve', startedAt: new Date().toISOString() }),
    );
    const result = await runRekindle(['tenant', 'list', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
  });
});
