import type { Command } from 'commander';
import { createSender, listSenders, pauseSender, resumeSender } from '../../app/outbound/index.ts';
import type { Sender } from '../../app/outbound/views.ts';
import { CHANNELS, type Channel } from '../../domain/outreach/channel.ts';
import { type CliContext, CliExit, EXIT } from '../context.ts';
import { requireTenant, withDatabase } from '../with-database.ts';

/**
 * Which command-line options become a sender's settings and which its secrets, per channel. The
 * option names follow the providers' own words (--phone-number-id, --access-token, …).
 */
const FIELDS: Record<Channel, { settings: readonly string[]; secrets: readonly string[] }> = {
  whatsapp: {
    settings: ['phoneNumberId', 'apiBaseUrl', 'apiVersion', 'businessAccountId'],
    secrets: ['accessToken', 'appSecret', 'verifyToken'],
  },
  chatwoot: { settings: ['baseUrl', 'accountId', 'inboxId'], secrets: ['apiAccessToken'] },
  email: { settings: ['host', 'port', 'secure', 'from', 'replyTo'], secrets: ['user', 'password'] },
  webhook: { settings: ['url'], secrets: ['signingSecret'] },
  log: { settings: [], secrets: [] },
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function parseValue(name: string, value: string): unknown {
  if (name === 'port' || name === 'accountId' || name === 'inboxId') {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new CliExit(EXIT.usage, `--${kebab(name)}: "${value}" is not a positive whole number`);
    return n;
  }
  if (name === 'secure') return value === 'true' || value === '1' || value === 'yes';
  return value;
}

function print(ctx: CliContext, sender: Sender, json: boolean | undefined): void {
  if (json) {
    ctx.io.out(JSON.stringify(sender));
    return;
  }
  const caps = sender.effectiveCaps;
  ctx.io.out(
    `${sender.id}  ${sender.channel.padEnd(8)} ${sender.name.padEnd(24)} ${sender.health.status.padEnd(8)} ` +
      `warm-up ${sender.warmup.level}${sender.warmup.warmed ? ' (warmed)' : ''}  caps ${caps.perSecond ?? '∞'}/s ` +
      `${caps.perHour ?? '∞'}/h ${caps.perDay ?? '∞'}/day`,
  );
}

export function registerSenderCommands(program: Command, ctx: CliContext): void {
  const sender = program
    .command('sender')
    .description('the WhatsApp numbers, mailboxes and endpoints a tenant sends through');

  const add = sender
    .command('add <channel>')
    .description(`add a sender (${CHANNELS.join(', ')}); secrets are stored and never printed again in full`)
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--name <name>', 'a name for it (default: the channel and its number or address)')
    .option('--per-second <n>', 'cap per second', Number)
    .option('--per-hour <n>', 'cap per hour', Number)
    .option('--per-day <n>', 'cap per day', Number)
    .option('--warm-up', 'start at warm-up level 1 (a new number)')
    .option('--no-warm-up', 'treat it as already warmed')
    .option('--json', 'print the sender as JSON');
  const allFields = new Set(Object.values(FIELDS).flatMap((f) => [...f.settings, ...f.secrets]));
  for (const field of allFields)
    add.option(`--${kebab(field)} <value>`, `${field} (see README: connecting channels)`);
  add.action(
    async (
      channelArg: string,
      options: Record<string, string | number | boolean | undefined>,
      command: Command,
    ) => {
      if (!(CHANNELS as readonly string[]).includes(channelArg)) {
        throw new CliExit(
          EXIT.usage,
          `sender add: "${channelArg}" is not a channel; use one of ${CHANNELS.join(', ')}`,
        );
      }
      const channel = channelArg as Channel;
      const fields = FIELDS[channel];
      const stray = [...allFields].filter(
        (f) => options[f] !== undefined && !fields.settings.includes(f) && !fields.secrets.includes(f),
      );
      if (stray.length > 0) {
        throw new CliExit(
          EXIT.usage,
          `sender add ${channel}: --${stray.map(kebab).join(', --')} does not apply to ${channel}`,
        );
      }
      const settings = Object.fromEntries(
        fields.settings
          .filter((f) => options[f] !== undefined)
          .map((f) => [f, parseValue(f, String(options[f]))]),
      );
      const secrets = Object.fromEntries(
        fields.secrets.filter((f) => options[f] !== undefined).map((f) => [f, String(options[f])]),
      );
      const caps = {
        ...(options.perSecond !== undefined ? { perSecond: Number(options.perSecond) } : {}),
        ...(options.perHour !== undefined ? { perHour: Number(options.perHour) } : {}),
        ...(options.perDay !== undefined ? { perDay: Number(options.perDay) } : {}),
      };
      const name =
        (options.name as string | undefined) ??
        `${channel} ${String(settings.phoneNumberId ?? settings.from ?? settings.url ?? settings.inboxId ?? '').trim()}`.trim();
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, String(options.tenant));
        const created = await createSender(handle.db, tenantId, {
          channel,
          name,
          settings,
          secrets,
          ...(Object.keys(caps).length > 0 ? { caps } : {}),
          ...(options.warmUp !== undefined ? { warmUp: Boolean(options.warmUp) } : {}),
        });
        print(ctx, created, options.json as boolean | undefined);
      });
    },
  );

  sender
    .command('list')
    .description("the tenant's senders with their caps in force, warm-up level and health")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'one JSON object per line')
    .action(async (options: { tenant: string; json?: boolean }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        for (const s of await listSenders(handle.db, tenantId)) print(ctx, s, options.json);
      });
    });

  sender
    .command('pause <id>')
    .description('pause a sender; its queued messages move to a healthy sender of the same channel')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: string, options: { tenant: string; reason: string }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        const result = await pauseSender(handle.db, tenantId, id, { reason: options.reason });
        ctx.io.out(
          `paused ${result.sender.name}; ${result.moved} queued messages ${result.movedTo ? `moved to ${result.movedTo}` : 'wait for a healthy sender'}`,
        );
      });
    });

  sender
    .command('resume <id>')
    .description('resume a paused sender')
    .requiredOption('--tenant <id>', 'tenant id')
    .action(async (id: string, options: { tenant: string }, command: Command) => {
      await withDatabase(ctx, command, async (handle) => {
        const tenantId = await requireTenant(handle, options.tenant);
        print(ctx, await resumeSender(handle.db, tenantId, id), false);
      });
    });
}
