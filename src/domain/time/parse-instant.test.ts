import { describe, expect, it } from 'vitest';
import { parseInstant } from './parse-instant.ts';
import { assertTimeZone } from './zone-offset.ts';

const iso = (value: string | Date, zone = 'UTC') => parseInstant(value, zone)?.toISOString();

describe('parseInstant', () => {
  it.each([
    ['2024-01-05T10:00:00Z', 'UTC', '2024-01-05T10:00:00.000Z'],
    ['2024-01-05T10:00:00+03:00', 'UTC', '2024-01-05T07:00:00.000Z'],
    ['2024-01-05T10:00:00+0300', 'UTC', '2024-01-05T07:00:00.000Z'],
    ['2024-01-05T10:00-03', 'UTC', '2024-01-05T13:00:00.000Z'],
    ['2024-01-05 10:00:00.123456Z', 'UTC', '2024-01-05T10:00:00.123Z'],
    // plain dates are midnight where the tenant is
    ['2024-01-05', 'UTC', '2024-01-05T00:00:00.000Z'],
    ['2024-01-05', 'America/Sao_Paulo', '2024-01-05T03:00:00.000Z'],
    ['2024-07-01', 'Europe/Moscow', '2024-06-30T21:00:00.000Z'],
    ['2024-07-01', 'Europe/Lisbon', '2024-06-30T23:00:00.000Z'],
    ['2024-01-01', 'Europe/Lisbon', '2024-01-01T00:00:00.000Z'],
    // wall-clock date-times without an offset are read in the tenant's zone
    ['2024-03-10 14:30', 'America/New_York', '2024-03-10T18:30:00.000Z'],
    ['2024-03-09T14:30:00', 'America/New_York', '2024-03-09T19:30:00.000Z'],
  ])('%s in %s → %s', (input, zone, expected) => {
    expect(iso(input, zone)).toBe(expected);
  });

  it.each([
    '2024-02-30',
    '2023-02-29T00:00:00Z',
    '2024-13-01',
    '2024-01-05T24:00:00Z',
    '2024-01-05T10:00:00+19:00',
    '05/01/2024',
    '20240105',
    'yesterday',
    '',
    '0999-01-01',
  ])('rejects %j', (input) => {
    expect(parseInstant(input, 'UTC')).toBeUndefined();
  });

  it('accepts 29 February in leap years and passes valid Dates through', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(new Date('2024-01-05T10:00:00Z'))).toBe('2024-01-05T10:00:00.000Z');
    expect(parseInstant(new Date(Number.NaN), 'UTC')).toBeUndefined();
  });

  it('lands a wall-clock time skipped by a DST gap just after the gap', () => {
    // 2024-03-10 02:30 does not exist in New York: clocks jump from 02:00 to 03:00 (07:00 UTC)
    const instant = parseInstant('2024-03-10T02:30:00', 'America/New_York')!;
    expect(instant.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-03-10T07:00:00Z'));
    expect(instant.getTime()).toBeLessThanOrEqual(Date.parse('2024-03-10T07:30:00Z'));
  });

  it('names a bad time zone', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/Mars\/Olympus/);
    expect(() => assertTimeZone('America/Sao_Paulo')).not.toThrow();
  });
});
