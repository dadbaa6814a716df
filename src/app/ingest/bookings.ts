import { type BookingColumns, upsertBookings } from '../../adapters/db/ingest/bookings.repository.ts';
import type { Db } from '../../adapters/db/kysely.ts';
import type { BookingStatus } from '../../adapters/db/schema.ts';
import { type BookingInput, bookingStatusSchema, type IngestSummary } from '../../contracts/ingest.ts';
import { bookingKeyParts } from './batch-keys.ts';
import { ingestPreparedChunks, prepareReferencingChunk, type ReferencingEntity } from './chunks.ts';
import type { ChunkOptions, IngestOptions, PreparedChunk } from './context.ts';
import {
  optionalChoice,
  optionalInstant,
  optionalNumber,
  optionalText,
  RowRejection,
  requiredInstant,
  requiredText,
} from './fields.ts';

/**
 * Upserts bookings by external id, creating unknown customers, offerings and staff as activities
 * do. A booking without an external id is keyed by customer, start, offering and staff, so a later
 * export of the same booking with a new status updates it rather than adding a second one.
 */
export async function ingestBookings(
  db: Db,
  tenantId: string,
  rows: readonly BookingInput[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingestPreparedChunks(db, tenantId, rows, options, 5000, prepareBookingChunk);
}

const booking: ReferencingEntity<BookingInput, PreparedBooking, BookingColumns> = {
  prepare: prepareBooking,
  keyParts: bookingKeyParts,
  emptyColumns: () => ({ externalId: [], startsAt: [], endsAt: [], amount: [], status: [] }),
  push(columns, row, externalId) {
    columns.externalId.push(externalId);
    columns.startsAt.push(row.startsAt.toISOString());
    columns.endsAt.push(row.endsAt?.toISOString() ?? null);
    columns.amount.push(row.amount);
    columns.status.push(row.status);
  },
  upsert: upsertBookings,
};

/** Checks and keys a chunk of bookings now; `write` runs its transaction (see prepareActivityChunk). */
export function prepareBookingChunk(
  db: Db,
  tenantId: string,
  chunk: readonly BookingInput[],
  options: ChunkOptions,
): PreparedChunk {
  return prepareReferencingChunk(booking, db, tenantId, chunk, options);
}

const statuses = bookingStatusSchema.options;

interface PreparedBooking {
  externalId: string | null;
  customerExternalId: string;
  startsAt: Date;
  endsAt: Date | null;
  offering: string | null;
  staff: string | null;
  amount: number | null;
  status: BookingStatus;
}

function prepareBooking(row: BookingInput, timeZone: string): PreparedBooking {
  const startsAt = requiredInstant(row.startsAt, 'startsAt', timeZone);
  const endsAt = optionalInstant(row.endsAt, 'endsAt', timeZone) ?? null;
  if (endsAt && endsAt.getTime() <= startsAt.getTime())
    throw new RowRejection('endsAt: must be after startsAt');
  return {
    externalId: optionalText(row.externalId, 'externalId') ?? null,
    customerExternalId: requiredText(row.customerExternalId, 'customerExternalId'),
    startsAt,
    endsAt,
    offering: optionalText(row.offering, 'offering') ?? null,
    staff: optionalText(row.staff, 'staff') ?? null,
    amount: optionalNumber(row.amount, 'amount', { min: 0, max: 1e10 }) ?? null,
    status: optionalChoice(row.status, 'status', statuses) ?? 'booked',
  };
}
