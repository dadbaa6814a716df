import {
  findStaff,
  insertStaff,
  type StaffFields,
  updateStaff,
} from '../../adapters/db/ingest/staff.repository.ts';
import type { Db } from '../../adapters/db/kysely.ts';
import type { IngestSummary, StaffInput } from '../../contracts/ingest.ts';
import { type CatalogRow, planCatalogWrites } from './catalog-plan.ts';
import { ingestCatalogChunks } from './chunks.ts';
import type { IngestContext, IngestOptions } from './context.ts';
import {
  optionalBoolean,
  optionalEmail,
  optionalObject,
  optionalPhone,
  optionalText,
  RowRejection,
  requiredText,
} from './fields.ts';
import { rejectRow } from './references.ts';

const defaults: StaffFields = { email: null, phone: null, workingHours: {}, active: true };

/** Upserts staff by external id, else by name (case-insensitive), as offerings are. Phones become E.164. */
export async function ingestStaff(
  db: Db,
  tenantId: string,
  rows: readonly StaffInput[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingestCatalogChunks(db, tenantId, rows, options, prepareStaff, async (trx, prepared, summary) => {
    const externalIds = prepared.map((r) => r.externalId).filter((id) => id !== null);
    const stored = await findStaff(
      trx,
      tenantId,
      externalIds,
      prepared.map((r) => r.name),
    );
    const plan = planCatalogWrites(stored, prepared, defaults, 'staff member');
    for (const error of plan.errors) rejectRow(summary, error.index, new RowRejection(error.message));
    const inserted = await insertStaff(trx, tenantId, plan.inserts);
    const updated = (await updateStaff(trx, tenantId, plan.updates)).length;
    return { inserted, updated, written: plan.inserts.length + plan.updates.length };
  });
}

function prepareStaff(row: StaffInput, index: number, context: IngestContext): CatalogRow<StaffFields> {
  const fields: Partial<StaffFields> = {};
  const email = optionalEmail(row.email, 'email');
  if (email !== undefined) fields.email = email;
  const phone = optionalPhone(row.phone, 'phone', context.defaultCountry);
  if (phone !== undefined) fields.phone = phone;
  const workingHours = optionalObject(
    row.workingHours,
    'workingHours',
    'an object such as {"mon": [["09:00", "18:00"]]}',
  );
  if (workingHours !== undefined) fields.workingHours = workingHours;
  const active = optionalBoolean(row.active, 'active');
  if (active !== undefined) fields.active = active;
  return {
    index,
    externalId: optionalText(row.externalId, 'externalId') ?? null,
    name: requiredText(row.name, 'name'),
    fields,
  };
}
