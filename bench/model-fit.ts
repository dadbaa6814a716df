/**
 * fitModel through the database on CDNOW (sample and master): the SQL summary per customer, the
 * BG/NBD fit and the Gamma-Gamma fit, best of three runs each, with the estimates. The pure-domain
 * fit without the database is measured by bench/btyd.ts; the 1M-customer fit by bench/scan.ts.
 *
 *   node bench/model-fit.ts [--backend pglite|postgres] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { fitModel, type ModelFitResult } from '../src/app/detection/model.ts';
import { openBenchDatabase } from './bench-database.ts';
import { type CdnowFile, loadCdnow, readCdnow } from './cdnow-data.ts';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'pglite' }, runs: { type: 'string', default: '3' } },
});
const handle = await openBenchDatabase(values.backend as 'pglite' | 'postgres');
const ms = (n: number) => Number(n.toFixed(1));
try {
  for (const file of ['sample', 'master'] as CdnowFile[]) {
    const tenantId = await loadCdnow(handle.db, readCdnow(file), `CDNOW ${file}`);
    const runs: ModelFitResult[] = [];
    for (let i = 0; i < Number(values.runs); i++)
      runs.push(await fitModel(handle.db, tenantId, '1997-09-30'));
    const best = (pick: (r: ModelFitResult) => number) => ms(Math.min(...runs.map(pick)));
    const last = runs[runs.length - 1]!;
    console.log(
      JSON.stringify({
        backend: handle.kind,
        file,
        customers: last.customers,
        groups: last.bgnbd.groups,
        bgnbd: { ...last.bgnbd.params, logLikelihood: last.bgnbd.logLikelihood },
        gammaGamma: last.gammaGamma.id === null ? last.gammaGamma.error : last.gammaGamma.params,
        bestMs: {
          summarySql: best((r) => r.timings.summaryMs),
          bgnbd: best((r) => r.bgnbd.durationMs),
          gammaGamma: best((r) => (r.gammaGamma.id === null ? 0 : r.gammaGamma.durationMs)),
          total: best((r) => r.timings.totalMs),
        },
      }),
    );
  }
} finally {
  await handle.close();
}
