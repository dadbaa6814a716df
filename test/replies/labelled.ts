import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplyLabel } from '../../src/domain/replies/types.ts';

/**
 * The labelled replies (test/replies/labelled.jsonl): one JSON object a line, `{ text, locale,
 * label, date? }`, the date being what the customer named as seen from LABELLED_NOW in
 * LABELLED_TIME_ZONE (a Monday morning in São Paulo).
 */
export interface LabelledReply {
  readonly text: string;
  readonly locale: 'pt-BR' | 'ru' | 'en' | 'es';
  readonly label: ReplyLabel;
  readonly date?: string;
}

export const LABELLED_NOW = new Date('2026-11-23T12:00:00Z');
export const LABELLED_TIME_ZONE = 'America/Sao_Paulo';

/** The labelled set, or another file of the same shape (a held-out batch) when `file` is given. */
export function loadLabelledReplies(file = join(import.meta.dirname, 'labelled.jsonl')): LabelledReply[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledReply);
}

export interface Score {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
}

/** Accuracy overall, per expected label and per locale, and how many dated items got their date. */
export function scoreReplies(
  replies: readonly LabelledReply[],
  classify: (reply: LabelledReply) => { label: ReplyLabel; date?: string },
) {
  const tally = () => new Map<string, { total: number; correct: number }>();
  const byLabel = tally();
  const byLocale = tally();
  const optOutByLocale = tally();
  const misses: { reply: LabelledReply; got: { label: ReplyLabel; date?: string } }[] = [];
  let correct = 0;
  let dated = 0;
  let datesRight = 0;
  const count = (map: Map<string, { total: number; correct: number }>, key: string, right: boolean) => {
    const entry = map.get(key) ?? { total: 0, correct: 0 };
    entry.total++;
    if (right) entry.correct++;
    map.set(key, entry);
  };
  for (const reply of replies) {
    const got = classify(reply);
    const right = got.label === reply.label;
    if (right) correct++;
    else misses.push({ reply, got });
    count(byLabel, reply.label, right);
    count(byLocale, reply.locale, right);
    if (reply.label === 'opt_out') count(optOutByLocale, reply.locale, right);
    if (reply.date) {
      dated++;
      if (got.date === reply.date) datesRight++;
      else if (right) misses.push({ reply, got });
    }
  }
  const scores = (map: Map<string, { total: number; correct: number }>) =>
    Object.fromEntries(
      [...map].map(([key, { total, correct: right }]) => [
        key,
        { total, correct: right, accuracy: right / total },
      ]),
    ) as Record<string, Score>;
  return {
    total: replies.length,
    correct,
    accuracy: correct / replies.length,
    byLabel: scores(byLabel),
    byLocale: scores(byLocale),
    optOutByLocale: scores(optOutByLocale),
    dated,
    datesRight,
    misses,
  };
}

export function formatScores(scores: ReturnType<typeof scoreReplies>): string {
  const line = (name: string, s: Score) =>
    `  ${name.padEnd(15)} ${String(s.correct).padStart(4)}/${String(s.total).padEnd(4)} ${(s.accuracy * 100).toFixed(1)}%`;
  return [
    `overall ${scores.correct}/${scores.total} = ${(scores.accuracy * 100).toFixed(1)}%; dates ${scores.datesRight}/${scores.dated}`,
    'per label:',
    ...Object.entries(scores.byLabel).map(([k, s]) => line(k, s)),
    'per language:',
    ...Object.entries(scores.byLocale).map(([k, s]) => line(k, s)),
    'opt_out recall per language:',
    ...Object.entries(scores.optOutByLocale).map(([k, s]) => line(k, s)),
  ].join('\n');
}
