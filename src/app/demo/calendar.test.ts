import { describe, expect, it } from 'vitest';
import {
  createZone,
  dayOfYmd,
  easterDay,
  isoDate,
  isSalonClosed,
  salonHolidays,
  weekdayOf,
} from './calendar.ts';
import { createRandom } from './random.ts';

describe('calendar', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2000, '2000-04-23'],
  ])('finds Easter %i on %s', (year, date) => {
    expect(isoDate(easterDay(year))).toBe(date);
  });

  it('closes the salon on Carnival, Good Friday, Corpus Christi and fixed holidays', () => {
    const dates = salonHolidays(2025).map(isoDate);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2025-03-03',
        '2025-03-04',
        '2025-04-18',
        '2025-06-19',
        '2025-12-25',
        '2025-11-20',
      ]),
    );
    expect(isSalonClosed(dayOfYmd(2025, 3, 4))).toBe(true);
    expect(isSalonClosed(dayOfYmd(2025, 3, 9))).toBe(true); // a Sunday
    expect(isSalonClosed(dayOfYmd(2025, 3, 11))).toBe(false);
  });

  it('counts weekdays from the epoch', () => {
    expect(weekdayOf(0)).toBe(4); // 1970-01-01, a Thursday
    expect(weekdayOf(dayOfYmd(2026, 3, 15))).toBe(0);
  });

  it('converts São Paulo local times, including the old daylight-saving years', () => {
    const zone = createZone('America/Sao_Paulo');
    const day = dayOfYmd(2025, 3, 14);
    expect(zone.format(day, 10 * 60 + 30)).toBe('2025-03-14T10:30:00-03:00');
    expect(new Date(zone.instant(day, 630)).toISOString()).toBe('2025-03-14T13:30:00.000Z');
    expect(zone.local(Date.parse('2025-03-14T13:30:00Z'))).toEqual({ day, minute: 630 });
    // January 2018 was summer time (UTC−2).
    expect(zone.format(dayOfYmd(2018, 1, 10), 9 * 60)).toBe('2018-01-10T09:00:00-02:00');
  });
});

describe('random', () => {
  it('repeats itself for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream: number) => {
      const random = createRandom(seed, stream);
      return Array.from({ length: 5 }, () => random.int(0, 1_000_000));
    };
    expect(draw(42, 1)).toEqual(draw(42, 1));
    expect(draw(42, 1)).not.toEqual(draw(42, 2));
    expect(draw(42, 1)).not.toEqual(draw(43, 1));
  });

  it('draws log-normal values around their median', () => {
    const random = createRandom(7);
    const values = Array.from({ length: 4001 }, () => random.logNormal(30, 0.2)).sort((a, b) => a - b);
    expect(values[2000]).toBeGreaterThan(28.5);
    expect(values[2000]).toBeLessThan(31.5);
  });
});
