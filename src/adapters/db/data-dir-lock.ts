import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: two processes opening the same data directory corrupt it.
 * Whoever opens it first writes `rekindle.lock` (created exclusively) with its pid and, for a
 * server, the URL and a token through which other CLI commands can ask it to do their work.
 */
export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  /** Set by `rekindle serve`: where to forward CLI commands, and the token that authorises them. */
  server?: { url: string; token: string };
}

export type LockResult =
  | { acquired: true; release: () => void; update: (info: Partial<LockInfo>) => void }
  | { acquired: false; holder: LockInfo };

export function lockPath(dataDir: string): string {
  return join(dataDir, 'rekindle.lock');
}

export function acquireDataDirLock(dataDir: string, command: string): LockResult {
  // a fresh checkout has no ./data yet: the lock is the first thing written into it
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      writeFileSync(path, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(path);
        if (current?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return {
        acquired: true,
        release,
        update: (patch) => writeFileSync(path, JSON.stringify({ ...info, ...patch }), { mode: 0o600 }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && isAlive(holder.pid) && holder.pid !== process.pid) return { acquired: false, holder };
      // the holder died without cleaning up (or the file is unreadable): take over
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}: ${path} keeps reappearing`);
}

export function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
