import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import type { IntegrationProvider, IntegrationTable } from './schema.ts';

export type IntegrationRow = Selectable<IntegrationTable>;

export async function findIntegration(
  db: DbOrTrx,
  tenantId: string,
  provider: IntegrationProvider,
): Promise<IntegrationRow | undefined> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .executeTakeFirst();
}

export async function listIntegrationRows(db: DbOrTrx, tenantId: string): Promise<IntegrationRow[]> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('provider')
    .execute();
}

/**
 * Creates the tenant's integration with a provider, or replaces its secret (and its settings, when
 * given; kept otherwise). `created` tells the two apart: a fresh row has no previous version (xmax 0).
 */
export async function upsertIntegration(
  db: DbOrTrx,
  row: {
    tenantId: string;
    provider: IntegrationProvider;
    secret: string;
    settings: Record<string, unknown> | undefined;
  },
): Promise<{ row: IntegrationRow; created: boolean }> {
  const settings = JSON.stringify(row.settings ?? {});
  const result = await db
    .insertInto('integrations')
    .values({ tenant_id: row.tenantId, provider: row.provider, secret: row.secret, settings })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'provider']).doUpdateSet({
        secret: row.secret,
        settings: row.settings === undefined ? sql`integrations.settings` : settings,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .returning(sql<boolean>`xmax = 0`.as('created'))
    .executeTakeFirstOrThrow();
  const { created, ...stored } = result;
  return { row: stored, created };
}

export async function deleteIntegration(
  db: DbOrTrx,
  tenantId: string,
  provider: IntegrationProvider,
): Promise<boolean> {
  const result = await db
    .deleteFrom('integrations')
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Records that a verified delivery arrived (shown to the operator: is the webhook wired up?). */
export async function touchIntegration(
  db: DbOrTrx,
  tenantId: string,
  provider: IntegrationProvider,
  at: Date,
): Promise<void> {
  await db
    .updateTable('integrations')
    .set({ last_event_at: at })
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .execute();
}
