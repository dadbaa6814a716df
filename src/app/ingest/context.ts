import type { CountryCode } from 'libphonenumber-js';
import { findTenantIngestSettings } from '../../adapters/db/ingest/tenant.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import type { IngestSummary } from '../../contracts/ingest.ts';
import { resolveDefaultCountry } from '../../domain/contacts/phone.ts';
import { assertTimeZone } from '../../domain/time/zone-offset.ts';
import type { BatchKeys } from './batch-keys.ts';

/** What ingestion needs from the tenant, loaded once per batch (or once per file). */
export interface IngestContext {
  tenantId: string;
  /** IANA zone: plain dates mean midnight there. */
  timeZone: string;
  /** For national phone numbers; undefined means only +E.164-style numbers are accepted. */
  defaultCountry: CountryCode | undefined;
}

export interface IngestOptions {
  /** Pass when calling repeatedly for one tenant (e.g. chunk after chunk of a file). */
  context?: IngestContext;
  /** Identity bookkeeping shared across calls that form one batch (one CSV file). */
  keys?: BatchKeys;
  /** Recorded on new activities and bookings: 'api', 'csv', a webhook provider… */
  source?: string;
  /** Rows per transaction. */
  chunkSize?: number;
}

/** What every chunk of one batch shares. */
export interface ChunkOptions {
  context: IngestContext;
  keys: BatchKeys;
  source: string;
}

/** A chunk whose rows are checked and keyed; `write` runs its one transaction. */
export interface PreparedChunk {
  write(): Promise<IngestSummary>;
}

export async function loadIngestContext(db: Db, tenantId: string): Promise<IngestContext> {
  const settings = await withTenant(db, tenantId, (trx) => findTenantIngestSettings(trx, tenantId));
  if (!settings) throw new Error(`tenant ${tenantId} does not exist`);
  assertTimeZone(settings.timezone);
  return {
    tenantId,
    timeZone: settings.timezone,
    defaultCountry: resolveDefaultCountry(settings.defaultCountry, settings.locale),
  };
}

export function emptySummary(): IngestSummary {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
}

/**
 * Runs `write` over `rows` in chunks and totals the summaries. Each chunk's summary indexes its
 * errors within the chunk; they are shifted to index the whole batch here.
 */
export async function inChunks<T>(
  rows: readonly T[],
  chunkSize: number,
  write: (chunk: readonly T[], offset: number) => Promise<IngestSummary>,
): Promise<IngestSummary> {
  const total = emptySummary();
  for (let offset = 0; offset < rows.length; offset += chunkSize) {
    const part = await write(rows.slice(offset, offset + chunkSize), offset);
    total.inserted += part.inserted;
    total.updated += part.updated;
    total.unchanged += part.unchanged;
    total.rejected += part.rejected;
    for (const error of part.errors) total.errors.push({ ...error, index: error.index + offset });
  }
  return total;
}

/** The caller's context if given (checked to be this tenant's), else a fresh one. */
export async function contextFor(db: Db, tenantId: string, options: IngestOptions): Promise<IngestContext> {
  if (!options.context) return loadIngestContext(db, tenantId);
  if (options.context.tenantId !== tenantId) throw new Error('ingest context belongs to another tenant');
  return options.context;
}
