import type { Updateable } from 'kysely';
import { bookingRows, listBookings } from '../adapters/db/bookings.repository.ts';
import type { Trx } from '../adapters/db/kysely.ts';
import type { BookingRow, BookingTable } from '../adapters/db/schema.ts';
import type { Booking, BookingCreate, BookingListQuery, BookingPatch } from '../contracts/bookings.ts';
import { iso } from './customers.ts';
import { invalid } from './errors.ts';
import { toInstantRange, toOptionalInstant } from './instants.ts';
import { defineRecord } from './records.ts';
import { assertReferences } from './references.ts';

/** Appointments to come (and their outcome once they are past). */
export const bookings = defineRecord<'bookings', Booking, BookingCreate, BookingPatch, BookingListQuery>({
  noun: 'booking',
  rows: bookingRows,
  toItem: toBooking,
  async toRow(trx, tenantId, input) {
    const values = await bookingValues(trx, tenantId, input, undefined);
    return { ...values, tenant_id: tenantId, customer_id: input.customerId, starts_at: values.starts_at! };
  },
  toChanges: (trx, tenantId, patch, existing) => bookingValues(trx, tenantId, patch, existing),
  list: async (trx, tenantId, query) =>
    listBookings(trx, tenantId, { ...query, ...(await toInstantRange(trx, tenantId, query)) }, query),
});

/**
 * Checks the ids it references and that the booking ends after it starts — taking the start or
 * end it already has when a patch changes only the other — then maps the fields to columns.
 */
async function bookingValues(
  trx: Trx,
  tenantId: string,
  input: Partial<BookingCreate>,
  existing: BookingRow | undefined,
): Promise<Updateable<BookingTable>> {
  await assertReferences(trx, tenantId, input);
  const startsAt = await toOptionalInstant(trx, tenantId, input.startsAt);
  const endsAt = await toOptionalInstant(trx, tenantId, input.endsAt);
  const start = startsAt ?? existing?.starts_at;
  const end = endsAt === undefined ? existing?.ends_at : endsAt;
  if (start && end && end.getTime() <= start.getTime()) {
    throw invalid('endsAt', `must be after startsAt (${start.toISOString()}), got ${end.toISOString()}`);
  }
  return {
    external_id: input.externalId,
    customer_id: input.customerId,
    starts_at: startsAt,
    ends_at: endsAt,
    offering_id: input.offeringId,
    staff_id: input.staffId,
    amount: input.amount,
    status: input.status,
  };
}

export function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    customerId: row.customer_id,
    externalId: row.external_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: iso(row.ends_at),
    offeringId: row.offering_id,
    staffId: row.staff_id,
    amount: row.amount === null ? null : Number(row.amount),
    status: row.status,
    source: row.source,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
