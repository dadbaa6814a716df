import type { Command } from 'commander';
import type { CustomerEvaluation } from '../../app/detection/index.ts';
import { addToSummary, emptySummary, prepareScan, scan, scanChunks } from '../../app/detection/scan.ts';
import { type CliContext, CliExit, EXIT } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

interface ScanCliOptions {
  tenant: string;
  asOf?: string;
  json?: boolean;
  all?: boolean;
  limit?: number;
}

/** Rows a table shows when --limit is not given; JSON output has no default limit. */
const TABLE_ROWS = 50;

export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description(
      'find who is slipping away: reactivation candidates in priority order (VIP → regular → new, ' +
        'then value at risk, then how overdue); without --as-of the scan is of now and stores state changes',
    )
    .requiredOption('--tenant <id>', 'tenant id')
    .option(
      '--as-of <date>',
      'evaluate as of this date (midnight in the tenant zone) or ISO date-time; replays store nothing',
    )
    .option('--json', 'one JSON object per line: id, externalId, state, riskScore, pAlive, reasons, …')
    .option('--all', 'every customer, candidate or not')
    .option('--limit <n>', 'at most this many lines', toPositiveInt)
    .action(async (options: ScanCliOptions, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        if (options.all && options.json) {
          await streamAll(ctx, handle.db, tenantId, options);
          return;
        }
        const limit = options.limit ?? (options.json ? undefined : TABLE_ROWS);
        const result = await scan(handle.db, tenantId, {
          ...(options.asOf ? { asOf: options.asOf } : {}),
          includeAll: options.all ?? false,
          ...(limit ? { limit } : {}),
        });
        if (options.json) {
          for (const item of result.items) ctx.io.out(JSON.stringify(item));
        } else {
          printTable(ctx, result.items);
          if (result.matched > result.items.length) {
            ctx.io.out(`… ${result.matched - result.items.length} more (--limit N to see them)`);
          }
        }
        for (const skipped of result.skipped) {
          ctx.io.err(`scan: skipped ${skipped.externalId} (${skipped.id}): ${skipped.error}`);
        }
        const s = result.summary;
        ctx.io.err(
          `scan as of ${result.asOf.toISOString()}: ${s.customers} customers, ${s.candidates} candidates ` +
            `(${s.eligible} eligible before exclusions), ${s.onboarding.total} onboarding cases ` +
            `(${s.onboarding.overdue} overdue), ${s.skipped} skipped, ${s.stateChanges} state changes stored; ` +
            `model: ${result.modelNote}; ${(result.timings.totalMs / 1000).toFixed(2)} s`,
        );
      });
    });
}

/** --all --json: every customer as soon as their chunk is evaluated, in id order, memory flat. */
async function streamAll(
  ctx: CliContext,
  db: Parameters<typeof scan>[0],
  tenantId: string,
  options: ScanCliOptions,
): Promise<void> {
  const started = performance.now();
  const prepared = await prepareScan(db, tenantId, options.asOf);
  const summary = emptySummary();
  let printed = 0;
  for await (const chunk of scanChunks(db, prepared)) {
    for (const evaluation of chunk.evaluations) {
      addToSummary(summary, evaluation);
      if (options.limit === undefined || printed < options.limit) {
        ctx.io.out(JSON.stringify(evaluation));
        printed++;
      }
    }
    for (const skipped of chunk.skipped) {
      ctx.io.err(`scan: skipped ${skipped.externalId} (${skipped.id}): ${skipped.error}`);
      summary.skipped++;
    }
    summary.stateChanges += chunk.stateChanges;
  }
  ctx.io.err(
    `scan as of ${prepared.asOf.toISOString()}: ${summary.customers} customers, ${summary.candidates} candidates, ` +
      `${summary.skipped} skipped, ${summary.stateChanges} state changes stored; model: ${prepared.modelNote}; ` +
      `${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
}

function printTable(ctx: CliContext, items: readonly CustomerEvaluation[]): void {
  const rows = items.map((e) => [
    e.externalId,
    (e.name ?? '').slice(0, 24),
    e.state,
    e.tier,
    e.riskScore.toFixed(2),
    e.pAlive === null ? '-' : e.pAlive.toFixed(2),
    e.valueAtRisk.toFixed(2),
    e.daysSinceLast === null ? '-' : String(Math.floor(e.daysSinceLast)),
    `${e.interval.days} ${e.interval.source}`,
    e.candidate ? 'candidate' : e.exclusions.map((x) => x.code).join(',') || e.case,
  ]);
  const header = [
    'CUSTOMER',
    'NAME',
    'STATE',
    'TIER',
    'RISK',
    'P(ALIVE)',
    'AT RISK',
    'DAYS',
    'INTERVAL',
    'STATUS',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  ctx.io.out(line(header));
  for (const row of rows) ctx.io.out(line(row));
  if (rows.length === 0) ctx.io.out('(no customers to show)');
}

function toPositiveInt(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(parsed) || parsed < 1 || String(parsed) !== value.trim()) {
    throw new CliExit(EXIT.usage, `--limit: "${value}" is not a positive whole number`);
  }
  return parsed;
}
