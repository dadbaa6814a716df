import { Command, CommanderError } from 'commander';
import { AppError } from '../app/errors.ts';
import { ConfigError } from '../config.ts';
import { registerClassifyCommand } from './commands/classify.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerIntegrationCommands } from './commands/integration.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerModelCommands } from './commands/model.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerScanCommand } from './commands/scan.ts';
import { registerSenderCommands } from './commands/sender.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStatsCommand } from './commands/stats.ts';
import { registerTenantCommands } from './commands/tenant.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { type CliContext, CliExit, EXIT } from './context.ts';
import { DataDirBusy, DataDirHeldByServer } from './open-database.ts';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('rekindle')
    .description('Rekindle: notice who is slipping away, win them back, prove it.')
    .option(
      '--data-dir <dir>',
      'embedded database directory (default ./data, or DATA_DIR); ignored when DATABASE_URL is set',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text.replace(/\n$/, '')),
      writeErr: (text) => ctx.io.err(text.replace(/\n$/, '')),
    });
  registerServeCommand(program, ctx);
  registerMigrateCommand(program, ctx);
  registerTenantCommands(program, ctx);
  registerImportCommand(program, ctx);
  registerStatsCommand(program, ctx);
  registerDemoCommand(program, ctx);
  registerScanCommand(program, ctx);
  registerModelCommands(program, ctx);
  registerPlanCommand(program, ctx);
  registerSenderCommands(program, ctx);
  registerWorkerCommand(program, ctx);
  registerClassifyCommand(program, ctx);
  registerIntegrationCommands(program, ctx);
  for (const command of program.commands) inheritExitOverride(command);
  return program;
}

function inheritExitOverride(command: Command): void {
  command.exitOverride().showHelpAfterError();
  for (const sub of command.commands) inheritExitOverride(sub);
}

/**
 * Runs one command line and returns its exit code. Expected failures print one clear line;
 * `DataDirHeldByServer` escapes so the caller can forward the command to the running server.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DataDirHeldByServer && !ctx.forwarded) throw error;
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof CliExit) {
      if (error.message) ctx.io.err(`rekindle: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      ctx.io.err(`rekindle: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof DataDirBusy) {
      ctx.io.err(`rekindle: ${error.message}`);
      return EXIT.busy;
    }
    if (error instanceof AppError) {
      ctx.io.err(`rekindle: ${error.message}`);
      return error.code === 'validation_error' ? EXIT.usage : EXIT.failure;
    }
    ctx.io.err(
      `rekindle: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT.failure;
  }
}
