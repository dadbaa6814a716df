import { resolve } from 'node:path';
import type { OpenedDatabase } from './open-database.ts';

/** Where a command writes; a buffer when it runs inside the server on behalf of another process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True on an interactive terminal: progress bars and colours are welcome. */
  isTTY: boolean;
}

export interface CliContext {
  io: CliIo;
  /** The directory relative paths are resolved against (the caller's, when forwarded). */
  cwd: string;
  /** Opens (or, inside the server, lends) the database, migrated and ready. */
  openDatabase(globals: GlobalOptions): Promise<OpenedDatabase>;
  /** True when running inside `rekindle serve` for another process. */
  forwarded: boolean;
  /** With `forwarded`: the URL of the server doing the work. */
  serverUrl?: string;
}

export interface GlobalOptions {
  dataDir?: string;
}

/** Ends a command with an exit code and a message for stderr. */
export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'CliExit';
    this.exitCode = exitCode;
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, busy: 3 } as const;

export function resolvePath(ctx: CliContext, path: string): string {
  return resolve(ctx.cwd, path);
}
