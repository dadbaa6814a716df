import {
  type CatalogTable,
  customerIdsFor,
  resolveCatalogReferences,
} from '../../adapters/db/ingest/references.repository.ts';
import type { Trx } from '../../adapters/db/kysely.ts';
import type { IngestSummary } from '../../contracts/ingest.ts';
import { RowRejection } from './fields.ts';

/** Each row's customer id, creating (external id only) the customers that do not exist yet. */
export async function customerIds(
  trx: Trx,
  tenantId: string,
  externalIds: readonly string[],
): Promise<string[]> {
  const ids = await customerIdsFor(trx, tenantId, [...new Set(externalIds)]);
  return externalIds.map((externalId) => {
    const id = ids.get(externalId);
    if (!id) throw new Error(`customer "${externalId}" could not be found or created`);
    return id;
  });
}

/** Offering or staff ids for each row's reference (null where the row names none), creating unknown ones. */
export async function referenceIds(
  trx: Trx,
  tenantId: string,
  table: CatalogTable,
  refs: readonly (string | null)[],
): Promise<(string | null)[]> {
  const distinct = [...new Set(refs.filter((ref): ref is string => ref !== null))];
  if (distinct.length === 0) return refs.map(() => null);
  const ids = await resolveCatalogReferences(trx, tenantId, table, distinct);
  return refs.map((ref) => {
    if (ref === null) return null;
    const id = ids.get(ref);
    if (!id) throw new Error(`${table} reference "${ref}" could not be resolved or created`);
    return id;
  });
}

/** Records a rejected row; anything that is not a RowRejection is a bug or an outage and propagates. */
export function rejectRow(summary: IngestSummary, index: number, error: unknown): void {
  if (!(error instanceof RowRejection)) throw error;
  summary.rejected++;
  summary.errors.push({ index, message: error.message });
}
