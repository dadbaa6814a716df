import type { Command } from 'commander';
import type { DatabaseHandle } from '../adapters/db/kysely.ts';
import { uuidSchema } from '../contracts/common.ts';
import { type CliContext, CliExit, EXIT, type GlobalOptions } from './context.ts';
import type { OpenedDatabase } from './open-database.ts';

/** Runs `fn` with the database open, closing it (and releasing the data directory) afterwards. */
export async function withDatabase<T>(
  ctx: CliContext,
  command: Command,
  fn: (handle: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const globals = command.optsWithGlobals() as GlobalOptions;
  const handle = await ctx.openDatabase(globals);
  try {
    return await fn(handle);
  } finally {
    if (!ctx.forwarded) await handle.close();
  }
}

/** Checks a --tenant argument and that the tenant exists. */
export async function requireTenant(handle: DatabaseHandle, tenantId: string): Promise<string> {
  if (!uuidSchema.safeParse(tenantId).success)
    throw new CliExit(EXIT.usage, `--tenant: "${tenantId}" is not a tenant id (a UUID)`);
  const row = await handle.db
    .selectFrom('tenants')
    .select('id')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw new CliExit(EXIT.failure, `--tenant: no tenant ${tenantId} in ${handle.location}`);
  return tenantId;
}
