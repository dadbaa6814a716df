import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from '../../bench/cdnow-auc.ts';
import { readCdnow } from '../../bench/cdnow-data.ts';
import { fitModel } from '../../src/app/detection/model.ts';
import { scan } from '../../src/app/detection/scan.ts';
import { importCsv } from '../../src/app/import-csv.ts';
import { type BgNbdParams, expectedPurchases, summarize } from '../../src/domain/btyd/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTenant } from './helpers.ts';

/**
 * The CDNOW sample (2,357 customers, 6,919 purchases) through the database path: imported as
 * activities, summarised in SQL, fitted as of 1997-09-30 (weeks, same-day purchases merged). The
 * result must be Fader, Hardie & Lee (2005)'s BG/NBD estimates and Fader & Hardie's Gamma-Gamma
 * ones to three significant figures.
 */
const SAMPLE = '/work/shared/data/cdnow/CDNOW_sample.txt';
const dir = mkdtempSync(join(tmpdir(), 'rekindle-cdnow-sample-'));
const csv = join(dir, 'cdnow-sample.csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // `master_id sample_id YYYYMMDD cds dollars`; the literature keys customers by sample_id
  const rows = readFileSync(SAMPLE, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 5)
    .map(
      ([, id, ymd, cds, dollars]) =>
        `${Number(id)},${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6)},${cds},${dollars}`,
    );
  writeFileSync(csv, `customer_external_id,occurred_at,quantity,amount\n${rows.join('\n')}\n`);
});

const sig3 = (n: number) => Number(n.toPrecision(3));

async function storedParams(database: TestDatabase, tenantId: string): Promise<BgNbdParams> {
  const row = await database.db
    .selectFrom('model_fits')
    .select('params')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'bgnbd')
    .orderBy('fitted_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.params as unknown as BgNbdParams;
}

describe.each(backends)('CDNOW sample through the database on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = await createTenant(database.db, { name: 'CDNOW sample', timezone: 'UTC' });
    const summary = await importCsv({ db: database.db, tenantId, entity: 'activities', file: csv });
    expect(summary).toMatchObject({ rows: 6919, rejected: 0 });
  }, 120_000);
  afterAll(() => database.dispose());

  it('reproduces the published BG/NBD and Gamma-Gamma estimates as of 1997-09-30', async () => {
    const fit = await fitModel(database.db, tenantId, '1997-09-30');
    expect(fit.customers).toBe(2357);
    expect(fit.bgnbd.converged).toBe(true);
    const { r, alpha, a, b } = fit.bgnbd.params;
    expect([r, alpha, a, b].map(sig3)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(sig3(fit.bgnbd.logLikelihood)).toBe(-9580);
    expect(fit.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.gammaGamma.id).not.toBeNull();
    if (fit.gammaGamma.id !== null) {
      const { p, q, gamma } = fit.gammaGamma.params;
      expect([p, q, gamma].map(sig3)).toEqual([6.25, 3.74, 15.4]);
    }
    expect(fit.bgnbd.durationMs).toBeLessThan(1000);
  });

  it('ranks who does not buy in the holdout weeks better than both baselines', async () => {
    const result = await scan(database.db, tenantId, { asOf: '1997-09-30', includeAll: true });
    expect(result.model?.fittedNow).toBe(false);
    expect(result.summary.customers).toBe(2357);
    expect(result.skipped).toEqual([]);
    const purchases = readCdnow('sample');
    const bought = new Set(
      purchases.filter((p) => p.date > '1997-09-30' && p.date <= '1998-06-30').map((p) => p.customer),
    );
    const summaries = new Map(
      summarize(
        purchases.map((p) => ({ customerId: p.customer, at: p.date, amount: p.dollars })),
        { calibrationEnd: '1997-09-30', unit: 'week' },
      ).map((s) => [s.id, s]),
    );
    const items = result.items;
    const gone = items.map((e) => !bought.has(e.externalId));
    const params = await storedParams(database, tenantId);
    const risk = rocAuc(
      items.map((e) => e.riskScore),
      gone,
    );
    const recency = rocAuc(
      items.map((e) => e.daysSinceLast!),
      gone,
    );
    const expected = rocAuc(
      items.map((e) => -expectedPurchases(params, summaries.get(e.externalId)!, 39)),
      gone,
    );
    expect(recency).toBeCloseTo(0.771, 3);
    expect(expected).toBeCloseTo(0.7725, 3);
    expect(risk).toBeGreaterThan(Math.max(recency, expected));
  });
});
