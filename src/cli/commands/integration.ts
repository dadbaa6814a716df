import type { Command } from 'commander';
import {
  type Integration,
  listIntegrations,
  parseIntegrationInput,
  parseProvider,
  putIntegration,
  removeIntegration,
} from '../../app/integrations.ts';
import { loadConfig } from '../../config.ts';
import { type CliContext, CliExit, EXIT } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

/** `k=v` → a setting; `true`/`false` and plain numbers become booleans and numbers. */
function parseSetting(pair: string, settings: Record<string, unknown>): Record<string, unknown> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new CliExit(EXIT.usage, `--setting: "${pair}" is not key=value`);
  const key = pair.slice(0, at).trim();
  const raw = pair.slice(at + 1).trim();
  const value =
    raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return { ...settings, [key]: value };
}

function print(ctx: CliContext, integration: Integration, json: boolean | undefined): void {
  if (json) {
    ctx.io.out(JSON.stringify(integration));
    return;
  }
  const settings = Object.entries(integration.settings)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  ctx.io.out(
    `${integration.provider.padEnd(9)} secret ${integration.secret.padEnd(9)} ${integration.webhookUrl}` +
      `  last event ${integration.lastEventAt?.toISOString() ?? 'never'}${settings ? `  ${settings}` : ''}`,
  );
}

export function registerIntegrationCommands(program: Command, ctx: CliContext): void {
  const integration = program
    .command('integration')
    .description('the Hotmart, Chatwoot and orders webhooks of a tenant and the secrets that verify them');

  integration
    .command('add <provider>')
    .description(
      'connect hotmart (secret: the hottok), chatwoot (the webhook secret) or orders (the signing key); ' +
        'run again to replace the secret',
    )
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--secret <secret>', '8 to 500 characters; stored, never printed again in full')
    .option('--setting <key=value>', 'a setting, repeatable (e.g. acceptTestEvents=true)', parseSetting)
    .option('--json', 'print the integration as JSON')
    .action(
      async (
        providerArg: string,
        options: { tenant: string; secret: string; setting?: Record<string, unknown>; json?: boolean },
        command: Command,
      ) => {
        const provider = parseProvider(providerArg, 'provider');
        // checked before the database is opened: a typo costs nothing
        const input = parseIntegrationInput({
          secret: options.secret,
          ...(options.setting ? { settings: options.setting } : {}),
        });
        await withDatabase(ctx, command, async (handle) => {
          const tenantId = await requireTenant(handle, options.tenant);
          const { integration: added, created } = await putIntegration(
            handle.db,
            tenantId,
            provider,
            input,
            loadConfig().http.publicUrl,
          );
          if (!options.json)
            ctx.io.out(created ? `connected ${provider}` : `replaced the ${provider} secret`);
          print(ctx, added, options.json);
        });
      },
    );

  integration
    .command('list')
    .description("the tenant's integrations, secrets masked, with the webhook URL each provider calls")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'one JSON object per line')
    .action(async (options: { tenant: string; json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        for (const item of await listIntegrations(handle.db, tenantId, loadConfig().http.publicUrl))
          print(ctx, item, options.json);
      });
    });

  integration
    .command('remove <provider>')
    .description('disconnect a provider: its webhook answers 401 from then on')
    .requiredOption('--tenant <id>', 'tenant id')
    .action(async (providerArg: string, options: { tenant: string }, command: Command) => {
      const provider = parseProvider(providerArg, 'provider');
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        await removeIntegration(handle.db, tenantId, provider);
        ctx.io.out(`removed ${provider}`);
      });
    });
}
