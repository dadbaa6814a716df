import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger, startServer } from '../../main.ts';
import { type CliContext, CliExit, EXIT, type GlobalOptions } from '../context.ts';
import { forwardedRunner } from '../forward.ts';
import { openForCommand } from '../open-database.ts';

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the API (and the workers) until SIGTERM or Ctrl-C')
    .option('--port <port>', 'port to listen on (default PORT or 8080)', (v) => Number.parseInt(v, 10))
    .action(async (options: { port?: number }, command: Command) => {
      if (ctx.forwarded)
        throw new CliExit(EXIT.busy, `rekindle is already serving this data directory at ${ctx.serverUrl}`);
      const globals = command.optsWithGlobals() as GlobalOptions;
      await serveUntilSignal(globals, options.port);
    });
}

/** Starts the server and resolves when a signal has stopped it gracefully. */
export async function serveUntilSignal(
  globals: GlobalOptions,
  port?: number,
  onListening?: (url: string) => void | Promise<void>,
): Promise<void> {
  const config = loadConfig(undefined, globals.dataDir ? { dataDir: globals.dataDir } : {});
  const logger = createLogger(config);
  const database = await openForCommand(config, 'serve');
  let url = '';
  const server = await startServer({
    config,
    database,
    logger,
    runCommand: forwardedRunner(database, () => url),
    ...(port !== undefined && !Number.isNaN(port) ? { port } : {}),
  });
  url = server.url;
  await onListening?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
