import {
  findOfferings,
  insertOfferings,
  type OfferingFields,
  setOfferingParents,
  updateOfferings,
} from '../../adapters/db/ingest/offerings.repository.ts';
import type { Db } from '../../adapters/db/kysely.ts';
import { type IngestSummary, type OfferingInput, offeringKindSchema } from '../../contracts/ingest.ts';
import { type CatalogRow, planCatalogWrites } from './catalog-plan.ts';
import { ingestCatalogChunks } from './chunks.ts';
import type { IngestOptions } from './context.ts';
import {
  optionalBoolean,
  optionalChoice,
  optionalNumber,
  optionalText,
  RowRejection,
  requiredText,
} from './fields.ts';
import { rejectRow } from './references.ts';

const defaults: OfferingFields = {
  kind: 'service',
  category: null,
  price: null,
  margin: null,
  durationMinutes: null,
  url: null,
  active: true,
};

interface OfferingRow extends CatalogRow<OfferingFields> {
  /** undefined: leave the parent as it is; null: no parent. */
  parentExternalId: string | null | undefined;
}

/**
 * Upserts offerings by external id, else by name (case-insensitive). An offering created by name
 * from an activity adopts the external id of the first row that names it. `parentExternalId`
 * must name an offering that exists or is in the batch.
 */
export async function ingestOfferings(
  db: Db,
  tenantId: string,
  rows: readonly OfferingInput[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  // offerings need nothing from the context, but ingestCatalogChunks loads it all the same, so an
  // unknown tenant fails here like everywhere
  return ingestCatalogChunks(db, tenantId, rows, options, prepareOffering, async (trx, prepared, summary) => {
    const externalIds = prepared
      .flatMap((r) => [r.externalId, r.parentExternalId ?? null])
      .filter((id) => id !== null);
    const stored = await findOfferings(
      trx,
      tenantId,
      externalIds,
      prepared.map((r) => r.name),
    );
    const known = new Set([...stored, ...prepared].map((o) => o.externalId));
    const valid = prepared.filter((row) => {
      if (!row.parentExternalId || known.has(row.parentExternalId)) return true;
      rejectRow(
        summary,
        row.index,
        new RowRejection(`parentExternalId: no offering has external id "${row.parentExternalId}"`),
      );
      return false;
    });
    const plan = planCatalogWrites(stored, valid, defaults, 'offering');
    for (const error of plan.errors) rejectRow(summary, error.index, new RowRejection(error.message));
    const inserted = await insertOfferings(trx, tenantId, plan.inserts);
    const changed = new Set(await updateOfferings(trx, tenantId, plan.updates));
    const written = [...plan.inserts, ...plan.updates];
    const byIndex = new Map(valid.map((row) => [row.index, row]));
    const links = written.flatMap((entry) => {
      const parent = byIndex.get(entry.index)?.parentExternalId;
      return parent === undefined ? [] : [{ name: entry.name, parentExternalId: parent }];
    });
    const reparented = new Set(await setOfferingParents(trx, tenantId, links));
    const alsoUpdated = plan.updates.filter(
      (u) => !changed.has(u.id) && reparented.has(u.name.toLowerCase()),
    );
    return { inserted, updated: changed.size + alsoUpdated.length, written: written.length };
  });
}

function prepareOffering(row: OfferingInput, index: number): OfferingRow {
  const fields: Partial<OfferingFields> = {};
  const kind = optionalChoice(row.kind, 'kind', offeringKindSchema.options);
  if (kind !== undefined) fields.kind = kind;
  const category = optionalText(row.category, 'category');
  if (category !== undefined) fields.category = category;
  const price = optionalNumber(row.price, 'price', { min: 0, max: 1e10 });
  if (price !== undefined) fields.price = price;
  const margin = optionalNumber(row.margin, 'margin', { min: 0, max: 1 });
  if (margin !== undefined) fields.margin = margin;
  const duration = optionalNumber(row.durationMinutes, 'durationMinutes', {
    min: 1,
    max: 24 * 60,
    integer: true,
  });
  if (duration !== undefined) fields.durationMinutes = duration;
  const url = optionalText(row.url, 'url', 2048);
  if (url && !/^https?:\/\/[^\s/]+\S*$/i.test(url))
    throw new RowRejection(`url: "${url}" is not an http(s) address`);
  if (url !== undefined) fields.url = url;
  const active = optionalBoolean(row.active, 'active');
  if (active !== undefined) fields.active = active;
  const externalId = optionalText(row.externalId, 'externalId') ?? null;
  const parentExternalId = optionalText(row.parentExternalId, 'parentExternalId');
  if (parentExternalId && parentExternalId === externalId) {
    throw new RowRejection('parentExternalId: an offering cannot be its own parent');
  }
  return { index, externalId, name: requiredText(row.name, 'name'), fields, parentExternalId };
}
