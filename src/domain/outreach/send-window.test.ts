import { describe, expect, it } from 'vitest';
import { isWindowOpen, nextOpening, type SendWindow, startOfLocalDay } from './send-window.ts';

const MON_SAT: SendWindow = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  from: '09:00',
  until: '20:00',
};

describe('nextOpening', () => {
  it.each([
    // 2025-03-05 is a Wednesday; São Paulo is UTC−3 all year.
    [
      'open: Wednesday 12:00 local',
      '2025-03-05T15:00:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-05T15:00:00.000Z',
    ],
    [
      'before opening: 07:30 → 09:00 the same day',
      '2025-03-05T10:30:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-05T12:00:00.000Z',
    ],
    [
      'the opening minute itself is open',
      '2025-03-05T12:00:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-05T12:00:00.000Z',
    ],
    [
      'closing is exclusive: 20:00 → 09:00 next day',
      '2025-03-05T23:00:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-06T12:00:00.000Z',
    ],
    [
      'Saturday evening → Monday 09:00 (Sunday closed)',
      '2025-03-08T23:30:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-10T12:00:00.000Z',
    ],
    [
      'Sunday noon → Monday 09:00',
      '2025-03-09T15:00:00Z',
      'America/Sao_Paulo',
      MON_SAT,
      '2025-03-10T12:00:00.000Z',
    ],
    // The same instant is Wednesday 01:00 in Moscow (UTC+3): closed until 09:00 there.
    [
      'read on the tenant clock, not UTC',
      '2025-03-04T22:00:00Z',
      'Europe/Moscow',
      MON_SAT,
      '2025-03-05T06:00:00.000Z',
    ],
    [
      'weekends only',
      '2025-03-05T15:00:00Z',
      'UTC',
      { days: ['sat', 'sun'], from: '10:00', until: '12:00' },
      '2025-03-08T10:00:00.000Z',
    ],
    // New York springs forward on 2025-03-09 at 02:00 → 03:00: a 02:30 opening is read on the
    // moved clock, 03:30 EDT (07:30Z).
    [
      'a window opening in a DST gap opens after it',
      '2025-03-09T05:00:00Z',
      'America/New_York',
      { days: ['sun'], from: '02:30', until: '05:00' },
      '2025-03-09T07:30:00.000Z',
    ],
    // After the change 09:00 EDT is 13:00Z, not 14:00Z as the day before.
    [
      'follows the zone offset after DST',
      '2025-03-09T03:00:00Z',
      'America/New_York',
      MON_SAT,
      '2025-03-10T13:00:00.000Z',
    ],
    [
      'around the clock: 23:59:59 is open',
      '2025-03-09T23:59:59Z',
      'UTC',
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' },
      '2025-03-09T23:59:59.000Z',
    ],
    [
      'one day a week, just missed → a week later',
      '2025-03-05T23:00:00Z',
      'UTC',
      { days: ['wed'], from: '09:00', until: '20:00' },
      '2025-03-12T09:00:00.000Z',
    ],
  ] as const)('%s', (_case, now, zone, window, expected) => {
    expect(nextOpening(new Date(now), zone, window)?.toISOString()).toBe(expected);
  });

  it('is undefined for a window without days', () => {
    expect(nextOpening(new Date(), 'UTC', { days: [], from: '09:00', until: '20:00' })).toBeUndefined();
  });

  it('isWindowOpen agrees', () => {
    expect(isWindowOpen(new Date('2025-03-05T15:00:00Z'), 'America/Sao_Paulo', MON_SAT)).toBe(true);
    expect(isWindowOpen(new Date('2025-03-09T15:00:00Z'), 'America/Sao_Paulo', MON_SAT)).toBe(false);
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2025-03-05T02:00:00Z', 'America/Sao_Paulo', '2025-03-04T03:00:00.000Z'],
    ['2025-03-05T04:00:00Z', 'America/Sao_Paulo', '2025-03-05T03:00:00.000Z'],
    ['2025-03-04T22:00:00Z', 'Europe/Moscow', '2025-03-04T21:00:00.000Z'],
    ['2025-03-05T12:00:00Z', 'UTC', '2025-03-05T00:00:00.000Z'],
  ])('%s in %s: the day began at %s', (now, zone, expected) => {
    expect(startOfLocalDay(new Date(now), zone).toISOString()).toBe(expected);
  });
});
