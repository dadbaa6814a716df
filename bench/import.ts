/**
 * Import throughput of a CSV file, on PGlite and on PostgreSQL. Each run imports the file into a
 * fresh database (pass "first": everything is inserted), then imports it again (pass "again":
 * everything is unchanged), and prints one JSON line per pass.
 *
 *   node bench/import.ts [file] [--entity activities] [--backend pglite|postgres|both]
 *                        [--database-url postgres://…] [--runs N] [--timezone America/Sao_Paulo]
 *                        [--mode csv|ingest] [--chunk-size N]
 *
 * --mode csv (default) times importCsv: reading, parsing, validating and writing. --mode ingest
 * parses the file first, untimed, and times only the use case (ingestActivities & co.) on the
 * parsed rows in chunks of 5,000 — what the HTTP batch endpoints cost, without HTTP. --mode bare
 * (activities only) is the yardstick: the same rows through a plain INSERT … SELECT FROM unnest,
 * as the table owner, without conflict handling, row-level security or customer figures — the
 * most this machine's database can insert into the activities table as it is indexed.
 *
 * Without a file, the CDNOW master file is converted (bench/cdnow-to-csv.ts) and used. The
 * PostgreSQL URL comes from --database-url, else DATABASE_URL, else TEST_DATABASE_URL; each run
 * works in a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/adapters/db/kysely.ts';
import { migrate } from '../src/adapters/db/migrate.ts';
import { toPgArray } from '../src/adapters/db/pg-array.ts';
import { csvEntities } from '../src/adapters/sources/csv/columns.ts';
import { openCsvFile } from '../src/adapters/sources/csv/csv-reader.ts';
import { type HeaderPlan, planHeader } from '../src/adapters/sources/csv/header-plan.ts';
import { convertRow } from '../src/adapters/sources/csv/row-converter.ts';
import { type CsvEntityName, importCsv } from '../src/app/import-csv.ts';
import type { IngestOptions } from '../src/app/ingest/context.ts';
import {
  ingestActivities,
  ingestBookings,
  ingestCustomers,
  ingestOfferings,
  ingestStaff,
  loadIngestContext,
} from '../src/app/ingest/index.ts';
import type { ActivityInput, IngestSummary } from '../src/contracts/ingest.ts';
import { CDNOW_MASTER, convertCdnow } from './cdnow-to-csv.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    entity: { type: 'string', default: 'activities' },
    backend: { type: 'string' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '1' },
    timezone: { type: 'string', default: 'UTC' },
    mode: { type: 'string', default: 'csv' },
    'chunk-size': { type: 'string' },
  },
});

type Ingest = (
  db: DatabaseHandle['db'],
  tenantId: string,
  rows: never[],
  options: IngestOptions,
) => Promise<IngestSummary>;
const ingesters: Record<CsvEntityName, Ingest> = {
  customers: ingestCustomers,
  offerings: ingestOfferings,
  staff: ingestStaff,
  activities: ingestActivities,
  bookings: ingestBookings,
};

const chunking = values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {};
const url = values['database-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const backends =
  values.backend === 'both' || !values.backend
    ? url
      ? ['pglite', 'postgres']
      : ['pglite']
    : [values.backend];
const entity = values.entity as CsvEntityName;
if (!['csv', 'ingest', 'bare'].includes(values.mode)) throw new Error('--mode: csv, ingest or bare');
if (values.mode === 'bare' && entity !== 'activities')
  throw new Error('--mode bare measures activities only');
const file = positionals[0] ?? (await defaultFile());

for (let run = 1; run <= Number(values.runs); run++) {
  for (const backend of backends) {
    if (backend !== 'pglite' && backend !== 'postgres')
      throw new Error(`--backend: unknown backend ${backend}`);
    const database = await freshDatabase(backend);
    try {
      const [tenant] = await database.handle.db
        .insertInto('tenants')
        .values({ name: 'bench', timezone: values.timezone })
        .returning('id')
        .execute();
      const parsed = values.mode === 'csv' ? undefined : await parseFile(tenant!.id, database.handle);
      for (const pass of values.mode === 'bare' ? (['first'] as const) : (['first', 'again'] as const)) {
        const started = performance.now();
        const summary =
          parsed && values.mode === 'bare'
            ? await bareInsert(database.handle, tenant!.id, parsed as ActivityInput[])
            : parsed
              ? {
                  ...(await ingesters[entity](database.handle.db, tenant!.id, parsed, { chunkSize: 5000 })),
                  rows: parsed.length,
                }
              : await importCsv({ db: database.handle.db, tenantId: tenant!.id, entity, file, ...chunking });
        const seconds = 'seconds' in summary ? summary.seconds : (performance.now() - started) / 1000;
        console.log(
          JSON.stringify({
            backend,
            entity,
            mode: values.mode,
            file,
            megabytes: Number((statSync(file).size / 1e6).toFixed(2)),
            run,
            pass,
            rows: summary.rows,
            seconds: Number(seconds.toFixed(3)),
            rowsPerSecond: Math.round(summary.rows / seconds),
            inserted: summary.inserted,
            updated: summary.updated,
            unchanged: summary.unchanged,
            rejected: summary.rejected,
          }),
        );
      }
    } finally {
      await database.dispose();
    }
  }
}

/** The file's rows as the use case takes them (what the CSV layer would hand over), untimed. */
async function parseFile(tenantId: string, handle: DatabaseHandle): Promise<never[]> {
  const { timeZone } = await loadIngestContext(handle.db, tenantId);
  const csv = await openCsvFile(file);
  const spec = csvEntities[entity];
  const rows: unknown[] = [];
  let plan: HeaderPlan | undefined;
  for await (const batch of csv.records(() => {})) {
    for (const record of batch) {
      if (!plan) plan = planHeader(spec, record.cells);
      else {
        const converted = convertRow(spec, plan, record.cells, timeZone);
        if (converted.ok) rows.push(converted.value);
      }
    }
  }
  return rows as never[];
}

/** The yardstick of --mode bare: customers created untimed, then plain inserts of 5,000 rows. */
async function bareInsert(handle: DatabaseHandle, tenantId: string, rows: ActivityInput[]) {
  const db = handle.db;
  const externalIds = [...new Set(rows.map((row) => row.customerExternalId))];
  await sql`insert into customers (tenant_id, external_id)
    select ${tenantId}::uuid, x from unnest(${toPgArray(externalIds)}::text::text[]) as x`.execute(db);
  const started = performance.now();
  for (let offset = 0; offset < rows.length; offset += 5000) {
    const chunk = rows.slice(offset, offset + 5000);
    await db.transaction().execute((trx) =>
      sql`insert into activities (tenant_id, customer_id, external_id, occurred_at, amount, quantity)
        select ${tenantId}::uuid, c.id, i.external_id, i.occurred_at, i.amount, i.quantity
        from unnest(
          ${toPgArray(chunk.map((row) => row.customerExternalId))}::text::text[],
          ${toPgArray(chunk.map((_, i) => `bare:${offset + i}`))}::text::text[],
          ${toPgArray(chunk.map((row) => new Date(row.occurredAt).toISOString()))}::text::timestamptz[],
          ${toPgArray(chunk.map((row) => row.amount ?? 0))}::text::numeric[],
          ${toPgArray(chunk.map((row) => row.quantity ?? 1))}::text::int[]
        ) as i(customer_external_id, external_id, occurred_at, amount, quantity)
        join customers c on c.tenant_id = ${tenantId}::uuid and c.external_id = i.customer_external_id`.execute(
        trx,
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows: rows.length, inserted: rows.length, updated: 0, unchanged: 0, rejected: 0, seconds };
}

async function defaultFile(): Promise<string> {
  const converted = fileURLToPath(new URL('./out/cdnow-activities.csv', import.meta.url));
  if (!existsSync(converted)) await convertCdnow(CDNOW_MASTER, converted);
  return converted;
}

async function freshDatabase(
  backend: 'pglite' | 'postgres',
): Promise<{ handle: DatabaseHandle; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(handle.db);
    return { handle, dispose: () => handle.close() };
  }
  if (!url) throw new Error('PostgreSQL needs --database-url, DATABASE_URL or TEST_DATABASE_URL');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await admin(url, `create schema ${schema}`);
  const handle = openDatabase({ kind: 'postgres', url, schema, poolSize: 4 });
  await migrate(handle.db);
  return {
    handle,
    async dispose() {
      await handle.close();
      await admin(url, `drop schema ${schema} cascade`);
    },
  };
}

async function admin(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
