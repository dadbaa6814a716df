import type { Db } from '../adapters/db/kysely.ts';
import { type CsvEntityName, csvEntities } from '../adapters/sources/csv/columns.ts';
import { openCsvFile } from '../adapters/sources/csv/csv-reader.ts';
import {
  CsvFormatError,
  type HeaderPlan,
  parseHeaderMap,
  planHeader,
} from '../adapters/sources/csv/header-plan.ts';
import { convertRow } from '../adapters/sources/csv/row-converter.ts';
import type { IngestSummary } from '../contracts/ingest.ts';
import { prepareActivityChunk } from './ingest/activities.ts';
import { createBatchKeys } from './ingest/batch-keys.ts';
import { prepareBookingChunk } from './ingest/bookings.ts';
import {
  type ChunkOptions,
  emptySummary,
  type IngestOptions,
  loadIngestContext,
  type PreparedChunk,
} from './ingest/context.ts';
import { prepareCustomerChunk } from './ingest/customers.ts';
import { ingestOfferings } from './ingest/offerings.ts';
import { ingestStaff } from './ingest/staff.ts';
import { attributeReturns } from './listen/attribution.ts';

export type { CsvEntityName };
export { CsvFormatError };

export interface ImportCsvOptions {
  db: Db;
  tenantId: string;
  entity: CsvEntityName;
  /** Path of the CSV file. */
  file: string;
  /** Renames the file's headers: { date: 'occurred_at' } or "date=occurred_at,client=customer_external_id". */
  map?: Record<string, string> | string;
  /** Called after every chunk. */
  onProgress?(processedBytes: number, totalBytes: number, rowsSoFar: number): void;
  /** Rows per transaction; defaults suit each entity. */
  chunkSize?: number;
}

export interface ImportCsvSummary extends IngestSummary {
  /** Data rows read (not counting the header or blank lines). */
  rows: number;
  /** Headers of the file that fed no field, as written. */
  ignoredColumns: string[];
}

/** Errors kept in the summary; `rejected` keeps counting past this. */
export const MAX_REPORTED_ERRORS = 1000;

type PrepareChunk = (db: Db, tenantId: string, rows: never[], options: ChunkOptions) => PreparedChunk;

/** Catalog chunks are small and planned against the database, so they have nothing to prepare early. */
const whole =
  (ingest: (db: Db, tenantId: string, rows: never[], options: IngestOptions) => Promise<IngestSummary>) =>
  (db: Db, tenantId: string, rows: never[], { context }: ChunkOptions): PreparedChunk => ({
    write: () => ingest(db, tenantId, rows, { context, chunkSize: Number.MAX_SAFE_INTEGER }),
  });

const ingesters: Record<CsvEntityName, { prepare: PrepareChunk; chunkSize: number }> = {
  customers: { prepare: prepareCustomerChunk, chunkSize: 2000 },
  offerings: { prepare: whole(ingestOfferings), chunkSize: 1000 },
  staff: { prepare: whole(ingestStaff), chunkSize: 1000 },
  activities: { prepare: prepareActivityChunk, chunkSize: 5000 },
  bookings: { prepare: prepareBookingChunk, chunkSize: 5000 },
};

/**
 * Imports a CSV file (1M+ rows are fine: it streams, chunk by chunk) through the ingestion use
 * cases. A missing required column or a bad `map` throws CsvFormatError before anything is
 * written. Bad rows are skipped and reported with their physical line; good rows land. Rows
 * without an external id are numbered across the whole file, so importing it again changes
 * nothing.
 */
export async function importCsv(options: ImportCsvOptions): Promise<ImportCsvSummary> {
  const { db, tenantId, entity } = options;
  const spec = csvEntities[entity];
  const { prepare, chunkSize: defaultChunk } = ingesters[entity];
  const chunkSize = options.chunkSize ?? defaultChunk;
  const map = typeof options.map === 'string' ? parseHeaderMap(options.map) : (options.map ?? {});
  const context = await loadIngestContext(db, tenantId);
  const chunkOptions: ChunkOptions = { context, keys: createBatchKeys(), source: 'csv' };
  const file = await openCsvFile(options.file);

  const summary: ImportCsvSummary = { ...emptySummary(), rows: 0, ignoredColumns: [] };
  const reject = (index: number, line: number, message: string) => {
    summary.rejected++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ index, line, message });
  };
  let plan: HeaderPlan | undefined;
  let chunk: unknown[] = [];
  let lines: number[] = [];
  let ordinals: number[] = [];

  const write = async (prepared: PreparedChunk, rowLines: number[], rowOrdinals: number[]) => {
    const result = await prepared.write();
    summary.inserted += result.inserted;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    for (const error of result.errors) {
      reject(rowOrdinals[error.index] ?? -1, rowLines[error.index] ?? 0, inFileTerms(error.message, plan));
    }
    options.onProgress?.(file.bytesRead(), file.totalBytes, summary.rows);
  };
  // While one chunk is in the database, the next one is parsed, checked and keyed: PostgreSQL
  // works in its own process, so the two overlap. Chunks are prepared and written one at a time,
  // in file order, which keeps the numbering of content keys and the transactions in that order.
  let writing: Promise<void> = Promise.resolve();
  const submit = async () => {
    if (chunk.length === 0) return;
    const prepared = prepare(db, tenantId, chunk as never[], chunkOptions);
    const next = [prepared, lines, ordinals] as const;
    chunk = [];
    lines = [];
    ordinals = [];
    await writing;
    writing = write(...next);
    // a failure resurfaces at the next `await writing`; until then it must not count as unhandled
    writing.catch(() => {});
  };

  const onProblem = (problem: { line: number; message: string }) =>
    reject(summary.rows++, problem.line, problem.message);
  for await (const records of file.records(onProblem)) {
    for (const record of records) {
      if (!plan) {
        plan = planHeader(spec, record.cells, map);
        summary.ignoredColumns = plan.ignored;
        continue;
      }
      const ordinal = summary.rows++;
      const converted = convertRow(spec, plan, record.cells, context.timeZone);
      if (!converted.ok) {
        reject(ordinal, record.line, converted.message);
        continue;
      }
      chunk.push(converted.value);
      lines.push(record.line);
      ordinals.push(ordinal);
      if (chunk.length >= chunkSize) await submit();
    }
  }
  if (!plan) throw new CsvFormatError(`${options.file} is empty: expected a header row`);
  await submit();
  await writing;
  // orders and bookings may be the returns attempts wait for: credit them now
  if ((entity === 'activities' || entity === 'bookings') && summary.inserted + summary.updated > 0) {
    await attributeReturns(db, tenantId, { actor: 'csv' });
  }
  options.onProgress?.(file.totalBytes, file.totalBytes, summary.rows);
  summary.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return summary;
}

/** "occurredAt: …" from the use case → "date: …" when the file calls that column "date". */
function inFileTerms(message: string, plan: HeaderPlan | undefined): string {
  const match = /^([A-Za-z]+): /.exec(message);
  if (!match?.[1] || !plan) return message;
  return `${plan.headerOf(match[1])}: ${message.slice(match[0].length)}`;
}
