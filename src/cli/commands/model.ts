import type { Command } from 'commander';
import { fitModel } from '../../app/detection/index.ts';
import type { CliContext } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

export function registerModelCommands(program: Command, ctx: CliContext): void {
  const model = program.command('model').description('the customer-base model (BG/NBD and Gamma-Gamma)');
  model
    .command('fit')
    .description('fit the model to completed activities up to --as-of (default now) and store it')
    .requiredOption('--tenant <id>', 'tenant id')
    .option(
      '--as-of <date>',
      'end of the calibration period: a date (midnight in the tenant zone) or ISO date-time',
    )
    .option('--json', 'print parameters, log-likelihood, customers and time as JSON')
    .action(async (options: { tenant: string; asOf?: string; json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        const fit = await fitModel(handle.db, tenantId, options.asOf);
        if (options.json) {
          ctx.io.out(JSON.stringify(fit));
          return;
        }
        const { r, alpha, a, b } = fit.bgnbd.params;
        const f = (n: number) => n.toPrecision(4);
        ctx.io.out(`calibration to ${fit.asOf.toISOString()}, time in weeks`);
        ctx.io.out(`customers    ${fit.customers} (${fit.repeatCustomers} with a repeat visit)`);
        ctx.io.out(
          `BG/NBD       r ${f(r)}  alpha ${f(alpha)}  a ${f(a)}  b ${f(b)}  LL ${fit.bgnbd.logLikelihood.toFixed(1)}` +
            `${fit.bgnbd.converged ? '' : '  (did not converge)'}`,
        );
        const gg = fit.gammaGamma;
        ctx.io.out(
          gg.id === null
            ? `Gamma-Gamma  not fitted: ${gg.error}`
            : `Gamma-Gamma  p ${f(gg.params.p)}  q ${f(gg.params.q)}  gamma ${f(gg.params.gamma)}  LL ${gg.logLikelihood.toFixed(1)}`,
        );
        ctx.io.out(
          `time         ${fit.timings.totalMs.toFixed(0)} ms (summary ${fit.timings.summaryMs.toFixed(0)} ms, fits ${fit.timings.fitMs.toFixed(0)} ms)`,
        );
      });
    });
}
