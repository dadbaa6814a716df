import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';

/**
 * Ids of the customers with these external ids, creating (with their external id only) those that
 * do not exist yet. Each id is looked up by a correlated subquery, i.e. one probe of the
 * (tenant_id, external_id) index per id, whatever the size of the tenant and whatever the table's
 * statistics say. (`external_id = any($ids)` was planned as a sequential scan comparing every
 * customer with every id — seconds per chunk on a freshly loaded table.)
 */
export async function customerIdsFor(
  trx: Trx,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (externalIds.length === 0) return ids;
  const literal = toPgArray(externalIds);
  const lookup = () => sql<{ id: string | null; external_id: string }>`
    select x as external_id,
      (select c.id from customers c where c.tenant_id = ${tenantId}::uuid and c.external_id = x) as id
    from unnest(${literal}::text::text[]) as x`;
  // The lookup reads the statement's snapshot, so it cannot see the rows `created` adds; those
  // come from `returning` instead.
  const result = await sql<{ id: string | null; external_id: string }>`
    with created as (
      insert into customers (tenant_id, external_id)
      select ${tenantId}::uuid, x from unnest(${literal}::text::text[]) as x
      on conflict (tenant_id, external_id) do nothing
      returning id, external_id
    )
    select external_id, id from created
    union all
    ${lookup()}`.execute(trx);
  for (const row of result.rows) if (row.id) ids.set(row.external_id, row.id);
  if (ids.size < externalIds.length) {
    // created meanwhile by a transaction that committed after this statement's snapshot was taken
    for (const row of (await lookup().execute(trx)).rows) if (row.id) ids.set(row.external_id, row.id);
  }
  return ids;
}

export type CatalogTable = 'offerings' | 'staff';

/**
 * Maps each reference (as written in the batch) to an offering or staff id: the row whose
 * external id it is, else the row whose name it is, case-insensitively. References that match
 * nothing become new rows named after them — once per name, whatever its case in the batch.
 */
export async function resolveCatalogReferences(
  trx: Trx,
  tenantId: string,
  table: CatalogTable,
  refs: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (refs.length === 0) return ids;
  const literal = toPgArray(refs);
  const target = sql.table(table);
  // Two single-index lookups per reference (external id, then name), each a correlated subquery,
  // so that catalogs of any size are probed, never scanned.
  const byExternalId = sql`(select t.id from ${target} t where t.tenant_id = ${tenantId}::uuid and t.external_id = r.ref limit 1)`;
  const byName = sql`(select t.id from ${target} t where t.tenant_id = ${tenantId}::uuid and lower(t.name) = lower(r.ref) limit 1)`;
  await sql`
    insert into ${target} (tenant_id, name)
    select distinct on (lower(r.ref)) ${tenantId}::uuid, r.ref
    from unnest(${literal}::text::text[]) with ordinality as r(ref, ord)
    where ${byExternalId} is null and ${byName} is null
    order by lower(r.ref), r.ord
    on conflict do nothing`.execute(trx);
  const result = await sql<{ ref: string; id: string | null }>`
    select r.ref, coalesce(${byExternalId}, ${byName}) as id
    from unnest(${literal}::text::text[]) as r(ref)`.execute(trx);
  for (const row of result.rows) {
    if (row.id) ids.set(row.ref, row.id);
  }
  return ids;
}
