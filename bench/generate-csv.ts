/**
 * Writes the demo salon as canonical CSV files, streaming, for benchmarks and import tests:
 *
 *   node bench/generate-csv.ts --customers 100000 [--seed 42] [--now 2026-03-15T15:00:00-03:00]
 *                              [--years 3] --out bench/out/100k
 *
 * customers.csv, offerings.csv, activities.csv and bookings.csv use the canonical headers of the
 * ingest contracts (snake_case); staff.csv adds the professionals, with their working hours as
 * JSON in a last column the CSV importer does not read yet. Activities and bookings name the
 * staff member, so an import without staff.csv still creates people with proper names. Customers are generated and written one at a time, with
 * back-pressure, so memory stays flat whatever --customers is.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoCatalog, streamDemoCustomers } from '../src/app/demo/generate.ts';

type Cell = string | number | boolean | null | undefined | Date;

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\n`;
}

/** A CSV file written in 256 KiB chunks that waits for the disk when the stream's buffer is full. */
type CsvFile = { rows: number; add(cells: readonly Cell[]): Promise<void>; close(): Promise<void> };

const CHUNK = 256 * 1024;

function openCsv(path: string, header: readonly string[]): CsvFile {
  const stream: WriteStream = createWriteStream(path);
  let buffer = csvLine(header);
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  const file: CsvFile = {
    rows: 0,
    async add(cells) {
      buffer += csvLine(cells);
      file.rows++;
      if (buffer.length >= CHUNK) await flush();
    },
    async close() {
      await flush();
      stream.end();
      await once(stream, 'finish');
    },
  };
  return file;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      now: { type: 'string' },
      years: { type: 'string', default: '3' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const customers = Number(values.customers);
  const seed = Number(values.seed);
  const years = Number(values.years);
  const now = values.now ? new Date(values.now) : new Date();
  const problems = [
    !values.out && '--out DIR is required',
    !(Number.isSafeInteger(customers) && customers >= 0) &&
      `--customers must be a whole number, got ${values.customers}`,
    !Number.isSafeInteger(seed) && `--seed must be an integer, got ${values.seed}`,
    !(years > 0) && `--years must be positive, got ${values.years}`,
    Number.isNaN(now.getTime()) && `--now must be an ISO date-time, got ${values.now}`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    console.error(
      `${problems.join('\n')}\nusage: node bench/generate-csv.ts --customers N [--seed S] [--now ISO] --out DIR`,
    );
    process.exit(2);
  }
  return { customers, seed, years, now, out: values.out as string };
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = performance.now();
  await mkdir(options.out, { recursive: true });
  const catalog = demoCatalog();

  const offerings = openCsv(join(options.out, 'offerings.csv'), [
    'external_id',
    'name',
    'kind',
    'category',
    'price',
    'margin',
    'duration_minutes',
  ]);
  for (const offering of catalog.offerings) {
    await offerings.add([
      offering.externalId,
      offering.name,
      offering.kind,
      offering.category,
      offering.price,
      offering.margin,
      offering.durationMinutes,
    ]);
  }
  const staff = openCsv(join(options.out, 'staff.csv'), [
    'external_id',
    'name',
    'email',
    'phone',
    'active',
    'working_hours',
  ]);
  for (const member of catalog.staff) {
    await staff.add([
      member.externalId,
      member.name,
      member.email,
      member.phone,
      member.active,
      JSON.stringify(member.workingHours ?? {}),
    ]);
  }

  const customers = openCsv(join(options.out, 'customers.csv'), [
    'external_id',
    'name',
    'phone',
    'email',
    'locale',
    'tags',
    'vip',
    'consent',
  ]);
  const activities = openCsv(join(options.out, 'activities.csv'), [
    'customer_external_id',
    'occurred_at',
    'offering',
    'staff',
    'amount',
    'quantity',
    'status',
    'external_id',
  ]);
  const bookings = openCsv(join(options.out, 'bookings.csv'), [
    'customer_external_id',
    'starts_at',
    'ends_at',
    'offering',
    'staff',
    'amount',
    'status',
    'external_id',
  ]);
  for (const record of streamDemoCustomers(options)) {
    const { customer } = record;
    await customers.add([
      customer.externalId,
      customer.name,
      customer.phone,
      customer.email,
      customer.locale,
      (customer.tags ?? []).join('|'),
      customer.vip,
      customer.consent,
    ]);
    for (const activity of record.activities) {
      await activities.add([
        activity.customerExternalId,
        activity.occurredAt,
        activity.offering,
        activity.staff,
        activity.amount,
        activity.quantity,
        activity.status,
        activity.externalId,
      ]);
    }
    for (const booking of record.bookings) {
      await bookings.add([
        booking.customerExternalId,
        booking.startsAt,
        booking.endsAt,
        booking.offering,
        booking.staff,
        booking.amount,
        booking.status,
        booking.externalId,
      ]);
    }
  }

  const files = { offerings, staff, customers, activities, bookings };
  for (const file of Object.values(files)) await file.close();
  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(files).reduce((sum, file) => sum + file.rows, 0);
  const counts = Object.entries(files).map(([name, file]) => `${name} ${file.rows.toLocaleString('en')}`);
  console.log(`wrote ${total.toLocaleString('en')} rows to ${options.out} (${counts.join(', ')})`);
  console.log(
    `seed ${options.seed}, now ${options.now.toISOString()}, ${seconds.toFixed(1)} s, ` +
      `${Math.round(total / seconds).toLocaleString('en')} rows/s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
  );
}

await main();
