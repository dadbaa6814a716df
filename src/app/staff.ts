import type { Updateable } from 'kysely';
import type { Trx } from '../adapters/db/kysely.ts';
import type { StaffRow, StaffTable } from '../adapters/db/schema.ts';
import { listStaff, staffRows } from '../adapters/db/staff.repository.ts';
import type { StaffCreate, StaffListQuery, StaffMember, StaffPatch } from '../contracts/staff.ts';
import { phoneFor } from './customers.ts';
import { defineRecord } from './records.ts';

/**
 * The people who deliver the offerings. Deleting one keeps their activities and bookings,
 * without a staff member (the foreign keys set it to null).
 */
export const staff = defineRecord<'staff', StaffMember, StaffCreate, StaffPatch, StaffListQuery>({
  noun: 'staff member',
  rows: staffRows,
  toItem: toStaffMember,
  toRow: async (trx, tenantId, input) => ({
    ...(await staffValues(trx, tenantId, input)),
    tenant_id: tenantId,
    name: input.name,
  }),
  toChanges: (trx, tenantId, patch) => staffValues(trx, tenantId, patch),
  list: listStaff,
});

/** Phones are stored in E.164, like customers'. */
async function staffValues(
  trx: Trx,
  tenantId: string,
  input: Partial<StaffCreate>,
): Promise<Updateable<StaffTable>> {
  let phone = input.phone === '' ? null : input.phone;
  if (phone) phone = await phoneFor(trx, tenantId, phone);
  return {
    external_id: input.externalId,
    name: input.name,
    email: input.email,
    phone,
    working_hours: input.workingHours === undefined ? undefined : JSON.stringify(input.workingHours),
    active: input.active,
  };
}

export function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    workingHours: row.working_hours,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
