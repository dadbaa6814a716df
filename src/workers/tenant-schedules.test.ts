import { describe, expect, it } from 'vitest';
import { readDailyRun, slotInstant, spreadMinute, tenantSchedules } from './tenant-schedules.ts';

const ID = '3f1c2b9e-8d2a-4c57-9a61-0b7e4f1d2c3a';
const M = spreadMinute(ID);

describe('readDailyRun', () => {
  it.each([
    ['no settings at all', undefined, { enabled: true, localTime: '10:00', problems: 0 }],
    ['no reactivation section', { detection: {} }, { enabled: true, localTime: '10:00', problems: 0 }],
    [
      'a custom time',
      { reactivation: { dailyRun: { localTime: '08:30' } } },
      { enabled: true, localTime: '08:30', problems: 0 },
    ],
    [
      'switched off',
      { reactivation: { dailyRun: { enabled: false } } },
      { enabled: false, localTime: '10:00', problems: 0 },
    ],
    [
      'midnight and the last minute',
      { reactivation: { dailyRun: { localTime: '23:59' } } },
      { enabled: true, localTime: '23:59', problems: 0 },
    ],
    [
      'an hour without a leading zero',
      { reactivation: { dailyRun: { localTime: '8:30' } } },
      { enabled: true, localTime: '10:00', problems: 1 },
    ],
    [
      'hour 24',
      { reactivation: { dailyRun: { localTime: '24:00' } } },
      { enabled: true, localTime: '10:00', problems: 1 },
    ],
    [
      'a number for the time',
      { reactivation: { dailyRun: { localTime: 830 } } },
      { enabled: true, localTime: '10:00', problems: 1 },
    ],
    [
      'a string for enabled',
      { reactivation: { dailyRun: { enabled: 'no', localTime: '07:00' } } },
      { enabled: true, localTime: '07:00', problems: 1 },
    ],
    [
      'a bad setting elsewhere does not move the run',
      { reactivation: { controlShare: 2, dailyRun: { localTime: '07:00' } } },
      { enabled: true, localTime: '07:00', problems: 1 },
    ],
    [
      'a misspelt field is reported, not taken',
      { reactivation: { dailyRun: { localtime: '07:00' } } },
      { enabled: true, localTime: '10:00', problems: 1 },
    ],
    [
      'dailyRun not an object',
      { reactivation: { dailyRun: '10:00' } },
      { enabled: true, localTime: '10:00', problems: 1 },
    ],
  ])('%s', (_name, settings, expected) => {
    const read = readDailyRun(settings);
    expect({ enabled: read.enabled, localTime: read.localTime, problems: read.problems.length }).toEqual(
      expected,
    );
  });
});

describe('tenantSchedules', () => {
  it.each([
    [
      'default: daily run at 10:00 local',
      {},
      { planDaily: '0 10 * * *', recomputeMedians: `${M} 3 * * *`, expireSuggestions: `${M} * * * *` },
    ],
    [
      'daily run at the configured time',
      { reactivation: { dailyRun: { localTime: '07:45' } } },
      { planDaily: '45 7 * * *', recomputeMedians: `${M} 3 * * *`, expireSuggestions: `${M} * * * *` },
    ],
    [
      'daily run switched off: the other jobs stay',
      { reactivation: { dailyRun: { enabled: false, localTime: '07:45' } } },
      { recomputeMedians: `${M} 3 * * *`, expireSuggestions: `${M} * * * *` },
    ],
  ])('%s', (_name, settings, expected) => {
    const schedules = tenantSchedules({ id: ID, timezone: 'Europe/Moscow', settings });
    expect(Object.fromEntries(schedules.map((s) => [s.job, s.cron]))).toEqual(expected);
    expect(schedules.every((s) => s.timezone === 'Europe/Moscow')).toBe(true);
  });
});

describe('spreadMinute', () => {
  it('gives a tenant the same minute every time, and spreads tenants over the hour', () => {
    const ids = Array.from(
      { length: 1200 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const counts = new Array<number>(60).fill(0);
    for (const id of ids) counts[spreadMinute(id)]!++;
    expect(ids.map(spreadMinute)).toEqual(ids.map(spreadMinute));
    // 20 a minute on average; no minute empty, none with more than twice its share
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(40);
  });
});

describe('slotInstant', () => {
  it.each([
    [
      'the job created 35 s after 10:00 in São Paulo',
      '2026-03-10T13:00:35Z',
      { hour: 10, minute: 0 },
      'America/Sao_Paulo',
      '2026-03-10T13:00:00Z',
    ],
    [
      'a 23:59 run created after midnight stays on its day',
      '2026-03-11T03:00:20Z',
      { hour: 23, minute: 59 },
      'America/Sao_Paulo',
      '2026-03-11T02:59:00Z',
    ],
    ['an hourly slot', '2026-03-10T10:17:40Z', { hour: null, minute: 17 }, 'UTC', '2026-03-10T10:17:00Z'],
    [
      'an hourly slot in a half-hour zone',
      '2026-03-10T10:48:10Z',
      { hour: null, minute: 18 },
      'Asia/Kolkata',
      '2026-03-10T10:48:00Z',
    ],
    [
      'a catch-up hours after the slot runs for its own moment',
      '2026-03-10T18:12:34Z',
      { hour: 10, minute: 0 },
      'America/Sao_Paulo',
      '2026-03-10T18:12:34Z',
    ],
    [
      'the repeated 02:30 when clocks go back: the later one',
      '2026-10-25T01:30:30Z',
      { hour: 2, minute: 30 },
      'Europe/Berlin',
      '2026-10-25T01:30:00Z',
    ],
    [
      'a 02:30 that never happened (clocks went forward): its own moment',
      '2026-03-08T07:00:40Z',
      { hour: 2, minute: 30 },
      'America/New_York',
      '2026-03-08T07:00:40Z',
    ],
  ])('%s', (_name, created, slot, timezone, expected) => {
    expect(slotInstant(new Date(created), slot, timezone).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });
});
