import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';

export interface TenantIngestSettings {
  timezone: string;
  locale: string;
  defaultCountry: string | null;
}

/** What ingestion needs to know about a tenant; undefined when the tenant does not exist (or is not visible). */
export async function findTenantIngestSettings(
  db: DbOrTrx,
  tenantId: string,
): Promise<TenantIngestSettings | undefined> {
  const result = await sql<{ timezone: string; locale: string; default_country: string | null }>`
    select timezone, locale, settings->>'defaultCountry' as default_country
    from tenants where id = ${tenantId}::uuid`.execute(db);
  const row = result.rows[0];
  return row && { timezone: row.timezone, locale: row.locale, defaultCountry: row.default_country };
}
