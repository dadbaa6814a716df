/**
 * Test support: the CDNOW sample (Fader, Hardie & Lee 2005) from the shared data folder beside
 * the repository (`../shared/data/cdnow`, or `REKINDLE_SHARED_DIR`/data/cdnow).
 * Only the tests import this file; the model code stays free of I/O.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from './summarize.ts';

export const CDNOW_DIR = process.env.REKINDLE_SHARED_DIR
  ? `${process.env.REKINDLE_SHARED_DIR}/data/cdnow`
  : fileURLToPath(new URL('../../../../shared/data/cdnow', import.meta.url));
const DIR = CDNOW_DIR;

/** The classic calibration period: weeks 1–39, to 1997-09-30 inclusive. */
export const CDNOW_CALIBRATION_END = '1997-09-30';

/** `master_id sample_id YYYYMMDD cds dollars`, CRLF, no header; customers keyed by sample_id as a number. */
export function readCdnowTransactions(): Transaction[] {
  const text = readFileSync(`${DIR}/CDNOW_sample.txt`, 'utf8');
  const transactions: Transaction[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [, sampleId, ymd, , dollars] = fields as [string, string, string, string, string];
    transactions.push({
      customerId: String(Number(sampleId)),
      at: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
      amount: Number(dollars),
    });
  }
  return transactions;
}

export interface PublishedSummaryRow {
  readonly id: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly monetary: number;
}

/** `ID,x,t_x,T,zbar`, weeks rounded to 2 decimals. */
export function readCdnowPublishedSummary(): PublishedSummaryRow[] {
  const text = readFileSync(`${DIR}/cdnow_customers_summary_with_transactions.csv`, 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [id, x, tx, T, zbar] = line.split(',') as [string, string, string, string, string];
      return { id: String(Number(id)), x: Number(x), tx: Number(tx), T: Number(T), monetary: Number(zbar) };
    });
}
