import type { Command } from 'commander';
import { tenantStats } from '../../app/customers.ts';
import type { CliContext } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

export function registerStatsCommand(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description("count a tenant's customers, activities and revenue (completed activities)")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'print {"customers","activities","revenue"} as JSON')
    .action(async (options: { tenant: string; json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const stats = await tenantStats(handle.db, await requireTenant(handle, options.tenant));
        if (options.json) ctx.io.out(JSON.stringify(stats));
        else
          ctx.io.out(
            `customers ${stats.customers}\nactivities ${stats.activities}\nrevenue ${stats.revenue.toFixed(2)}`,
          );
      });
    });
}
