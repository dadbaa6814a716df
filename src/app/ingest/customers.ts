import type { CountryCode } from 'libphonenumber-js';
import { type CustomerDocument, upsertCustomers } from '../../adapters/db/ingest/customers.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { type CustomerInput, consentSchema, type IngestSummary } from '../../contracts/ingest.ts';
import { acceptRows, claimExternalId, countWritten, ingestPreparedChunks } from './chunks.ts';
import { type ChunkOptions, emptySummary, type IngestOptions, type PreparedChunk } from './context.ts';
import {
  optionalBoolean,
  optionalChoice,
  optionalEmail,
  optionalObject,
  optionalPhone,
  optionalText,
  RowRejection,
  requiredText,
} from './fields.ts';

/**
 * Upserts customers by external id. Fields a row leaves out keep their stored values; null or an
 * empty string clears them; attributes merge; phones are stored in E.164 (a phone that cannot be
 * read rejects its row). An import can record an opt-out but never lift one.
 */
export async function ingestCustomers(
  db: Db,
  tenantId: string,
  rows: readonly CustomerInput[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingestPreparedChunks(db, tenantId, rows, options, 2000, prepareCustomerChunk);
}

/** Checks a chunk of customers now; `write` runs its transaction (see prepareActivityChunk). */
export function prepareCustomerChunk(
  db: Db,
  tenantId: string,
  chunk: readonly CustomerInput[],
  { context, keys }: ChunkOptions,
): PreparedChunk {
  const summary = emptySummary();
  const documents: CustomerDocument[] = [];
  acceptRows(summary, chunk, (row) => {
    const document = prepareCustomer(row, context.defaultCountry);
    claimExternalId(keys, document.externalId);
    documents.push(document);
  });
  return {
    async write() {
      if (documents.length === 0) return summary;
      const counts = await withTenant(db, tenantId, (trx) => upsertCustomers(trx, tenantId, documents));
      return countWritten(summary, documents.length, counts);
    },
  };
}

const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

export function prepareCustomer(
  row: CustomerInput,
  defaultCountry: CountryCode | undefined,
): CustomerDocument {
  const document: CustomerDocument = { externalId: requiredText(row.externalId, 'externalId') };
  const name = optionalText(row.name, 'name');
  if (name !== undefined) document.name = name;

  const phone = optionalPhone(row.phone, 'phone', defaultCountry);
  if (phone !== undefined) document.phone = phone;

  const email = optionalEmail(row.email, 'email');
  if (email !== undefined) document.email = email;

  const locale = optionalText(row.locale, 'locale', 12);
  if (locale && !LOCALE.test(locale))
    throw new RowRejection(`locale: "${locale}" is not a tag such as pt-BR or ru`);
  if (locale !== undefined) document.locale = locale;

  if (row.tags !== undefined) document.tags = prepareTags(row.tags);
  const attributes = optionalObject(row.attributes, 'attributes', 'an object of key → value');
  if (attributes !== undefined) document.attributes = attributes;

  const vip = optionalBoolean(row.vip, 'vip');
  if (vip !== undefined) document.vip = vip;
  const consent = optionalChoice(row.consent, 'consent', consentSchema.options);
  if (consent !== undefined) document.consent = consent;
  const optedOut = optionalBoolean(row.optedOut, 'optedOut');
  if (optedOut !== undefined) document.optedOut = optedOut;
  const blacklisted = optionalBoolean(row.blacklisted, 'blacklisted');
  if (blacklisted !== undefined) document.blacklisted = blacklisted;
  return document;
}

function prepareTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new RowRejection('tags: must be a list of text');
  const clean = new Set<string>();
  for (const tag of tags) {
    const text = optionalText(tag, 'tags', 100);
    if (text) clean.add(text);
  }
  if (clean.size > 100) throw new RowRejection('tags: at most 100 tags');
  return [...clean];
}
