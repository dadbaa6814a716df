/**
 * Converts CDNOW_master.txt (header line, then whitespace-separated
 * `customer_id YYYYMMDD number_of_cds dollar_value`) into Rekindle's canonical activities CSV:
 *
 *   customer_external_id,occurred_at,quantity,amount
 *   1,1997-01-01,1,11.77
 *
 * customer_external_id is the CDNOW id without its leading zeros ("00001" → "1"), the numeric id
 * the literature and the `lifetimes` summaries use. No external_id column: rows get content keys,
 * and CDNOW's identical lines (same customer, day, CDs and dollars) stay separate purchases.
 *
 *   node bench/cdnow-to-csv.ts [input] [output] [--copies N]
 *
 * --copies N writes the history N times over, copy k's customers suffixed "-k" (k ≥ 2), for
 * throughput runs on a bigger file. Defaults: input ../shared/data/cdnow/CDNOW_master.txt,
 * output bench/out/cdnow-activities.csv.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The shared data folder sits beside the repository; REKINDLE_SHARED_DIR overrides it. */
export const SHARED_DIR =
  process.env.REKINDLE_SHARED_DIR ?? fileURLToPath(new URL('../../shared', import.meta.url));
export const CDNOW_MASTER = `${SHARED_DIR}/data/cdnow/CDNOW_master.txt`;
export const ACTIVITIES_HEADER = 'customer_external_id,occurred_at,quantity,amount';

export interface CdnowPurchase {
  customerId: string;
  /** YYYY-MM-DD */
  date: string;
  quantity: number;
  /** As written, e.g. "11.77". */
  dollars: string;
}

/** One line of the master file; undefined for the header and blank lines. */
export function parseCdnowLine(line: string): CdnowPurchase | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length !== 4 || !/^\d+$/.test(fields[0] ?? '')) return undefined;
  const [id, ymd, cds, dollars] = fields as [string, string, string, string];
  if (!/^\d{8}$/.test(ymd) || !/^\d+$/.test(cds) || !/^\d+(\.\d+)?$/.test(dollars)) {
    throw new Error(`unexpected CDNOW line: ${line}`);
  }
  return {
    customerId: id.replace(/^0+(?=\d)/, ''),
    date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
    quantity: Number(cds),
    dollars,
  };
}

export async function convertCdnow(input: string, output: string, copies = 1): Promise<number> {
  mkdirSync(dirname(output), { recursive: true });
  const out = createWriteStream(output);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${ACTIVITIES_HEADER}\n`);
  let rows = 0;
  for (let copy = 1; copy <= copies; copy++) {
    const suffix = copy === 1 ? '' : `-${copy}`;
    const lines = createInterface({ input: createReadStream(input), crlfDelay: Number.POSITIVE_INFINITY });
    let batch = '';
    for await (const line of lines) {
      const purchase = parseCdnowLine(line);
      if (!purchase) continue;
      batch += `${purchase.customerId}${suffix},${purchase.date},${purchase.quantity},${purchase.dollars}\n`;
      rows++;
      if (batch.length > 1 << 16) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch);
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const copiesAt = args.indexOf('--copies');
  const copies = copiesAt >= 0 ? Number(args.splice(copiesAt, 2)[1]) : 1;
  if (!Number.isInteger(copies) || copies < 1) throw new Error('--copies takes a whole number ≥ 1');
  const input = args[0] ?? CDNOW_MASTER;
  const output = args[1] ?? fileURLToPath(new URL('./out/cdnow-activities.csv', import.meta.url));
  const started = performance.now();
  const rows = await convertCdnow(input, output, copies);
  console.log(JSON.stringify({ input, output, rows, seconds: (performance.now() - started) / 1000 }));
}
