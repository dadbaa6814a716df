/**
 * How well the scan's risk score predicts who does NOT buy again, on CDNOW: calibration to
 * 1997-09-30 (weeks 1–39), holdout weeks 40–78 (to 1998-06-30). The tenant is loaded into the
 * database, the model fitted and every customer scanned as of 1997-09-30 through the product's
 * own path; ROC AUC of the risk score is printed beside two baselines computed in the same run:
 * days since the last purchase, and BG/NBD's expected purchases over the 39 holdout weeks
 * (negated). Other model signals are printed for reference.
 *
 *   node bench/cdnow-auc.ts [--file master|sample] [--backend pglite|postgres]
 *
 * --backend postgres uses TEST_DATABASE_URL (a fresh schema, dropped afterwards).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitModel } from '../src/app/detection/model.ts';
import { scan } from '../src/app/detection/scan.ts';
import { expectedPurchases, summarize } from '../src/domain/btyd/index.ts';
import { openBenchDatabase } from './bench-database.ts';
import { type CdnowFile, loadCdnow, readCdnow } from './cdnow-data.ts';

const CALIBRATION_END = '1997-09-30';
const HOLDOUT_END = '1998-06-30';
const HOLDOUT_WEEKS = 39;

/** ROC AUC by the rank-sum (Mann-Whitney) statistic, ties averaged; positives should score high. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  positive.forEach((p, i) => {
    if (p) {
      positives++;
      rankSum += ranks[i]!;
    }
  });
  const negatives = scores.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

async function main() {
  const { values } = parseArgs({
    options: { file: { type: 'string', default: 'master' }, backend: { type: 'string', default: 'pglite' } },
  });
  const file = values.file as CdnowFile;
  const purchases = readCdnow(file);
  const handle = await openBenchDatabase(values.backend as 'pglite' | 'postgres');
  try {
    const started = performance.now();
    const tenantId = await loadCdnow(handle.db, purchases);
    const loadMs = performance.now() - started;
    const fit = await fitModel(handle.db, tenantId, CALIBRATION_END);
    const scanStarted = performance.now();
    const result = await scan(handle.db, tenantId, { asOf: CALIBRATION_END, includeAll: true });
    const scanMs = performance.now() - scanStarted;

    const boughtInHoldout = new Set(
      purchases.filter((p) => p.date > CALIBRATION_END && p.date <= HOLDOUT_END).map((p) => p.customer),
    );
    const summaries = new Map(
      summarize(
        purchases.map((p) => ({ customerId: p.customer, at: p.date, amount: p.dollars })),
        { calibrationEnd: CALIBRATION_END, unit: 'week' },
      ).map((s) => [s.id, s]),
    );
    const items = result.items.filter((e) => summaries.has(e.externalId));
    const churned = items.map((e) => !boughtInHoldout.has(e.externalId));
    const params = fit.bgnbd.params;
    const expected39 = items.map((e) =>
      expectedPurchases(params, summaries.get(e.externalId)!, HOLDOUT_WEEKS),
    );
    const auc = (scores: number[]) => Number(rocAuc(scores, churned).toFixed(4));
    const report = {
      file,
      backend: handle.kind,
      customers: items.length,
      didNotBuyInHoldout: churned.filter(Boolean).length,
      fit: { ...params, logLikelihood: fit.bgnbd.logLikelihood },
      auc: {
        riskScore: auc(items.map((e) => e.riskScore)),
        daysSinceLastPurchase: auc(items.map((e) => e.daysSinceLast ?? Number.POSITIVE_INFINITY)),
        bgnbdExpectedPurchasesNegated: auc(expected39.map((x) => -x)),
      },
      reference: {
        oneMinusPAlive: auc(items.map((e) => 1 - (e.pAlive ?? 1))),
        pNoReturnWithinInterval: auc(items.map((e) => e.pNoReturn ?? 1)),
        overdueRatio: auc(items.map((e) => e.overdueRatio ?? 0)),
      },
      seconds: { load: loadMs / 1000, fit: fit.timings.totalMs / 1000, scan: scanMs / 1000 },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
