import type { Command } from 'commander';
import { messageWriterFromConfig } from '../../app/compose/index.ts';
import { createPlanner } from '../../app/reactivation/planner.ts';
import { loadConfig } from '../../config.ts';
import { type CliContext, CliExit, EXIT } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

interface PlanCliOptions {
  tenant: string;
  asOf?: string;
  limit?: number;
  json?: boolean;
}

export function registerPlanCommand(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description(
      "run the day's reactivation planning now: expire old suggestions, then for the top candidates decide " +
        'the strategy and offer, hold out the control share, find slots and write the message (LLM_BASE_URL / ' +
        'LLM_MODEL / LLM_API_KEY, else templates); SUGGEST_ONLY tenants get suggestions in the approval inbox',
    )
    .requiredOption('--tenant <id>', 'tenant id')
    .option(
      '--as-of <date>',
      'decide on the history as of this date (midnight in the tenant zone) or ISO date-time',
    )
    .option(
      '--limit <n>',
      "at most this many candidates (default: the tenant's dailyRun.limit)",
      toPositiveInt,
    )
    .option(
      '--json',
      'one JSON object per attempt: id, externalId, strategy, status, control, message {text, source}, …',
    )
    .action(async (options: PlanCliOptions, command: Command) => {
      const config = loadConfig();
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        const planner = createPlanner({
          writer: messageWriterFromConfig(config.llm),
          ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
        });
        const result = await planner.run(handle.db, tenantId, {
          origin: 'plan',
          actor: 'cli',
          ...(options.asOf ? { asOf: options.asOf } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        for (const a of result.attempts) {
          if (options.json) {
            ctx.io.out(
              JSON.stringify({
                id: a.id,
                customerId: a.customer.id,
                externalId: a.customer.externalId,
                name: a.customer.name,
                strategy: a.strategy,
                status: a.status,
                control: a.control,
                tone: a.tone,
                offerPct: a.offerPct,
                maxDiscountPct: a.maxDiscountPct,
                valueAtRisk: a.valueAtRisk,
                waitUntil: a.waitUntil,
                suggestedSlot: a.suggestedSlot,
                message: a.message
                  ? { text: a.message.text, source: a.message.source, locale: a.message.locale }
                  : null,
                explanation: a.explanation,
              }),
            );
          } else {
            const what = a.control ? 'control' : a.status;
            ctx.io.out(
              `${a.customer.externalId.padEnd(14)} ${String(a.strategy).padEnd(19)} ${what.padEnd(11)} ` +
                (a.message
                  ? `[${a.message.source}] ${a.message.text.replace(/\s+/g, ' ')}`
                  : (a.explanation[a.explanation.length - 1] ?? '')),
            );
          }
        }
        for (const s of result.skipped)
          ctx.io.err(`plan: skipped ${s.externalId} (${s.customerId}): ${s.reason}`);
        const byStrategy = Object.entries(result.byStrategy)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        ctx.io.err(
          `plan as of ${result.asOf.toISOString()} (${result.mode}): ${result.candidates} candidates, ` +
            `${result.created} attempts created (${result.control} control${byStrategy ? `; ${byStrategy}` : ''}), ` +
            `${result.skipped.length} skipped, ${result.expired.suggestions} suggestions expired; ${result.seconds} s`,
        );
      });
    });
}

function toPositiveInt(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(parsed) || parsed < 1 || String(parsed) !== value.trim()) {
    throw new CliExit(EXIT.usage, `--limit: "${value}" is not a positive whole number`);
  }
  return parsed;
}
