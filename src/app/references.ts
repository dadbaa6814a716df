import { customerRows } from '../adapters/db/customers.repository.ts';
import type { DbOrTrx, Trx } from '../adapters/db/kysely.ts';
import { offeringRows } from '../adapters/db/offerings.repository.ts';
import { staffRows } from '../adapters/db/staff.repository.ts';
import { invalid } from './errors.ts';

/** How activities and bookings point at the customer, offering and staff member they concern. */
export interface HistoryReferences {
  customerId?: string | null | undefined;
  offeringId?: string | null | undefined;
  staffId?: string | null | undefined;
}

type Referenced = 'customer' | 'offering' | 'staff member';

const targets: Record<Referenced, { find(db: DbOrTrx, tenantId: string, id: string): Promise<unknown> }> = {
  customer: customerRows,
  offering: offeringRows,
  'staff member': staffRows,
};

const referenced: Record<keyof HistoryReferences, Referenced> = {
  customerId: 'customer',
  offeringId: 'offering',
  staffId: 'staff member',
};

/**
 * Refuses, as a 400 naming the field, an id that is not one of this tenant's rows. Another
 * tenant's id gets the same answer as one that exists nowhere, so nothing about it leaks.
 */
export async function assertReferences(trx: Trx, tenantId: string, refs: HistoryReferences): Promise<void> {
  for (const [field, noun] of Object.entries(referenced) as [keyof HistoryReferences, Referenced][]) {
    const id = refs[field];
    if (id) await assertExists(trx, tenantId, field, noun, id);
  }
}

export async function assertExists(
  trx: Trx,
  tenantId: string,
  field: string,
  noun: Referenced,
  id: string,
): Promise<void> {
  if (!(await targets[noun].find(trx, tenantId, id))) {
    throw invalid(field, `this tenant has no ${noun} with id ${id}`);
  }
}
