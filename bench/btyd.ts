/**
 * Customer-base model timings: BG/NBD and Gamma-Gamma fits on the CDNOW sample and on a synthetic
 * base drawn from the CDNOW-fitted processes. Prints one JSON line per measurement.
 *
 *   node bench/btyd.ts [customers=1000000] [seed=20240501]
 */
import { readFileSync } from 'node:fs';
import { CDNOW_DIR } from '../src/domain/btyd/cdnow.fixture.ts';
import {
  compressCustomers,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  summarize,
  type Transaction,
} from '../src/domain/btyd/index.ts';
import { generateSyntheticBase } from './btyd-synthetic.ts';

const customers = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 20240501);

function emit(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'btyd', ...record }));
}

function time<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: Math.round((performance.now() - started) * 100) / 100 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const round = (v: number, digits = 6) => Number(v.toPrecision(digits));
const roundParams = (p: object) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, round(v as number)])) as Record<string, number>;

// --- CDNOW sample ---------------------------------------------------------------------------------
const cdnowText = readFileSync(`${CDNOW_DIR}/CDNOW_sample.txt`, 'utf8');
const cdnowLog: Transaction[] = cdnowText
  .split(/\r?\n/)
  .map((line) => line.trim().split(/\s+/))
  .filter((f) => f.length >= 5)
  .map(([, id, ymd, , dollars]) => ({
    customerId: String(Number(id)),
    at: `${ymd?.slice(0, 4)}-${ymd?.slice(4, 6)}-${ymd?.slice(6, 8)}`,
    amount: Number(dollars),
  }));

const cdnowSummary = time(() => summarize(cdnowLog, { calibrationEnd: '1997-09-30', unit: 'week' }));
emit({
  case: 'cdnow',
  step: 'summarize',
  ms: cdnowSummary.ms,
  transactions: cdnowLog.length,
  customers: cdnowSummary.result.length,
});

const coldFit = time(() => fitBgNbd(cdnowSummary.result));
const warmFits = Array.from({ length: 9 }, () => time(() => fitBgNbd(cdnowSummary.result)).ms);
const bgnbd = coldFit.result;
emit({
  case: 'cdnow',
  step: 'fit-bgnbd',
  coldMs: coldFit.ms,
  warmMedianMs: median(warmFits),
  params: roundParams(bgnbd.params),
  logLikelihood: round(bgnbd.logLikelihood, 9),
  groups: bgnbd.groups,
  iterations: bgnbd.iterations,
  evaluations: bgnbd.evaluations,
  converged: bgnbd.converged,
});

const coldSpend = time(() => fitGammaGamma(cdnowSummary.result));
const warmSpend = Array.from({ length: 9 }, () => time(() => fitGammaGamma(cdnowSummary.result)).ms);
emit({
  case: 'cdnow',
  step: 'fit-gamma-gamma',
  coldMs: coldSpend.ms,
  warmMedianMs: median(warmSpend),
  params: roundParams(coldSpend.result.params),
  logLikelihood: round(coldSpend.result.logLikelihood, 9),
  customers: coldSpend.result.customers,
  converged: coldSpend.result.converged,
});

// --- synthetic base drawn from the CDNOW fit --------------------------------------------------------
const truth = { purchases: bgnbd.params, spend: coldSpend.result.params };
const generated = time(() => generateSyntheticBase({ customers, seed, ...truth }));
const base = generated.result;
emit({
  case: 'synthetic',
  step: 'generate',
  ms: generated.ms,
  customers,
  transactions: base.transactions.length,
  seed,
});

// The purchase log → RFM summaries, as the application would do it.
const summary = time(() =>
  summarize(base.transactions, { calibrationEnd: base.calibrationEnd, unit: 'week' }),
);
emit({ case: 'synthetic', step: 'summarize-log', ms: summary.ms, customers: summary.result.length });

// Fits on the exact draw, so the estimates can be compared with the generating parameters.
const grouped = time(() => compressCustomers(base.customers));
emit({ case: 'synthetic', step: 'group', ms: grouped.ms, groups: grouped.result.groups });

const fit = time(() => fitBgNbd(grouped.result));
emit({
  case: 'synthetic',
  step: 'fit-bgnbd',
  ms: fit.ms,
  msIncludingGrouping: Math.round((fit.ms + grouped.ms) * 100) / 100,
  truth: roundParams(truth.purchases),
  params: roundParams(fit.result.params),
  logLikelihood: round(fit.result.logLikelihood, 9),
  groups: fit.result.groups,
  iterations: fit.result.iterations,
  evaluations: fit.result.evaluations,
  converged: fit.result.converged,
});

const fitFromLog = time(() => fitBgNbd(summary.result));
emit({
  case: 'synthetic',
  step: 'fit-bgnbd-from-log',
  ms: fitFromLog.ms,
  note: 'ungrouped input, grouping included; same-day purchases merged by summarize',
  params: roundParams(fitFromLog.result.params),
  groups: fitFromLog.result.groups,
  converged: fitFromLog.result.converged,
});

const spendFit = time(() => fitGammaGamma(base.customers));
emit({
  case: 'synthetic',
  step: 'fit-gamma-gamma',
  ms: spendFit.ms,
  truth: roundParams(truth.spend),
  params: roundParams(spendFit.result.params),
  customers: spendFit.result.customers,
  evaluations: spendFit.result.evaluations,
  converged: spendFit.result.converged,
});

const scoring = time(() => {
  let alive = 0;
  let purchases = 0;
  for (const c of base.customers) {
    alive += probabilityAlive(fit.result.params, c);
    purchases += expectedPurchases(fit.result.params, c, 39);
  }
  return { meanPAlive: alive / base.customers.length, expectedPurchases39w: purchases };
});
emit({
  case: 'synthetic',
  step: 'score-p-alive-and-39-week-expectation',
  ms: scoring.ms,
  customers: base.customers.length,
  meanPAlive: round(scoring.result.meanPAlive),
  expectedPurchases39w: Math.round(scoring.result.expectedPurchases39w),
});
