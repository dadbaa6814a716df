import type { Db } from '../../src/adapters/db/kysely.ts';

/** A tenant for import tests; settings as the tenants table stores them. */
export async function createTenant(
  db: Db,
  values: { name?: string; timezone?: string; locale?: string; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const row = await db
    .insertInto('tenants')
    .values({
      name: values.name ?? 'Salon',
      timezone: values.timezone ?? 'UTC',
      locale: values.locale ?? 'en',
      settings: JSON.stringify(values.settings ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export { findCustomerByExternalId as customerByExternalId } from '../../src/adapters/db/customers.repository.ts';
export { countTenantRows as countRows } from '../../src/adapters/db/tenant-rows.ts';
