import type { Command } from 'commander';
import { messageWriterFromConfig } from '../../app/compose/index.ts';
import { ensureDemoTenant } from '../../app/demo-tenant.ts';
import { createPlanner } from '../../app/reactivation/planner.ts';
import { loadConfig } from '../../config.ts';
import { type CliContext, CliExit, EXIT, type GlobalOptions } from '../context.ts';
import { withDatabase } from '../with-database.ts';
import { serveUntilSignal } from './serve.ts';

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('create the demo salon (once) with its generated history, then serve it')
    .option('--customers <n>', 'customers to generate on first run', toInt, 2000)
    .option('--seed <n>', 'random seed; the same seed and day give the same business', toInt, 42)
    .option('--no-serve', 'only create the tenant and print the key')
    .option('--no-plan', "do not run today's reactivation planning after creating the tenant")
    .option('--port <port>', 'port to serve on (default PORT or 8080)', toInt)
    .option('--json', 'print {"tenantId","apiKey","url"} as JSON')
    .action(
      async (
        options: {
          customers: number;
          seed: number;
          serve: boolean;
          plan: boolean;
          port?: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (options.customers < 1 || options.customers > 2_000_000) {
          throw new CliExit(EXIT.usage, '--customers: between 1 and 2,000,000');
        }
        const report = (url: string | undefined, demo: Awaited<ReturnType<typeof ensureDemoTenant>>) => {
          if (options.json) {
            ctx.io.out(
              JSON.stringify({ tenantId: demo.tenantId, apiKey: demo.apiKey, ...(url ? { url } : {}) }),
            );
            return;
          }
          ctx.io.out(url ? `Rekindle demo is serving at ${url}` : 'Rekindle demo is ready');
          ctx.io.out(`  tenant   ${demo.name} (${demo.tenantId})`);
          ctx.io.out(
            `  data     ${demo.counts.customers} customers, ${demo.counts.activities} activities, ${demo.counts.bookings} bookings`,
          );
          ctx.io.out(`  API key  ${demo.apiKey}`);
          if (url) ctx.io.out(`  docs     ${url}/docs   (Authorize with the key above)`);
        };
        const config = loadConfig();
        const setUp = async (db: Parameters<typeof ensureDemoTenant>[0]) => {
          const demo = await ensureDemoTenant(db, {
            customers: options.customers,
            seed: options.seed,
            now: new Date(),
            onStep: (step) => {
              if (!options.json) ctx.io.err(`demo: ${step}…`);
            },
          });
          if (demo.created && options.plan) {
            // what the daily run would do at 10:00: fill the approval inbox so there is something to look at
            if (!options.json) ctx.io.err("demo: planning today's reactivation suggestions…");
            const planner = createPlanner({
              writer: messageWriterFromConfig(config.llm),
              ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
            });
            const plan = await planner.run(db, demo.tenantId, { origin: 'daily_run', actor: 'demo' });
            if (!options.json) {
              ctx.io.err(
                `demo: ${plan.candidates} candidates; ${plan.byStatus.SUGGESTED ?? 0} suggestions in the approval inbox, ` +
                  `${plan.control} held out as control, ${plan.byStatus.PLANNED ?? 0} waiting`,
              );
            }
          }
          return demo;
        };

        if (!options.serve || ctx.forwarded) {
          // forwarded: a server already holds this data directory and will serve the result
          const demo = await withDatabase(ctx, command, (handle) => setUp(handle.db));
          report(ctx.forwarded ? ctx.serverUrl : undefined, demo);
          return;
        }
        const globals = command.optsWithGlobals() as GlobalOptions;
        const demo = await withDatabase(ctx, command, (handle) => setUp(handle.db));
        await serveUntilSignal(globals, options.port, (url) => report(url, demo));
      },
    );
}

function toInt(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(parsed) || String(parsed) !== value.trim())
    throw new CliExit(EXIT.usage, `"${value}" is not a whole number`);
  return parsed;
}
