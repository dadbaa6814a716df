import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS as settings } from '../settings/detection.ts';
import { deriveLifecycle } from './derive-lifecycle.ts';
import { lastEntered, replayLifecycle, stateAt } from './replay-lifecycle.ts';

const START = Date.parse('2024-01-01T10:00:00Z');
const day = (n: number) => new Date(START + n * 86_400_000);
const every30 = () => 30;
const summary = (visits: number[], until: number, options = {}) =>
  replayLifecycle(visits.map(day), every30, settings, day(until), options).map(
    (t) => `${t.from ?? '-'}→${t.to}@${(t.at.getTime() - START) / 86_400_000}`,
  );

describe('replayLifecycle', () => {
  it.each<[string, number[], number, string[], object?]>([
    ['nothing before the first visit', [], 100, []],
    ['a single visit stays NEW', [0], 400, ['-→NEW@0']],
    ['NEW → ACTIVE at the second visit', [0, 25], 30, ['-→NEW@0', 'NEW→ACTIVE@25']],
    [
      'the whole slide, at lastVisit + 1.5×, 2× and 4× the interval',
      [0, 25],
      400,
      ['-→NEW@0', 'NEW→ACTIVE@25', 'ACTIVE→AT_RISK@70', 'AT_RISK→STALLED@85', 'STALLED→CHURNED@145'],
    ],
    ['stops at until', [0, 25], 80, ['-→NEW@0', 'NEW→ACTIVE@25', 'ACTIVE→AT_RISK@70']],
    [
      'a returning customer goes back to ACTIVE',
      [0, 25, 100, 120],
      160,
      ['-→NEW@0', 'NEW→ACTIVE@25', 'ACTIVE→AT_RISK@70', 'AT_RISK→STALLED@85', 'STALLED→ACTIVE@100'],
    ],
    [
      'back from CHURNED, then lapsing again',
      [0, 25, 200],
      250,
      [
        '-→NEW@0',
        'NEW→ACTIVE@25',
        'ACTIVE→AT_RISK@70',
        'AT_RISK→STALLED@85',
        'STALLED→CHURNED@145',
        'CHURNED→ACTIVE@200',
        'ACTIVE→AT_RISK@245',
      ],
    ],
    ['a late second visit keeps them NEW', [0, 70], 100, ['-→NEW@0']],
    ['visits on rhythm cause no changes', [0, 20, 40, 60, 80], 100, ['-→NEW@0', 'NEW→ACTIVE@20']],
    ['already ACTIVE before the history', [0], 50, ['-→ACTIVE@0', 'ACTIVE→AT_RISK@45'], { everActive: true }],
  ])('%s', (_, visits, until, expected, options = {}) => {
    expect(summary(visits, until, options)).toEqual(expected);
  });

  it('uses the interval known after each visit', () => {
    // The rhythm tightens as the history grows: 60 days after two visits, 20 after three.
    const intervalFor = (soFar: readonly Date[]) => (soFar.length >= 3 ? 20 : 60);
    const transitions = replayLifecycle([day(0), day(100), day(130)], intervalFor, settings, day(200));
    expect(transitions.map((t) => [t.to, (t.at.getTime() - START) / 86_400_000])).toEqual([
      ['NEW', 0],
      ['ACTIVE', 100],
      ['AT_RISK', 160],
      ['STALLED', 170],
    ]);
  });

  it('answers "since when" and "what state then"', () => {
    const transitions = replayLifecycle([day(0), day(25), day(100)], every30, settings, day(200));
    expect(lastEntered(transitions, 'AT_RISK')).toEqual(day(145));
    expect(lastEntered(transitions, 'CHURNED')).toBeNull();
    expect(stateAt(transitions, day(-1))).toBeNull();
    expect(stateAt(transitions, day(80))).toBe('AT_RISK');
    expect(stateAt(transitions, day(99))).toBe('STALLED');
    expect(stateAt(transitions, day(100))).toBe('ACTIVE');
  });

  it('explains each change', () => {
    const [, activated, atRisk, , back] = replayLifecycle(
      [day(0), day(25), day(100)],
      every30,
      settings,
      day(110),
    );
    expect(activated?.reason).toBe('visit 2 completed the NEW → ACTIVE rule');
    expect(atRisk?.reason).toBe('no visit for 1.5× the 30-day interval');
    expect(back?.reason).toBe('came back after 75 days');
  });

  it('agrees with deriveLifecycle at `until` for a constant interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 5, max: 90 }),
        fc.boolean(),
        (offsets, until, interval, everActive) => {
          const visits = offsets.map((n) => day(n + (n % 3) / 10));
          const transitions = replayLifecycle(visits, () => interval, settings, day(until), { everActive });
          const derived = deriveLifecycle(
            { completedVisits: visits, expectedIntervalDays: interval, everActive, now: day(until) },
            settings,
          );
          const replayed = transitions.at(-1)?.to ?? 'NEW';
          expect(replayed).toBe(derived.state);
        },
      ),
    );
  });
});
