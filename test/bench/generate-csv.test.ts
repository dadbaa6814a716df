import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBusiness } from '../../src/app/demo/generate.ts';

const run = promisify(execFile);
const now = '2026-03-15T15:00:00-03:00';

describe('bench/generate-csv.ts', () => {
  let out = '';
  let stdout = '';
  const business = generateDemoBusiness({ seed: 7, customers: 300, now: new Date(now) });
  const read = async (name: string) =>
    parse(await readFile(join(out, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'rekindle-demo-csv-'));
    ({ stdout } = await run(process.execPath, [
      'bench/generate-csv.ts',
      '--customers',
      '300',
      '--seed',
      '7',
      '--now',
      now,
      '--out',
      out,
    ]));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('reports what it wrote', () => {
    expect(stdout).toMatch(/wrote [\d,]+ rows/);
    expect(stdout).toContain(`customers 300`);
    expect(stdout).toMatch(/\d+\.\d s/);
  });

  it('writes the same customers as the generator, with canonical headers', async () => {
    const rows = await read('customers.csv');
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'external_id',
      'name',
      'phone',
      'email',
      'locale',
      'tags',
      'vip',
      'consent',
    ]);
    expect(rows).toHaveLength(300);
    expect(
      rows.map((row) => ({
        externalId: row.external_id,
        name: row.name,
        phone: row.phone || null,
        email: row.email || null,
        tags: row.tags?.split('|'),
        vip: row.vip === 'true',
      })),
    ).toEqual(
      business.customers.map((customer) => ({
        externalId: customer.externalId,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
        tags: customer.tags,
        vip: customer.vip,
      })),
    );
  });

  it('writes every activity and booking, and offerings and staff that parse', async () => {
    const activities = await read('activities.csv');
    expect(Object.keys(activities[0] ?? {})).toEqual([
      'customer_external_id',
      'occurred_at',
      'offering',
      'staff',
      'amount',
      'quantity',
      'status',
      'external_id',
    ]);
    expect(activities.map((row) => [row.external_id, row.occurred_at, Number(row.amount)])).toEqual(
      business.activities.map((activity) => [activity.externalId, activity.occurredAt, activity.amount]),
    );
    const bookings = await read('bookings.csv');
    expect(bookings.map((row) => [row.external_id, row.starts_at, row.ends_at])).toEqual(
      business.bookings.map((booking) => [booking.externalId, booking.startsAt, booking.endsAt]),
    );
    const offerings = await read('offerings.csv');
    expect(offerings.map((row) => row.external_id)).toEqual(
      business.offerings.map((offering) => offering.externalId),
    );
    expect(Object.keys(offerings[0] ?? {})).toEqual([
      'external_id',
      'name',
      'kind',
      'category',
      'price',
      'margin',
      'duration_minutes',
    ]);
    // Working hours are JSON inside a quoted field: the quoting must survive a real parser.
    const staff = await read('staff.csv');
    expect(staff.map((row) => JSON.parse(row.working_hours ?? '{}'))).toEqual(
      business.staff.map((member) => member.workingHours),
    );
  });
});
