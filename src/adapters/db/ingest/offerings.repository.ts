import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import type { OfferingKind } from '../schema.ts';
import { type CatalogRecord, catalogRepository } from './catalog.repository.ts';

export interface OfferingFields {
  kind: OfferingKind;
  category: string | null;
  price: number | null;
  margin: number | null;
  durationMinutes: number | null;
  url: string | null;
  active: boolean;
}

export type OfferingRecord = CatalogRecord<OfferingFields>;

const repository = catalogRepository<OfferingFields>('offerings', [
  { field: 'kind', column: 'kind', type: 'text' },
  { field: 'category', column: 'category', type: 'text' },
  { field: 'price', column: 'price', type: 'numeric', storedAs: 'numeric(12, 2)' },
  { field: 'margin', column: 'margin', type: 'numeric', storedAs: 'numeric(5, 4)' },
  { field: 'durationMinutes', column: 'duration_minutes', type: 'int' },
  { field: 'url', column: 'url', type: 'text' },
  { field: 'active', column: 'active', type: 'boolean' },
]);

/** The offerings these external ids or names (any case) identify. */
export const findOfferings = repository.find;
export const insertOfferings = repository.insert;
/** Writes the records whose stored values differ (compared after rounding to the column types); returns their ids. */
export const updateOfferings = repository.update;

/**
 * Points offerings (by name) at their parent (by external id; null clears it). A parent that does
 * not exist leaves the offering as it is. Returns the lower-cased names of offerings that changed.
 */
export async function setOfferingParents(
  trx: Trx,
  tenantId: string,
  links: readonly { name: string; parentExternalId: string | null }[],
): Promise<string[]> {
  if (links.length === 0) return [];
  const json = JSON.stringify(links.map((l) => ({ name: l.name, parent_external_id: l.parentExternalId })));
  const result = await sql<{ name: string }>`
    update offerings o set parent_id = p.id, updated_at = now()
    from jsonb_to_recordset(${json}::text::jsonb) as r(name text, parent_external_id text)
    left join offerings p on p.tenant_id = ${tenantId}::uuid and p.external_id = r.parent_external_id
    where o.tenant_id = ${tenantId}::uuid and lower(o.name) = lower(r.name)
      and (r.parent_external_id is null or p.id is not null)
      and o.id is distinct from p.id
      and o.parent_id is distinct from p.id
    returning lower(o.name) as name`.execute(trx);
  return result.rows.map((row) => row.name);
}
