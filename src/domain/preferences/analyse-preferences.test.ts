import { describe, expect, it } from 'vitest';
import { analysePreferences, type PreferenceVisit } from './analyse-preferences.ts';
import { localTime, timeOfDay } from './local-time.ts';
import { dominance, rankShares, sampleFactor } from './shares.ts';

const ZONE = 'America/Sao_Paulo';
const START = Date.parse('2024-01-01T13:00:00Z');
// São Paulo is UTC−3 all year (no summer time since 2019): local = UTC − 3 h.
const local = (date: string, hour: number) => new Date(`${date}T${String(hour + 3).padStart(2, '0')}:00:00Z`);

// A customer who comes on Saturday mornings to Ana for a cut, every four weeks.
const saturdays: PreferenceVisit[] = [
  '2024-01-06',
  '2024-02-03',
  '2024-03-02',
  '2024-03-30',
  '2024-04-27',
].map((date) => ({ at: local(date, 9), staffId: 'ana', offeringId: 'cut' }));

describe('analysePreferences', () => {
  it('gives nothing, with no confidence, for no visits', () => {
    const result = analysePreferences([], { timeZone: ZONE });
    expect(result).toMatchObject({
      visitCount: 0,
      timeOfDay: { preferred: null, confidence: 0 },
      weekdays: { preferred: [], confidence: 0 },
      staff: { preferred: null, confidence: 0 },
      offerings: { preferred: null, confidence: 0 },
      regularity: { kind: 'unknown', confidence: 0 },
    });
  });

  it('finds a steady customer steady', () => {
    const result = analysePreferences(saturdays, { timeZone: ZONE });
    expect(result.visitCount).toBe(5);
    expect(result.timeOfDay).toMatchObject({
      preferred: 'morning',
      shares: [{ key: 'morning', count: 5, share: 1 }],
    });
    expect(result.weekdays).toMatchObject({ preferred: ['sat'], shares: [{ key: 'sat', share: 1 }] });
    expect(result.staff).toMatchObject({ preferred: 'ana', shares: [{ key: 'ana', count: 5, share: 1 }] });
    expect(result.offerings.preferred).toBe('cut');
    expect(result.regularity).toMatchObject({ kind: 'regular', variation: 0, medianGapDays: 28 });
    // Five visits, one choice every time: 5 / (5 + 3).
    expect(result.timeOfDay.confidence).toBeCloseTo(0.625, 10);
    expect(result.staff.confidence).toBeCloseTo(0.625, 10);
  });

  it.each<[string, number[], string | null]>([
    ['morning before 12', [8, 9, 11, 14], 'morning'],
    ['afternoon 12–17', [12, 13, 16, 9], 'afternoon'],
    ['evening from 17', [17, 19, 20, 10], 'evening'],
    ['a tie goes to the most recent choice', [9, 18], 'evening'],
  ])('time of day: %s', (_, hours, preferred) => {
    const visits = hours.map((hour, i) => ({ at: local(`2024-05-${String(i + 1).padStart(2, '0')}`, hour) }));
    expect(analysePreferences(visits, { timeZone: ZONE }).timeOfDay.preferred).toBe(preferred);
  });

  it('uses the local hour and weekday the caller computed', () => {
    const visits: PreferenceVisit[] = [
      { at: new Date('2024-05-01T12:00:00Z'), localHour: 19, localWeekday: 'fri' },
      { at: new Date('2024-05-08T12:00:00Z'), localHour: 18, localWeekday: 'fri' },
    ];
    const result = analysePreferences(visits);
    expect(result.timeOfDay.preferred).toBe('evening');
    expect(result.weekdays.preferred).toEqual(['fri']);
  });

  it('reads hours and weekdays in the tenant zone', () => {
    // 01:30 UTC on Sunday is 22:30 on Saturday in São Paulo.
    const visits = [{ at: new Date('2024-05-05T01:30:00Z') }];
    expect(analysePreferences(visits, { timeZone: ZONE })).toMatchObject({
      timeOfDay: { preferred: 'evening' },
      weekdays: { preferred: ['sat'] },
    });
    expect(analysePreferences(visits)).toMatchObject({
      timeOfDay: { preferred: 'morning' },
      weekdays: { preferred: ['sun'] },
    });
  });

  it('lists up to three preferred weekdays with at least 20% each', () => {
    // 4 × Tuesday, 3 × Thursday, 2 × Saturday, 1 × Monday (2024-05-06 is a Monday).
    const dates = ['07', '14', '21', '28', '09', '16', '23', '11', '18', '06'];
    const visits = dates.map((dd) => ({ at: local(`2024-05-${dd}`, 10) }));
    const { weekdays } = analysePreferences(visits, { timeZone: ZONE });
    expect(weekdays.preferred).toEqual(['tue', 'thu', 'sat']);
    expect(weekdays.shares.map((s) => [s.key, s.share])).toEqual([
      ['tue', 0.4],
      ['thu', 0.3],
      ['sat', 0.2],
      ['mon', 0.1],
    ]);
    expect(weekdays.confidence).toBeGreaterThan(0);
    expect(weekdays.confidence).toBeLessThan(1);
  });

  it('counts staff and offerings per service, time and weekday per visit day', () => {
    const visits: PreferenceVisit[] = [
      { at: local('2024-05-04', 10), staffId: 'bia', offeringId: 'cut' },
      { at: local('2024-05-04', 11), staffId: 'carla', offeringId: 'manicure' },
      { at: local('2024-05-18', 15), staffId: 'bia', offeringId: 'cut' },
      { at: local('2024-06-01', 10), staffId: 'bia', offeringId: 'colour' },
      { at: local('2024-06-15', 10), staffId: null, offeringId: 'cut' },
    ];
    const result = analysePreferences(visits, { timeZone: ZONE });
    expect(result.visitCount).toBe(4);
    expect(result.timeOfDay.shares.map((s) => [s.key, s.count])).toEqual([
      ['morning', 3],
      ['afternoon', 1],
    ]);
    expect(result.staff.shares.map((s) => [s.key, s.count])).toEqual([
      ['bia', 3],
      ['carla', 1],
    ]);
    expect(result.offerings.shares.map((s) => [s.key, s.count])).toEqual([
      ['cut', 3],
      ['colour', 1],
      ['manicure', 1],
    ]);
  });

  it('grows more confident with visits and with dominance', () => {
    const ana = (n: number, other = 0) =>
      analysePreferences(
        Array.from({ length: n + other }, (_, i) => ({
          at: new Date(START + i * 21 * 86_400_000),
          staffId: i < other ? 'bia' : 'ana',
        })),
      ).staff.confidence;
    expect(ana(2)).toBeLessThan(ana(6));
    expect(ana(6, 4)).toBeLessThan(ana(6));
    expect(ana(3, 3)).toBe(0);
  });

  it.each<[string, number[], 'regular' | 'irregular' | 'unknown']>([
    ['three visits are too few to say', [0, 28, 56], 'unknown'],
    ['steady four-weekly visits are regular', [0, 28, 55, 84, 112], 'regular'],
    ['one holiday does not make them irregular', [0, 28, 56, 170, 198], 'regular'],
    ['scattered visits are irregular', [0, 7, 60, 75, 160, 170], 'irregular'],
  ])('regularity: %s', (_, offsets, kind) => {
    const visits = offsets.map((n) => ({ at: new Date(START + n * 86_400_000) }));
    const { regularity } = analysePreferences(visits);
    expect(regularity.kind).toBe(kind);
    if (kind !== 'unknown') expect(regularity.confidence).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it.each([
    [11, 'morning'],
    [12, 'afternoon'],
    [16, 'afternoon'],
    [17, 'evening'],
    [0, 'morning'],
  ])('hour %i is %s', (hour, expected) => {
    expect(timeOfDay(hour)).toBe(expected);
  });

  it('reads wall-clock time in a zone', () => {
    expect(localTime(new Date('2024-05-05T01:30:00Z'), ZONE)).toMatchObject({ hour: 22, weekday: 'sat' });
    expect(localTime(new Date('2024-05-05T01:30:00Z'))).toMatchObject({ hour: 1, weekday: 'sun' });
  });

  it('ranks shares by count, then by the latest choice', () => {
    expect(rankShares(['a', 'b', 'a', 'c', 'b']).map((s) => s.key)).toEqual(['b', 'a', 'c']);
  });

  it.each([
    [1, 3, 1, 1],
    [1 / 3, 3, 1, 0],
    [0.5, 2, 1, 0],
    [1, 1, 1, 1],
    [0.6, 3, 1, 0.4],
    [1, 7, 2, 1],
  ])('dominance(%s, %s options, %s picked) = %s', (share, options, picked, expected) => {
    expect(dominance(share, options, picked)).toBeCloseTo(expected, 10);
  });

  it('sampleFactor grows towards 1', () => {
    expect([0, 1, 3, 12].map(sampleFactor)).toEqual([0, 0.25, 0.5, 0.8]);
  });
});
