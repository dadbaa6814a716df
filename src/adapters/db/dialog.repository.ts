import type { DbOrTrx } from './kysely.ts';

/** Dialog contexts kept in PostgreSQL: without Redis, or while it is down. */

export interface StoredDialogContext {
  context: unknown;
  expiresAt: Date;
}

export async function upsertDialogContext(
  db: DbOrTrx,
  row: { tenantId: string; phone: string; context: unknown; now: Date; expiresAt: Date },
): Promise<void> {
  const values = {
    tenant_id: row.tenantId,
    phone: row.phone,
    context: JSON.stringify(row.context),
    updated_at: row.now,
    expires_at: row.expiresAt,
  };
  await db
    .insertInto('dialog_contexts')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'phone']).doUpdateSet({
        context: values.context,
        updated_at: values.updated_at,
        expires_at: values.expires_at,
      }),
    )
    .execute();
}

/** The context for one phone unless it has expired by `now`. */
export async function findDialogContext(
  db: DbOrTrx,
  tenantId: string,
  phone: string,
  now: Date,
): Promise<StoredDialogContext | undefined> {
  const row = await db
    .selectFrom('dialog_contexts')
    .select(['context', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('phone', '=', phone)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { context: row.context, expiresAt: row.expires_at };
}

export async function deleteDialogContext(db: DbOrTrx, tenantId: string, phone: string): Promise<boolean> {
  const result = await db
    .deleteFrom('dialog_contexts')
    .where('tenant_id', '=', tenantId)
    .where('phone', '=', phone)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Removes the tenant's contexts that expired by `now`; how many. */
export async function deleteExpiredDialogContexts(db: DbOrTrx, tenantId: string, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('dialog_contexts')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
