import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger, startWorkers } from '../../main.ts';
import { type CliContext, CliExit, EXIT, type GlobalOptions } from '../context.ts';
import { openForCommand } from '../open-database.ts';

export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description(
      'run only the background work — the send loop and the schedules (daily planning, medians, expiry) — ' +
        'until SIGTERM or Ctrl-C, which drains: sends in flight finish, nothing new is claimed. Run as many ' +
        'as you like against one PostgreSQL',
    )
    .option('--no-dispatch', 'do not send messages (schedules only)')
    .option('--no-schedule', 'do not run the schedules (sending only)')
    .action(async (options: { dispatch: boolean; schedule: boolean }, command: Command) => {
      if (ctx.forwarded)
        throw new CliExit(
          EXIT.busy,
          `rekindle serve at ${ctx.serverUrl} already runs the workers for this data directory`,
        );
      const globals = command.optsWithGlobals() as GlobalOptions;
      const config = loadConfig(undefined, globals.dataDir ? { dataDir: globals.dataDir } : {});
      const logger = createLogger(config);
      const database = await openForCommand(config, 'worker');
      const workers = await startWorkers({
        config,
        database,
        logger,
        scheduler: options.schedule,
        dispatcher: options.dispatch,
      });
      logger.info(
        {
          database: database.location,
          dispatcher: workers.dispatcher?.workerId ?? null,
          scheduler: workers.scheduler !== null,
        },
        'rekindle worker is running',
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'draining');
          workers
            .stop()
            .then(() => database.close())
            .then(resolve, (error: unknown) => {
              logger.error({ err: error }, 'shutdown failed');
              resolve();
            });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
