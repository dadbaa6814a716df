import type { Command } from 'commander';
import { AppError } from '../../app/errors.ts';
import { createTenant, issueApiKey, listTenants } from '../../app/tenants.ts';
import type { CliContext } from '../context.ts';
import { withDatabase } from '../with-database.ts';

export function registerTenantCommands(program: Command, ctx: CliContext): void {
  const tenant = program
    .command('tenant')
    .description('create and list tenants (businesses) and their API keys');

  tenant
    .command('create')
    .description('create a tenant and print its id and first API key')
    .requiredOption('--name <name>', 'business name')
    .option('--timezone <tz>', 'IANA time zone, e.g. America/Sao_Paulo', 'UTC')
    .option('--locale <locale>', 'language of messages: pt-BR, ru, en, es…', 'en')
    .option('--currency <code>', 'ISO 4217 currency (default from the locale)')
    .option('--json', 'print {"tenantId","apiKey"} as JSON')
    .action(
      async (
        options: { name: string; timezone: string; locale: string; currency?: string; json?: boolean },
        command: Command,
      ) => {
        await withDatabase(ctx, command, async ({ db }) => {
          const { tenant: created, apiKey } = await createTenant(db, {
            name: options.name,
            timezone: options.timezone,
            locale: options.locale,
            ...(options.currency ? { currency: options.currency } : {}),
          });
          if (options.json) ctx.io.out(JSON.stringify({ tenantId: created.id, apiKey }));
          else {
            ctx.io.out(`tenant ${created.name} created: ${created.id}`);
            ctx.io.out(`API key (shown once, keep it safe): ${apiKey}`);
          }
        });
      },
    );

  tenant
    .command('list')
    .description('list tenants')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async ({ db }) => {
        for (const t of await listTenants(db)) {
          ctx.io.out(options.json ? JSON.stringify(t) : `${t.id}  ${t.name}  ${t.timezone}  ${t.locale}`);
        }
      });
    });

  tenant
    .command('key')
    .description('issue another API key for a tenant')
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--name <name>', 'a label for the key', 'cli')
    .option('--json', 'print {"apiKey"} as JSON')
    .action(async (options: { tenant: string; name: string; json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async ({ db }) => {
        const exists = await db
          .selectFrom('tenants')
          .select('id')
          .where('id', '=', options.tenant)
          .executeTakeFirst();
        if (!exists) throw new AppError('not_found', `tenant ${options.tenant} was not found`);
        const apiKey = await issueApiKey(db, options.tenant, options.name);
        ctx.io.out(options.json ? JSON.stringify({ apiKey }) : apiKey);
      });
    });
}
