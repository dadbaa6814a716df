import { describe, expect, it } from 'vitest';
import { analysePreferences, type Preferences, type PreferenceVisit } from '../preferences/index.ts';
import type { LocalSlot } from './free-slots.ts';
import { createOfferLedger } from './offer-ledger.ts';
import { rankSlots } from './rank-slots.ts';
import { slot } from './slots.fixture.ts';

/** Saturday mornings with Ana, `n` times, four weeks apart (UTC). */
function saturdayMorningsWithAna(n: number): Preferences {
  const visits: PreferenceVisit[] = Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2024, 0, 6 + 28 * i, 10)),
    staffId: 'ana',
    offeringId: 'cut',
  }));
  return analysePreferences(visits);
}

type Known = { preferred: string | null; shares: [string, number][]; confidence: number };
/** Preferences written out, for exact arithmetic. Shares are counts. */
function prefs(parts: { staff?: Known; timeOfDay?: Known; weekdays?: Known & { preferred: string[] } }) {
  const known = (k: Known | undefined) => {
    const total = (k?.shares ?? []).reduce((sum, [, count]) => sum + count, 0);
    return {
      preferred: k?.preferred ?? null,
      shares: (k?.shares ?? []).map(([key, count]) => ({ key, count, share: count / total })),
      confidence: k?.confidence ?? 0,
    };
  };
  const none = analysePreferences([]);
  return {
    ...none,
    staff: known(parts.staff),
    timeOfDay: known(parts.timeOfDay),
    weekdays: { ...known(parts.weekdays), preferred: parts.weekdays?.preferred ?? [] },
  } as Preferences;
}

const SAT_MORNING = '2024-05-11 10:00';
const TUE_EVENING = '2024-05-07 18:00';
const sure = {
  staff: { preferred: 'ana', shares: [['ana', 10]], confidence: 1 } as Known,
  timeOfDay: { preferred: 'morning', shares: [['morning', 10]], confidence: 1 } as Known,
  weekdays: { preferred: ['sat'], shares: [['sat', 10]], confidence: 1 } as Known & { preferred: string[] },
};

describe('rankSlots: 60% staff, 40% time', () => {
  it.each<[string, Preferences, LocalSlot, number]>([
    ['everything matches, fully sure', prefs(sure), slot(SAT_MORNING, 'ana'), 1],
    ['nothing matches, fully sure', prefs(sure), slot(TUE_EVENING, 'bia'), 0],
    [
      'the favourite at an unknown time: 0.6 + 0.4 × ½',
      prefs({ staff: sure.staff }),
      slot(TUE_EVENING, 'ana'),
      0.8,
    ],
    ['a stranger, time unknown: 0.4 × ½', prefs({ staff: sure.staff }), slot(SAT_MORNING, 'bia'), 0.2],
    [
      'the usual time of day, weekday unknown: 0.6 × ½ + 0.4 × (⅔ + ⅓ × ½)',
      prefs({ timeOfDay: sure.timeOfDay }),
      slot(TUE_EVENING.replace('18:00', '09:00'), 'bia'),
      0.3 + 0.4 * (2 / 3 + 1 / 6),
    ],
    [
      'the usual weekday, time of day unknown: 0.3 + 0.4 × (⅔ × ½ + ⅓)',
      prefs({ weekdays: sure.weekdays }),
      slot('2024-05-11 18:00', 'bia'),
      0.3 + 0.4 * (1 / 3 + 1 / 3),
    ],
    ['no history at all is neutral', analysePreferences([]), slot(SAT_MORNING, 'carla'), 0.5],
    [
      'a second-choice staff member matches by share relative to the favourite (6:4 → ⅔)',
      prefs({
        staff: {
          preferred: 'ana',
          shares: [
            ['ana', 6],
            ['bia', 4],
          ],
          confidence: 1,
        },
      }),
      slot(SAT_MORNING, 'bia'),
      0.6 * (2 / 3) + 0.2,
    ],
    [
      'an unsure preference is pulled towards neutral: 0.5 + 0.25 × (1 − 0.5)',
      prefs({ staff: { ...sure.staff, confidence: 0.25 } }),
      slot(SAT_MORNING, 'ana'),
      0.6 * 0.625 + 0.2,
    ],
  ])('%s', (_, preferences, candidate, expected) => {
    expect(rankSlots([candidate], preferences)[0]!.score).toBeCloseTo(expected, 10);
  });

  it.each([1, 3, 5, 12])(
    'the favourite at an unusual time beats a stranger at the usual time (%i visits, all alike)',
    (visits) => {
      const ranked = rankSlots(
        [slot(SAT_MORNING, 'bia'), slot(TUE_EVENING, 'ana')],
        saturdayMorningsWithAna(visits),
      );
      expect(ranked.map((r) => `${r.staffId} ${r.local.weekday} ${r.local.minute}`)).toEqual([
        'ana tue 1080',
        'bia sat 600',
      ]);
    },
  );

  it('a stranger at the usual time wins when the staff preference is much weaker than the time preference', () => {
    const preferences = prefs({
      staff: {
        preferred: 'ana',
        shares: [
          ['ana', 2],
          ['bia', 1],
        ],
        confidence: 0.1,
      },
      timeOfDay: sure.timeOfDay,
      weekdays: sure.weekdays,
    });
    const ranked = rankSlots([slot(TUE_EVENING, 'ana'), slot(SAT_MORNING, 'carla')], preferences);
    expect(ranked.map((r) => r.staffId)).toEqual(['carla', 'ana']);
  });

  it('orders ties by start time, then staff', () => {
    const ranked = rankSlots(
      [slot('2024-05-12 10:00', 'bia'), slot('2024-05-11 10:00', 'bia'), slot('2024-05-11 10:00', 'ana')],
      analysePreferences([]),
    );
    expect(ranked.map((r) => `${r.local.date} ${r.staffId}`)).toEqual([
      '2024-05-11 ana',
      '2024-05-11 bia',
      '2024-05-12 bia',
    ]);
  });

  it('explains itself in words an operator reads', () => {
    const preferences = analysePreferences([
      ...Array.from({ length: 4 }, (_, i) => ({
        at: new Date(Date.UTC(2024, 0, 6 + 7 * i, 10)),
        staffId: 'ana',
      })),
      { at: new Date(Date.UTC(2024, 1, 7, 15)), staffId: 'bia' },
    ]);
    const reasons = (at: string, staffId: string) =>
      rankSlots([slot(at, staffId), slot(at, 'ana')], preferences).find((r) => r.staffId === staffId)!
        .reasons;
    expect(reasons(SAT_MORNING, 'ana')).toEqual([
      'with Ana, their usual professional (4 of 5 services)',
      'morning (10:00), when they usually come (4 of 5 visits)',
      'on Saturday, one of their usual days (4 of 5 visits)',
    ]);
    expect(reasons('2024-05-08 15:00', 'bia')).toEqual([
      'with Bia, who served them 1 of 5 times',
      'afternoon (15:00), when they came 1 of 5 times (usually in the morning)',
      'on Wednesday, one of their usual days (1 of 5 visits)',
    ]);
    expect(reasons('2024-05-09 19:30', 'carla')).toEqual([
      'with Carla, new to them (they usually see Ana)',
      'evening (19:30), not a time they have come (usually in the morning)',
      'on Thursday, not a day they have come',
    ]);
    expect(rankSlots([slot(SAT_MORNING, 'carla')], preferences)[0]!.reasons[0]).toBe(
      'with Carla, new to them',
    );
    const named = rankSlots([slot(SAT_MORNING, 'carla')], preferences, {
      staffName: (id) => (id === 'ana' ? 'Ana Souza' : null),
    });
    expect(named[0]!.reasons[0]).toBe('with Carla, new to them (they usually see Ana Souza)');
    expect(rankSlots([slot(SAT_MORNING, 'carla')], analysePreferences([]))[0]!.reasons).toEqual([
      'with Carla: no favourite professional yet',
      'morning (10:00): no usual time of day yet',
      'on Saturday: no usual day yet',
    ]);
  });
});

describe('rankSlots with slots offered to other customers', () => {
  it('lowers a slot for every overlapping offer, and drops it at the cap', () => {
    const preferences = saturdayMorningsWithAna(5);
    const ten = slot(SAT_MORNING, 'ana');
    const tenThirty = slot('2024-05-11 10:30', 'ana');
    const eleven = slot('2024-05-11 11:00', 'ana');
    const offered = createOfferLedger();
    const fresh = rankSlots([ten, tenThirty, eleven], preferences, { offered });
    expect(fresh.map((r) => r.start.getUTCHours() * 60 + r.start.getUTCMinutes())).toEqual([600, 630, 660]);

    offered.record([ten]);
    const once = rankSlots([ten, tenThirty, eleven], preferences, { offered });
    // 10:00 and 10:30 overlap the hour offered at 10:00; 11:00 does not, and now leads.
    expect(once.map((r) => r.local.minute)).toEqual([660, 600, 630]);
    expect(once[1]!.score).toBeCloseTo(fresh[0]!.score - 0.1, 10);
    expect(once[1]!.reasons.at(-1)).toBe('already offered to 1 other customer in this run');

    offered.record([ten]);
    expect(rankSlots([ten, tenThirty, eleven], preferences, { offered }).map((r) => r.local.minute)).toEqual([
      660,
    ]);
    expect(
      rankSlots([ten, tenThirty, eleven], preferences, { offered, maxOffersPerSlot: 3 }).map(
        (r) => r.local.minute,
      ),
    ).toEqual([660, 600, 630]);
  });

  it('counts only the same staff member', () => {
    const offered = createOfferLedger();
    offered.record([slot(SAT_MORNING, 'ana'), slot('2024-05-10 23:30', 'bia')]);
    expect(offered.size).toBe(2);
    expect(offered.overlapping(slot(SAT_MORNING, 'bia'))).toBe(0);
    expect(offered.overlapping(slot('2024-05-11 00:00', 'bia'))).toBe(1);
    expect(offered.overlapping(slot('2024-05-11 09:30', 'ana'))).toBe(1);
    expect(offered.overlapping(slot('2024-05-11 09:00', 'ana'))).toBe(0);
  });
});
