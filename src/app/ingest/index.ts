/** Batch ingestion: the use cases behind the API's batch endpoints and the CSV import. */

export { normalizePhone, resolveDefaultCountry } from '../../domain/contacts/phone.ts';
export { parseInstant } from '../../domain/time/parse-instant.ts';
export { ingestActivities } from './activities.ts';
export { type BatchKeys, createBatchKeys } from './batch-keys.ts';
export { ingestBookings } from './bookings.ts';
export { type IngestContext, type IngestOptions, loadIngestContext } from './context.ts';
export { ingestCustomers } from './customers.ts';
export { ingestOfferings } from './offerings.ts';
export { ingestStaff } from './staff.ts';
