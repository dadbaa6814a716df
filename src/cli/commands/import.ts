import { statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CsvFormatError, importCsv } from '../../app/import-csv.ts';
import { type CliContext, CliExit, EXIT, resolvePath } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

const ENTITIES = ['customers', 'activities', 'offerings', 'staff', 'bookings'] as const;
type Entity = (typeof ENTITIES)[number];

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(
      'import a CSV file with the canonical headers (see README); bad rows are reported and skipped',
    )
    .argument('<entity>', ENTITIES.join(' | '))
    .argument('<file>', 'CSV file (comma, semicolon or tab separated)')
    .requiredOption('--tenant <id>', 'tenant id')
    .option(
      '--map <pairs>',
      'rename headers: header=field,… (e.g. date=occurred_at,client=customer_external_id)',
    )
    .option(
      '--json',
      'print one summary line {"inserted","updated","unchanged","rejected","errors":[{line,message}]}',
    )
    .action(
      async (
        entity: string,
        file: string,
        options: { tenant: string; map?: string; json?: boolean },
        command: Command,
      ) => {
        if (!ENTITIES.includes(entity as Entity)) {
          throw new CliExit(EXIT.usage, `import: "${entity}" is not one of ${ENTITIES.join(', ')}`);
        }
        const path = resolvePath(ctx, file);
        let size: number;
        try {
          size = statSync(path).size;
        } catch {
          throw new CliExit(EXIT.usage, `import: cannot read ${path}`);
        }
        const map = parseMap(options.map);
        await withDatabase(ctx, command, async (handle) => {
          const tenantId = await requireTenant(handle, options.tenant);
          const bar =
            ctx.io.isTTY && !options.json
              ? new SingleBar({
                  format: ' {bar} {percentage}% | {rows} rows | {eta_formatted} left',
                  hideCursor: true,
                })
              : undefined;
          bar?.start(size, 0, { rows: 0 });
          try {
            const summary = await importCsv({
              db: handle.db,
              tenantId,
              entity: entity as Entity,
              file: path,
              ...(map ? { map } : {}),
              onProgress: (bytes: number, _total: number, rows: number) => bar?.update(bytes, { rows }),
            }).catch((error: unknown) => {
              // a file that cannot be imported at all (a required header missing…) writes nothing
              if (error instanceof CsvFormatError)
                throw new CliExit(EXIT.failure, `import: ${path}: ${error.message}`);
              throw error;
            });
            bar?.update(size);
            bar?.stop();
            if (options.json) {
              ctx.io.out(JSON.stringify(summary));
            } else {
              ctx.io.out(
                `${summary.rows} rows: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
              );
              for (const error of summary.errors.slice(0, 50))
                ctx.io.err(`  line ${error.line ?? '?'}: ${error.message}`);
              if (summary.errors.length > 50)
                ctx.io.err(`  … and ${summary.errors.length - 50} more (use --json for all)`);
            }
          } finally {
            bar?.stop();
          }
        });
      },
    );
}

function parseMap(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const map: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [from, to] = pair.split('=').map((part) => part.trim());
    if (!from || !to) throw new CliExit(EXIT.usage, `--map: "${pair}" is not header=field`);
    map[from] = to;
  }
  return map;
}
