import type { Updateable } from 'kysely';
import type { Trx } from '../adapters/db/kysely.ts';
import { listOfferings, offeringLineage, offeringRows } from '../adapters/db/offerings.repository.ts';
import type { OfferingRow, OfferingTable } from '../adapters/db/schema.ts';
import type { Offering, OfferingCreate, OfferingListQuery, OfferingPatch } from '../contracts/offerings.ts';
import { invalid } from './errors.ts';
import { defineRecord } from './records.ts';
import { assertExists } from './references.ts';

/**
 * Services, products, courses and modules. Deleting one keeps its activities and bookings,
 * without the offering (the foreign keys set it to null).
 */
export const offerings = defineRecord<
  'offerings',
  Offering,
  OfferingCreate,
  OfferingPatch,
  OfferingListQuery
>({
  noun: 'offering',
  rows: offeringRows,
  toItem: toOffering,
  async toRow(trx, tenantId, input) {
    if (input.parentId) await assertExists(trx, tenantId, 'parentId', 'offering', input.parentId);
    return { ...offeringValues(input), tenant_id: tenantId, name: input.name };
  },
  async toChanges(trx, tenantId, patch, existing) {
    if (patch.parentId) await assertParentAllowed(trx, tenantId, existing.id, patch.parentId);
    return offeringValues(patch);
  },
  list: listOfferings,
});

/** An offering cannot be its own parent, nor the parent of one of its parents. */
async function assertParentAllowed(trx: Trx, tenantId: string, id: string, parentId: string): Promise<void> {
  await assertExists(trx, tenantId, 'parentId', 'offering', parentId);
  if ((await offeringLineage(trx, tenantId, parentId)).includes(id)) {
    throw invalid('parentId', 'an offering cannot sit below itself or below one of its own modules');
  }
}

function offeringValues(input: Partial<OfferingCreate>): Updateable<OfferingTable> {
  return {
    external_id: input.externalId,
    name: input.name,
    kind: input.kind,
    category: input.category,
    price: input.price,
    margin: input.margin,
    duration_minutes: input.durationMinutes,
    url: input.url,
    parent_id: input.parentId,
    active: input.active,
  };
}

export function toOffering(row: OfferingRow): Offering {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    kind: row.kind,
    category: row.category,
    price: row.price === null ? null : Number(row.price),
    margin: row.margin === null ? null : Number(row.margin),
    durationMinutes: row.duration_minutes,
    url: row.url,
    parentId: row.parent_id,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
