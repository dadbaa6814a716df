import type { UpsertCounts } from '../../adapters/db/ingest/activities.repository.ts';
import { type Db, type Trx, withTenant } from '../../adapters/db/kysely.ts';
import type { IngestSummary } from '../../contracts/ingest.ts';
import { type BatchKeys, createBatchKeys } from './batch-keys.ts';
import {
  type ChunkOptions,
  contextFor,
  emptySummary,
  type IngestContext,
  type IngestOptions,
  inChunks,
  type PreparedChunk,
} from './context.ts';
import { RowRejection } from './fields.ts';
import { customerIds, referenceIds, rejectRow } from './references.ts';

/** Checks and keys one chunk now; `write` runs its transaction later. */
export type PrepareChunk<T> = (
  db: Db,
  tenantId: string,
  chunk: readonly T[],
  options: ChunkOptions,
) => PreparedChunk;

/** Ingests `rows` chunk by chunk, with one context and one set of batch keys for the whole batch. */
export async function ingestPreparedChunks<T>(
  db: Db,
  tenantId: string,
  rows: readonly T[],
  options: IngestOptions,
  defaultChunkSize: number,
  prepare: PrepareChunk<T>,
): Promise<IngestSummary> {
  const chunkOptions: ChunkOptions = {
    context: await contextFor(db, tenantId, options),
    keys: options.keys ?? createBatchKeys(),
    source: options.source ?? 'api',
  };
  return inChunks(rows, options.chunkSize ?? defaultChunkSize, (chunk) =>
    prepare(db, tenantId, chunk, chunkOptions).write(),
  );
}

/** Runs `accept` on each row of a chunk; a RowRejection it throws records that row as rejected. */
export function acceptRows<T>(
  summary: IngestSummary,
  chunk: readonly T[],
  accept: (row: T, index: number) => void,
): void {
  chunk.forEach((row, index) => {
    try {
      accept(row, index);
    } catch (error) {
      rejectRow(summary, index, error);
    }
  });
}

/** Claims an explicit external id for this batch; a second row with the same id is rejected. */
export function claimExternalId(keys: BatchKeys, externalId: string): string {
  if (!keys.claim(externalId)) {
    throw new RowRejection(
      `externalId: "${externalId}" appears more than once in this batch; only its first row is applied`,
    );
  }
  return externalId;
}

/** Completes a chunk's summary: of the `written` rows, those neither inserted nor updated were unchanged. */
export function countWritten(summary: IngestSummary, written: number, counts: UpsertCounts): IngestSummary {
  summary.inserted = counts.inserted;
  summary.updated = counts.updated;
  summary.unchanged = written - counts.inserted - counts.updated;
  return summary;
}

/** What activities and bookings name: a customer, and optionally an offering and a staff member. */
export interface ReferencingRow {
  externalId: string | null;
  customerExternalId: string;
  offering: string | null;
  staff: string | null;
}

/** The id columns a chunk of referencing rows gets once its references are resolved. */
export interface ReferenceColumns {
  customerId: string[];
  offeringId: (string | null)[];
  staffId: (string | null)[];
}

/** How one kind of referencing row (activity, booking) is checked, keyed, laid out and written. */
export interface ReferencingEntity<
  Input,
  Row extends ReferencingRow,
  Columns extends { externalId: string[] },
> {
  prepare(row: Input, timeZone: string): Row;
  /** What a row without an external id is keyed by. */
  keyParts(row: Row): string[];
  /** Empty columns, apart from the reference ids. */
  emptyColumns(): Omit<Columns, keyof ReferenceColumns>;
  /** Appends a row, keyed `externalId`, to every column but the reference ids. */
  push(columns: Omit<Columns, keyof ReferenceColumns>, row: Row, externalId: string): void;
  upsert(trx: Trx, tenantId: string, source: string, columns: Columns): Promise<UpsertCounts>;
}

/**
 * Checks and keys a chunk of activities or bookings now; `write` runs one transaction that
 * resolves (creating unknown ones) the customers, offerings and staff the rows name, then upserts.
 */
export function prepareReferencingChunk<
  Input,
  Row extends ReferencingRow,
  Columns extends ReferenceColumns & { externalId: string[] },
>(
  entity: ReferencingEntity<Input, Row, Columns>,
  db: Db,
  tenantId: string,
  chunk: readonly Input[],
  { context, keys, source }: ChunkOptions,
): PreparedChunk {
  const summary = emptySummary();
  const columns = entity.emptyColumns();
  const customerRefs: string[] = [];
  const offeringRefs: (string | null)[] = [];
  const staffRefs: (string | null)[] = [];
  acceptRows(summary, chunk, (input) => {
    const row = entity.prepare(input, context.timeZone);
    const externalId =
      row.externalId === null ? keys.contentKey(entity.keyParts(row)) : claimExternalId(keys, row.externalId);
    entity.push(columns, row, externalId);
    customerRefs.push(row.customerExternalId);
    offeringRefs.push(row.offering);
    staffRefs.push(row.staff);
  });
  const accepted = customerRefs.length;
  return {
    async write() {
      if (accepted === 0) return summary;
      const counts = await withTenant(db, tenantId, async (trx) => {
        const references: ReferenceColumns = {
          customerId: await customerIds(trx, tenantId, customerRefs),
          offeringId: await referenceIds(trx, tenantId, 'offerings', offeringRefs),
          staffId: await referenceIds(trx, tenantId, 'staff', staffRefs),
        };
        return entity.upsert(trx, tenantId, source, { ...columns, ...references } as Columns);
      });
      return countWritten(summary, accepted, counts);
    },
  };
}

/**
 * Ingests offerings or staff: chunk by chunk (1,000 rows by default), each row checked by
 * `prepare`, then the accepted rows of a chunk written in one transaction by `write`, which may
 * reject rows itself and reports how many rows it wrote and how many of those were inserted or
 * updated.
 */
export async function ingestCatalogChunks<Input, Row>(
  db: Db,
  tenantId: string,
  rows: readonly Input[],
  options: IngestOptions,
  prepare: (row: Input, index: number, context: IngestContext) => Row,
  write: (trx: Trx, rows: Row[], summary: IngestSummary) => Promise<UpsertCounts & { written: number }>,
): Promise<IngestSummary> {
  const context = await contextFor(db, tenantId, options);
  return inChunks(rows, options.chunkSize ?? 1000, async (chunk) => {
    const summary = emptySummary();
    const prepared: Row[] = [];
    acceptRows(summary, chunk, (row, index) => {
      prepared.push(prepare(row, index, context));
    });
    if (prepared.length === 0) return summary;
    const counts = await withTenant(db, tenantId, (trx) => write(trx, prepared, summary));
    countWritten(summary, counts.written, counts);
    summary.errors.sort((a, b) => a.index - b.index);
    return summary;
  });
}
