import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { withDatabase } from '../with-database.ts';

export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every command and `serve` also do this at start)')
    .option('--json', 'print {"database","applied":[…]} as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const applied = handle.appliedMigrations;
        if (options.json) ctx.io.out(JSON.stringify({ database: handle.location, applied }));
        else if (applied.length === 0) ctx.io.out(`${handle.location}: schema is up to date`);
        else ctx.io.out(`${handle.location}: applied ${applied.join(', ')}`);
      });
    });
}
