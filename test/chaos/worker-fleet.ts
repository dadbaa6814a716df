import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from '../support/cli.ts';

/**
 * `rekindle worker --no-schedule` processes in fixed slots: a slot's process can be killed with
 * SIGKILL and replaced, as a crashed container is by its orchestrator. Output is kept per slot (the
 * tail only) for the failure message.
 */

export interface WorkerFleet {
  readonly size: number;
  /** Kills slot `slot` with SIGKILL, waits for it to be gone, and starts a new process there. */
  killAndRestart(slot: number): Promise<void>;
  /** SIGTERM to every live worker; resolves with their exit codes, or rejects after `timeoutMs`. */
  drain(timeoutMs: number): Promise<(number | null)[]>;
  /** SIGKILL to every live worker (safe to call at any time, more than once). */
  killAll(): Promise<void>;
  /** Processes started so far, restarts included. */
  started(): number;
  /** Exits nobody asked for (a worker that crashed by itself). */
  unexpectedExits(): string[];
  /** The last lines every worker wrote. */
  output(): string;
}

const OUTPUT_TAIL = 20_000;

export function startWorkerFleet(size: number, env: NodeJS.ProcessEnv): WorkerFleet {
  const slots: (ChildProcess | null)[] = Array.from({ length: size }, () => null);
  const expectedExit = new WeakSet<ChildProcess>();
  const unexpected: string[] = [];
  let output = '';
  let started = 0;

  function start(slot: number): ChildProcess {
    const child = spawn(process.execPath, [CLI, 'worker', '--no-schedule'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started++;
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (!expectedExit.has(child))
        unexpected.push(`slot ${slot} pid ${child.pid}: code ${code} signal ${signal}`);
    });
    slots[slot] = child;
    return child;
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
    });

  async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
    expectedExit.add(child);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited(child);
  }

  for (let slot = 0; slot < size; slot++) start(slot);

  return {
    size,
    async killAndRestart(slot) {
      const child = slots[slot];
      if (child) await kill(child, 'SIGKILL');
      start(slot);
    },
    async drain(timeoutMs) {
      const live = slots.filter((c): c is ChildProcess => c !== null);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`workers did not drain within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([Promise.all(live.map((c) => kill(c, 'SIGTERM'))), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async killAll() {
      await Promise.all(slots.filter((c): c is ChildProcess => c !== null).map((c) => kill(c, 'SIGKILL')));
    },
    started: () => started,
    unexpectedExits: () => [...unexpected],
    output: () => output,
  };
}
