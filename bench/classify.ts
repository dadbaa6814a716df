/**
 * Reply classification by the rules alone: accuracy on the labelled set (test/replies/labelled.jsonl)
 * per label and per language, and throughput. Prints a readable report, then one JSON line.
 * `--file` scores another set of the same shape instead: a held-out batch written apart from the
 * rules, the honest figure for text the lexicon was not made from.
 *
 *   node bench/classify.ts [--passes 20] [--file batch.jsonl]
 */
import { parseArgs } from 'node:util';
import { classifyByRules } from '../src/domain/replies/classify-rules.ts';
import {
  formatScores,
  LABELLED_NOW,
  LABELLED_TIME_ZONE,
  loadLabelledReplies,
  scoreReplies,
} from '../test/replies/labelled.ts';

const { values } = parseArgs({
  options: { passes: { type: 'string', default: '20' }, file: { type: 'string' } },
});
const passes = Number(values.passes);
if (!Number.isInteger(passes) || passes < 1) {
  console.error(`--passes must be a whole number of at least 1, not "${values.passes}"`);
  process.exit(2);
}
const replies = loadLabelledReplies(values.file);
const options = (locale: string) => ({ locale, now: LABELLED_NOW, timeZone: LABELLED_TIME_ZONE });

// The first call pays for compiling the lexicon's regular expressions; measured apart.
const coldStart = performance.now();
classifyByRules(replies[0]?.text ?? 'ok', options('pt-BR'));
const coldMs = performance.now() - coldStart;

const scores = scoreReplies(replies, (reply) => classifyByRules(reply.text, options(reply.locale)));
console.log(formatScores(scores));
for (const { reply, got } of scores.misses) {
  console.log(
    `  miss: [${reply.locale}] "${reply.text}" ${reply.label} ${reply.date ?? ''} → ${got.label} ${got.date ?? ''}`,
  );
}

// Without a locale hint too: the language is then read from the text.
const unhinted = scoreReplies(replies, (reply) =>
  classifyByRules(reply.text, { now: LABELLED_NOW, timeZone: LABELLED_TIME_ZONE }),
);
console.log(
  `without locale hints: ${unhinted.correct}/${unhinted.total} = ${(unhinted.accuracy * 100).toFixed(1)}%`,
);

const started = performance.now();
let classified = 0;
for (let pass = 0; pass < passes; pass++) {
  for (const reply of replies) {
    classifyByRules(reply.text, options(reply.locale));
    classified++;
  }
}
const seconds = (performance.now() - started) / 1000;
const long = `${'Oi, tudo bem? Então, eu queria saber se '.repeat(100)}STOP`;
const longStarted = performance.now();
for (let i = 0; i < 50; i++) classifyByRules(long, options('pt-BR'));
const longMs = (performance.now() - longStarted) / 50;
console.log(
  `throughput: ${classified} replies in ${seconds.toFixed(2)} s = ${Math.round(classified / seconds)} replies/s ` +
    `(${((seconds / classified) * 1e6).toFixed(0)} µs each); first call ${coldMs.toFixed(0)} ms; ` +
    `a ${long.length}-character reply ${longMs.toFixed(2)} ms`,
);
console.log(
  JSON.stringify({
    bench: 'classify',
    replies: replies.length,
    accuracy: Math.round(scores.accuracy * 1000) / 1000,
    accuracyWithoutLocale: Math.round(unhinted.accuracy * 1000) / 1000,
    byLabel: Object.fromEntries(Object.entries(scores.byLabel).map(([k, s]) => [k, s.accuracy])),
    byLanguage: Object.fromEntries(Object.entries(scores.byLocale).map(([k, s]) => [k, s.accuracy])),
    dates: `${scores.datesRight}/${scores.dated}`,
    repliesPerSecond: Math.round(classified / seconds),
    firstCallMs: Math.round(coldMs),
    longReplyMs: Math.round(longMs * 100) / 100,
  }),
);
