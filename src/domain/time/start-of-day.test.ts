import { describe, expect, it } from 'vitest';
import { startOfDay } from './start-of-day.ts';

describe('startOfDay', () => {
  it.each([
    ['2024-03-05', 'UTC', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05', 'America/Sao_Paulo', '2024-03-05T03:00:00.000Z'],
    ['2024-03-05', 'Europe/Moscow', '2024-03-04T21:00:00.000Z'],
    ['2024-07-01', 'Europe/Lisbon', '2024-06-30T23:00:00.000Z'],
    ['2024-01-01', 'Europe/Lisbon', '2024-01-01T00:00:00.000Z'],
    ['2024-03-10', 'America/New_York', '2024-03-10T05:00:00.000Z'],
    ['2024-03-11', 'America/New_York', '2024-03-11T04:00:00.000Z'],
    ['2024-11-03', 'America/New_York', '2024-11-03T04:00:00.000Z'],
    ['2024-12-31', 'Asia/Kolkata', '2024-12-30T18:30:00.000Z'],
    // Santiago skips from 00:00 to 01:00 when its summer time starts: the day begins at 01:00.
    ['2024-09-08', 'America/Santiago', '2024-09-08T04:00:00.000Z'],
  ])('%s in %s begins at %s', (date, zone, expected) => {
    expect(startOfDay(date, zone).toISOString()).toBe(expected);
  });
});
