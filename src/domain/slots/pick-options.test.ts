import { describe, expect, it } from 'vitest';
import { pickOptions } from './pick-options.ts';
import type { RankedSlot } from './rank-slots.ts';
import { slot } from './slots.fixture.ts';

/** Ranked slots with the given scores: `['2024-05-11 14:00 ana', 0.9]`. */
function ranked(...entries: [string, number][]): RankedSlot[] {
  return entries.map(([text, score]) => {
    const [date, time, staffId] = text.split(' ') as [string, string, string];
    return { ...slot(`${date} ${time}`, staffId), score, staffScore: score, timeScore: score, reasons: [] };
  });
}
const labels = (slots: readonly RankedSlot[]) =>
  slots.map((s) => `${s.local.date} ${String(s.local.minute / 60).padStart(2, '0')} ${s.staffId}`);

describe('pickOptions', () => {
  const oneAfternoonLeads = ranked(
    ['2024-05-11 14:00 ana', 0.9],
    ['2024-05-11 14:30 ana', 0.89],
    ['2024-05-11 15:00 ana', 0.88],
    ['2024-05-11 14:00 bia', 0.87],
    ['2024-05-14 18:00 ana', 0.6],
    ['2024-05-11 10:00 ana', 0.7],
    ['2024-05-15 09:00 bia', 0.5],
    ['2024-05-15 10:00 ana', 0.55],
  );

  it.each<[string, RankedSlot[], number, string[]]>([
    [
      'the best, then the best on other days, not the next half-hours of the same afternoon',
      oneAfternoonLeads,
      3,
      ['2024-05-11 14 ana', '2024-05-14 18 ana', '2024-05-15 10 ana'],
    ],
    ['two when asked for two', oneAfternoonLeads, 2, ['2024-05-11 14 ana', '2024-05-14 18 ana']],
    [
      'one day only: another part of the day before a neighbouring half-hour',
      ranked(
        ['2024-05-11 14:00 ana', 0.9],
        ['2024-05-11 14:30 ana', 0.89],
        ['2024-05-11 10:00 bia', 0.5],
        ['2024-05-11 16:00 ana', 0.8],
        ['2024-05-11 18:00 ana', 0.3],
      ),
      3,
      ['2024-05-11 14 ana', '2024-05-11 10 bia', '2024-05-11 18 ana'],
    ],
    [
      'one short afternoon: options an hour apart, never the same time with another person',
      ranked(
        ['2024-05-11 14:00 ana', 0.9],
        ['2024-05-11 14:00 bia', 0.89],
        ['2024-05-11 14:30 ana', 0.88],
        ['2024-05-11 15:00 ana', 0.87],
      ),
      3,
      ['2024-05-11 14 ana', '2024-05-11 15 ana'],
    ],
    ['nothing free, nothing offered', [], 3, []],
  ])('%s', (_, slots, count, expected) => {
    expect(labels(pickOptions(slots, count))).toEqual(expected);
  });

  it('orders by score itself, whatever order it is given', () => {
    expect(labels(pickOptions(oneAfternoonLeads.toReversed(), 1))).toEqual(['2024-05-11 14 ana']);
  });

  it('refuses a count below one', () => {
    expect(() => pickOptions(oneAfternoonLeads, 0)).toThrow(RangeError);
  });
});
