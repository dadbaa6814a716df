import { describe, expect, it } from 'vitest';
import { classifyByRules } from '../../src/domain/replies/classify-rules.ts';
import { REPLY_LABELS } from '../../src/domain/replies/types.ts';
import {
  formatScores,
  LABELLED_NOW,
  LABELLED_TIME_ZONE,
  loadLabelledReplies,
  scoreReplies,
} from './labelled.ts';

/**
 * The rules on the whole labelled set (issue 6: at least 300 realistic replies in pt-BR, ru, en
 * and es). Overall accuracy must stay at 0.9 or more; an opt-out may never be missed in any
 * language; every dated reply must get its date.
 */
const replies = loadLabelledReplies();
const scores = scoreReplies(replies, (reply) =>
  classifyByRules(reply.text, { locale: reply.locale, now: LABELLED_NOW, timeZone: LABELLED_TIME_ZONE }),
);

describe('the labelled replies', () => {
  it('are at least 300, in all four languages, covering all eight labels', () => {
    expect(replies.length).toBeGreaterThanOrEqual(300);
    for (const locale of ['pt-BR', 'ru', 'en', 'es']) {
      const mine = replies.filter((r) => r.locale === locale);
      expect(mine.length, locale).toBeGreaterThanOrEqual(70);
      expect(mine.filter((r) => r.label === 'opt_out').length, locale).toBeGreaterThanOrEqual(20);
      for (const label of REPLY_LABELS)
        expect(
          mine.some((r) => r.label === label),
          `${locale} ${label}`,
        ).toBe(true);
    }
    expect(new Set(replies.map((r) => `${r.locale}:${r.text}`)).size).toBe(replies.length);
  });

  it('are classified by the rules with accuracy ≥ 0.9, every opt-out caught and the dates right', () => {
    console.log(formatScores(scores));
    for (const { reply, got } of scores.misses) {
      console.log(
        `  miss: [${reply.locale}] "${reply.text}" ${reply.label} ${reply.date ?? ''} → ${got.label} ${got.date ?? ''}`,
      );
    }
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.9);
    for (const locale of ['pt-BR', 'ru', 'en', 'es']) {
      expect(scores.optOutByLocale[locale]?.accuracy, `opt_out recall in ${locale}`).toBe(1);
    }
    // A dated reply read as the wrong label is already counted above; one read right must have its date.
    const wrongDates = scores.misses.filter(({ reply, got }) => reply.date && got.label === reply.label);
    expect(wrongDates).toEqual([]);
  });

  it('never labels something else opt_out (precision: a wrong opt-out silences a customer for good)', () => {
    const wrongOptOuts = scores.misses.filter(
      ({ got, reply }) => got.label === 'opt_out' && reply.label !== 'opt_out',
    );
    expect(wrongOptOuts).toEqual([]);
  });
});
