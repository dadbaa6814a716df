/**
 * Detection at scale: generated salons (the demo generator, ~10 completed activities a customer)
 * of 10k, 100k and 1M customers, loaded fast (bench/load-demo.ts), then timed:
 *
 *   medians   recomputeTenantMedians — the daily job (a scan of now runs it when a day old)
 *   fit       fitModel: SQL summary per customer + BG/NBD and Gamma-Gamma fits — weekly
 *   scan      scan() as of the end of the history, with medians and fit in place: the daily scan
 *   scan 2    the same again (warm caches)
 *   cold      a replay at another instant: medians computed on the fly and a fit made on demand
 *
 *   node bench/scan.ts [--backend postgres|pglite] [--customers 10000,100000,1000000]
 *                      [--data-dir bench/.data] [--skip-cold]
 *
 * --backend postgres uses TEST_DATABASE_URL (a fresh schema per size, dropped afterwards). PGlite
 * runs in memory, or on disk under --data-dir (needed for large sizes: WebAssembly memory is
 * limited to 4 GB). One JSON line per size.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { recomputeTenantMedians } from '../src/app/detection/medians.ts';
import { fitModel } from '../src/app/detection/model.ts';
import { scan } from '../src/app/detection/scan.ts';
import { openBenchDatabase } from './bench-database.ts';
import { loadDemo } from './load-demo.ts';

const NOW = new Date('2025-06-01T15:00:00Z');
const COLD_AS_OF = new Date('2025-05-01T15:00:00Z');

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    customers: { type: 'string', default: '10000,100000' },
    'data-dir': { type: 'string' },
    'skip-cold': { type: 'boolean', default: false },
  },
});
const backend = values.backend as 'postgres' | 'pglite';
const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(2));
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

for (const size of values.customers.split(',').map(Number)) {
  const dir = values['data-dir'] ? join(values['data-dir'], `scan-${size}`) : undefined;
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const handle = await openBenchDatabase(backend, dir ? { dataDir: dir } : {});
  try {
    let t = performance.now();
    const loaded = await loadDemo(handle.db, {
      customers: size,
      now: NOW,
      onProgress: (n) => {
        if (n % 100_000 === 0) process.stderr.write(`loaded ${n} customers in ${seconds(t)} s\n`);
      },
    });
    await sql`analyze`.execute(handle.db);
    const loadS = seconds(t);
    const { tenantId } = loaded;

    t = performance.now();
    await recomputeTenantMedians(handle.db, tenantId, NOW);
    const mediansS = seconds(t);
    t = performance.now();
    const fit = await fitModel(handle.db, tenantId, NOW);
    const fitS = seconds(t);

    const scans: number[] = [];
    let result: Awaited<ReturnType<typeof scan>> | undefined;
    for (let i = 0; i < 2; i++) {
      t = performance.now();
      result = await scan(handle.db, tenantId, { asOf: NOW, limit: 100 });
      scans.push(seconds(t));
    }
    let coldS: number | null = null;
    if (!values['skip-cold']) {
      t = performance.now();
      await scan(handle.db, tenantId, { asOf: COLD_AS_OF, limit: 100 });
      coldS = seconds(t);
    }
    const summary = result!.summary;
    console.log(
      JSON.stringify({
        backend,
        customers: loaded.customers,
        activities: loaded.activities,
        bookings: loaded.bookings,
        loadS,
        mediansS,
        fit: {
          totalS: fitS,
          summarySqlS: Number((fit.timings.summaryMs / 1000).toFixed(2)),
          bgnbdS: Number((fit.bgnbd.durationMs / 1000).toFixed(3)),
          gammaGammaS:
            fit.gammaGamma.id === null ? null : Number((fit.gammaGamma.durationMs / 1000).toFixed(3)),
          groups: fit.bgnbd.groups,
          converged: fit.bgnbd.converged,
        },
        scanS: scans,
        usPerCustomer: Math.round((Math.min(...scans) * 1e6) / loaded.customers),
        coldReplayS: coldS,
        candidates: summary.candidates,
        byState: summary.byState,
        onboarding: summary.onboarding,
        skipped: summary.skipped,
        rssMb: rssMb(),
      }),
    );
  } finally {
    await handle.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
