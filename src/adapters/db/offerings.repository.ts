import { sql } from 'kysely';
import type { OfferingListQuery } from '../../contracts/offerings.ts';
import { containsPattern } from './filters.ts';
import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import { tenantRows } from './tenant-rows.ts';

export const offeringRows = tenantRows('offerings');

export async function listOfferings(db: DbOrTrx, tenantId: string, query: OfferingListQuery) {
  let q = db.selectFrom('offerings').selectAll().where('tenant_id', '=', tenantId);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.category) q = q.where(sql<boolean>`lower(category) = lower(${query.category})`);
  if (query.active !== undefined) q = q.where('active', '=', query.active);
  if (query.q) {
    const like = containsPattern(query.q);
    q = q.where((eb) =>
      eb.or([eb('name', 'ilike', like), eb('category', 'ilike', like), eb('external_id', '=', query.q!)]),
    );
  }
  const rows = await applyPage(q, 'offerings', query.cursor, query.limit).execute();
  return toPage(rows, query.limit);
}

/**
 * The ids of an offering and all its parents, walking up: setting `parent_id` of X to P makes a
 * cycle exactly when X is among P's. Stops after 100 levels, deeper than any real catalogue.
 */
export async function offeringLineage(db: DbOrTrx, tenantId: string, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive lineage (id, parent_id, depth) as (
      select id, parent_id, 1 from offerings where tenant_id = ${tenantId} and id = ${id}
      union all
      select o.id, o.parent_id, l.depth + 1
      from offerings o join lineage l on o.tenant_id = ${tenantId} and o.id = l.parent_id
      where l.depth < 100
    )
    select id from lineage`.execute(db);
  return rows.map((row) => row.id);
}
