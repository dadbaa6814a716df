import type { CliContext, GlobalOptions } from './cli/context.ts';
import { forwardToServer } from './cli/forward.ts';
import { DataDirHeldByServer, openForCommand } from './cli/open-database.ts';
import { runCli } from './cli/program.ts';
import { loadConfig } from './config.ts';

/**
 * `rekindle …` — every command opens the configured database itself, unless `rekindle serve`
 * holds the same embedded data directory: then the command runs inside that server.
 */
async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = {
    io: {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      isTTY: Boolean(process.stderr.isTTY),
    },
    cwd: process.cwd(),
    forwarded: false,
    openDatabase: (globals: GlobalOptions) =>
      openForCommand(
        loadConfig(process.env, globals.dataDir ? { dataDir: globals.dataDir } : {}),
        argv[0] ?? 'cli',
      ),
  };
  try {
    return await runCli(argv, ctx);
  } catch (error) {
    if (!(error instanceof DataDirHeldByServer)) throw error;
    const result = await forwardToServer(error.holder.server, argv, process.cwd()).catch((cause: unknown) => {
      process.stderr.write(
        `rekindle: the data directory is held by rekindle serve (pid ${error.holder.pid}) but it did not answer at ` +
          `${error.holder.server.url} (${cause instanceof Error ? cause.message : String(cause)}). ` +
          'Stop that server, or run this command against it once it answers.\n',
      );
      return { exitCode: 3, stdout: '', stderr: '' };
    });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.exitCode;
  }
}

const exitCode = await main(process.argv.slice(2));
// flush what is buffered before leaving; a stray handle (a pool, a timer) must not keep us alive
process.stdout.write('', () => process.exit(exitCode));
