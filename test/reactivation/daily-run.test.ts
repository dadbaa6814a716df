import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoTenant } from '../../src/app/demo-tenant.ts';
import { openForCommand } from '../../src/cli/open-database.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * The served process as production runs it: its scheduler's daily planning job (here queued
 * with runNow instead of waiting for 10:00) fills the approval inbox through the real planner.
 */
describe.each(backends)('the daily run inside rekindle serve on %s', (backend) => {
  let dataDir: string | undefined;
  let database: TestDatabase | undefined;
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop();
    if (database?.url && database.schema) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`drop schema if exists ${database.schema}_jobs cascade`);
      await client.end();
    }
    await database?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('plans the day for a tenant when its daily job runs', { timeout: 180_000 }, async () => {
    let env: NodeJS.ProcessEnv;
    if (backend === 'postgres') {
      database = await createTestDatabase('postgres', { migrate: false });
      env = { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'rekindle-daily-'));
      env = { DATA_DIR: dataDir };
    }
    const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    const opened = await openForCommand(config, 'serve');
    const demo = await ensureDemoTenant(opened.db, { customers: 150, seed: 3, now: new Date() });
    server = await startServer({ config, database: opened, logger: pino({ level: 'silent' }) });
    expect(server.scheduler).not.toBeNull();
    const schedules = await server.scheduler!.schedulesOf(demo.tenantId);
    expect(schedules.map((s) => s.job).sort()).toEqual([
      'expireSuggestions',
      'planDaily',
      'recomputeMedians',
    ]);

    expect(await server.scheduler!.runNow('planDaily', demo.tenantId)).not.toBeNull();
    const headers = { authorization: `Bearer ${demo.apiKey}` };
    const deadline = Date.now() + 90_000;
    let items: { origin: string; history?: unknown; explanation: string[] }[] = [];
    while (items.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${server.url}/v1/reactivation/inbox?limit=500`, { headers });
      items = (await response.json()).items;
    }
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.origin === 'daily_run' && a.explanation.length > 0)).toBe(true);
  });
});
