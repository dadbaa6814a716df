import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Backend, createTestDatabase, type TestDatabase } from './database.ts';

export const CLI = join(import.meta.dirname, '../../src/cli.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rekindle …` as a separate process, as a user would. */
export function runRekindle(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts `rekindle serve` and resolves once it logged its URL. */
export function startRekindleServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ process: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

/** Sends SIGTERM and waits for a clean exit. */
export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/**
 * For the tests of one describe block: the demo salon created by `rekindle demo --no-serve
 * --no-plan` in a fresh data directory (PGlite) or a fresh schema (PostgreSQL), removed after
 * the last test. `testbed.env` points commands at it; `testbed.tenantId` is the salon.
 */
export function setUpDemoForCli(
  backend: Backend,
  options: { customers: number; seed: number; prefix: string },
): { env: NodeJS.ProcessEnv; tenantId: string } {
  const testbed = { env: {}, tenantId: '' } as { env: NodeJS.ProcessEnv; tenantId: string };
  let dataDir: string | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (backend === 'postgres') {
      database = await createTestDatabase('postgres', { migrate: false });
      testbed.env = { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), options.prefix));
      testbed.env = { DATA_DIR: dataDir };
    }
    const demo = await runRekindle(
      [
        'demo',
        '--no-serve',
        '--no-plan',
        '--customers',
        String(options.customers),
        '--seed',
        String(options.seed),
        '--json',
      ],
      testbed.env,
    );
    expect(demo.code, demo.stderr).toBe(0);
    testbed.tenantId = JSON.parse(demo.stdout).tenantId;
  }, 300_000);
  afterAll(async () => {
    await database?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return testbed;
}
