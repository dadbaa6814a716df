/**
 * The risk score on salon-like data, beside the same baselines as bench/cdnow-auc.ts: the demo
 * salon's history is replayed 90 days before its end, and ROC AUC measures how well each score
 * ranks the customers (with a visit before) who then had no completed visit in those 90 days.
 * Unlike CDNOW, salon customers have rhythms, which is what the overdue term of the risk score
 * adds to the model.
 *
 *   node bench/demo-auc.ts [--customers 20000] [--backend pglite|postgres]
 */
import { parseArgs } from 'node:util';
import { fitModel } from '../src/app/detection/model.ts';
import { scan } from '../src/app/detection/scan.ts';
import { openBenchDatabase } from './bench-database.ts';
import { rocAuc } from './cdnow-auc.ts';
import { loadDemo } from './load-demo.ts';

const NOW = new Date('2025-06-01T15:00:00Z');
const HOLDOUT_DAYS = 90;
const AS_OF = new Date(NOW.getTime() - HOLDOUT_DAYS * 86_400_000);

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    backend: { type: 'string', default: 'pglite' },
  },
});
const handle = await openBenchDatabase(values.backend as 'pglite' | 'postgres');
try {
  const { tenantId } = await loadDemo(handle.db, { customers: Number(values.customers), now: NOW, years: 2 });
  await fitModel(handle.db, tenantId, AS_OF);
  const result = await scan(handle.db, tenantId, { asOf: AS_OF, includeAll: true });
  const returned = new Set(
    (
      await handle.db
        .selectFrom('activities')
        .select('customer_id')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'completed')
        .where('occurred_at', '>', AS_OF)
        .where('occurred_at', '<=', NOW)
        .execute()
    ).map((row) => row.customer_id),
  );
  const items = result.items.filter((e) => e.visitCount > 0);
  const gone = items.map((e) => !returned.has(e.id));
  const auc = (scores: number[]) => Number(rocAuc(scores, gone).toFixed(4));
  console.log(
    JSON.stringify(
      {
        customers: items.length,
        noVisitInHoldout: gone.filter(Boolean).length,
        holdoutDays: HOLDOUT_DAYS,
        auc: {
          riskScore: auc(items.map((e) => e.riskScore)),
          daysSinceLastVisit: auc(items.map((e) => e.daysSinceLast!)),
          bgnbdExpectedVisitsNext52WeeksNegated: auc(items.map((e) => -(e.expectedPurchases ?? 0))),
        },
        reference: {
          overdueRatio: auc(items.map((e) => e.overdueRatio!)),
          oneMinusPAlive: auc(items.map((e) => 1 - (e.pAlive ?? 1))),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await handle.close();
}
