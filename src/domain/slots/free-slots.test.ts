import { describe, expect, it } from 'vitest';
import { type BusyInterval, type FreeSlotsInput, freeSlots, type SlotStaff } from './free-slots.ts';
import { createWallClock, localStartOf } from './wall-clock.ts';
import { shiftsOn, type WorkingHours } from './working-hours.ts';

const ana = (workingHours: WorkingHours): SlotStaff => ({ id: 'ana', name: 'Ana', workingHours });
const busy = (start: string, end: string, staffId = 'ana'): BusyInterval => ({
  staffId,
  start: new Date(start),
  end: new Date(end),
});

/** One Tuesday in UTC, 2024-05-07, unless a case says otherwise. */
function run(overrides: Partial<FreeSlotsInput>) {
  return freeSlots({
    from: new Date('2024-05-07T00:00:00Z'),
    to: new Date('2024-05-08T00:00:00Z'),
    timeZone: 'UTC',
    durationMinutes: 60,
    staff: [ana({ tue: [['09:00', '12:00']] })],
    busy: [],
    ...overrides,
  });
}
const starts = (input: Partial<FreeSlotsInput>) =>
  run(input).map((slot) => slot.start.toISOString().slice(11, 16));

describe('freeSlots in one zone without clock changes', () => {
  it.each<[string, Partial<FreeSlotsInput>, string[]]>([
    [
      'a 3-hour shift holds five 60-minute services on the half-hour grid',
      {},
      ['09:00', '09:30', '10:00', '10:30', '11:00'],
    ],
    ['the service must end by the end of the shift', { durationMinutes: 150 }, ['09:00', '09:30']],
    ['a service longer than the shift finds nothing', { durationMinutes: 200 }, []],
    ['a 45-minute grid counts from midnight', { stepMinutes: 45 }, ['09:00', '09:45', '10:30']],
    [
      'a shift starting off the grid begins at the next grid time',
      { staff: [ana({ tue: [['09:15', '12:00']] })] },
      ['09:30', '10:00', '10:30', '11:00'],
    ],
    [
      'a lunch break splits the day',
      {
        staff: [
          ana({
            tue: [
              ['09:00', '11:00'],
              ['13:00', '15:00'],
            ],
          }),
        ],
      },
      ['09:00', '09:30', '10:00', '13:00', '13:30', '14:00'],
    ],
    [
      'touching shifts are one, so a long service runs across the seam',
      {
        durationMinutes: 90,
        staff: [
          ana({
            tue: [
              ['10:00', '11:00'],
              ['09:00', '10:00'],
            ],
          }),
        ],
      },
      ['09:00', '09:30'],
    ],
    ['a day without hours is a day off', { staff: [ana({ wed: [['09:00', '12:00']] })] }, []],
    [
      'an overnight shift gives nothing rather than a guess',
      { staff: [ana({ tue: [['22:00', '02:00']] })] },
      [],
    ],
    [
      'a shift may end at 24:00, and no service runs past midnight',
      { staff: [ana({ tue: [['22:00', '24:00']] })] },
      ['22:00', '22:30', '23:00'],
    ],
    ['malformed hours are skipped', { staff: [ana({ tue: [['9am', '12:00']] })] }, []],
    [
      'a booking blocks every start that would overlap it',
      { busy: [busy('2024-05-07T10:00:00Z', '2024-05-07T11:00:00Z')] },
      ['09:00', '11:00'],
    ],
    [
      'a booking that ends when a slot starts does not block it',
      { busy: [busy('2024-05-07T08:00:00Z', '2024-05-07T09:00:00Z')] },
      ['09:00', '09:30', '10:00', '10:30', '11:00'],
    ],
    [
      "another staff member's booking does not block",
      { busy: [busy('2024-05-07T09:00:00Z', '2024-05-07T12:00:00Z', 'bia')] },
      ['09:00', '09:30', '10:00', '10:30', '11:00'],
    ],
    [
      'an interval ending before it starts blocks nothing',
      { busy: [busy('2024-05-07T11:00:00Z', '2024-05-07T09:00:00Z')] },
      ['09:00', '09:30', '10:00', '10:30', '11:00'],
    ],
    ['nothing before from', { from: new Date('2024-05-07T10:10:00Z') }, ['10:30', '11:00']],
    ['from is inclusive', { from: new Date('2024-05-07T10:30:00Z') }, ['10:30', '11:00']],
    ['starts only before to', { to: new Date('2024-05-07T10:00:00Z') }, ['09:00', '09:30']],
    ['an empty window finds nothing', { to: new Date('2024-05-07T00:00:00Z') }, []],
  ])('%s', (_, input, expected) => {
    expect(starts(input)).toEqual(expected);
  });

  it('orders by start, then staff, and carries the local date, weekday and minute', () => {
    const slots = run({
      durationMinutes: 30,
      staff: [
        { id: 'bia', name: 'Bia', workingHours: { tue: [['09:00', '10:00']] } },
        ana({ tue: [['09:00', '09:30']] }),
      ],
    });
    expect(slots.map((s) => [s.start.toISOString(), s.end.toISOString(), s.staffId, s.staffName])).toEqual([
      ['2024-05-07T09:00:00.000Z', '2024-05-07T09:30:00.000Z', 'ana', 'Ana'],
      ['2024-05-07T09:00:00.000Z', '2024-05-07T09:30:00.000Z', 'bia', 'Bia'],
      ['2024-05-07T09:30:00.000Z', '2024-05-07T10:00:00.000Z', 'bia', 'Bia'],
    ]);
    expect(slots[2]!.local).toEqual({ date: '2024-05-07', weekday: 'tue', minute: 570 });
  });

  it('reads working hours on the tenant clock: a São Paulo Tuesday is UTC−3', () => {
    const slots = run({
      timeZone: 'America/Sao_Paulo',
      from: new Date('2024-05-07T00:00:00Z'),
      to: new Date('2024-05-09T00:00:00Z'),
      staff: [ana({ tue: [['09:00', '10:00']], wed: [['20:00', '21:00']] })],
    });
    expect(slots.map((s) => [s.start.toISOString(), s.local.date, s.local.weekday])).toEqual([
      ['2024-05-07T12:00:00.000Z', '2024-05-07', 'tue'],
      // Wednesday 20:00 in São Paulo is 23:00 UTC the same day.
      ['2024-05-08T23:00:00.000Z', '2024-05-08', 'wed'],
    ]);
  });

  it('refuses a duration or step that makes no sense', () => {
    expect(() => run({ durationMinutes: 0 })).toThrow(/durationMinutes/);
    expect(() => run({ durationMinutes: 1.5 })).toThrow(/durationMinutes/);
    expect(() => run({ stepMinutes: 0 })).toThrow(/stepMinutes/);
    expect(() => run({ from: new Date(Number.NaN) })).toThrow(/valid dates/);
  });
});

describe('freeSlots across clock changes', () => {
  const saturdayAndMonday: WorkingHours = { sat: [['09:00', '10:00']], mon: [['09:00', '10:00']] };

  it.each<[string, string, string, string, string[]]>([
    // Berlin moves from UTC+1 to UTC+2 in the night to Sunday 31 March 2024.
    [
      'Berlin, March',
      'Europe/Berlin',
      '2024-03-30T00:00:00Z',
      '2024-04-02T00:00:00Z',
      ['2024-03-30T08:00:00.000Z', '2024-04-01T07:00:00.000Z'],
    ],
    // Brazil still had summer time in 2018: São Paulo went from UTC−3 to UTC−2 at midnight, 4 Nov.
    [
      'São Paulo, November 2018',
      'America/Sao_Paulo',
      '2018-11-03T00:00:00Z',
      '2018-11-06T00:00:00Z',
      ['2018-11-03T12:00:00.000Z', '2018-11-05T11:00:00.000Z'],
    ],
    // And back on 17 February 2019.
    [
      'São Paulo, February 2019',
      'America/Sao_Paulo',
      '2019-02-16T00:00:00Z',
      '2019-02-19T00:00:00Z',
      ['2019-02-16T11:00:00.000Z', '2019-02-18T12:00:00.000Z'],
    ],
  ])('09:00 stays 09:00 on both sides: %s', (_, timeZone, from, to, expected) => {
    const slots = freeSlots({
      from: new Date(from),
      to: new Date(to),
      timeZone,
      durationMinutes: 60,
      staff: [ana(saturdayAndMonday)],
      busy: [],
    });
    expect(slots.map((s) => s.start.toISOString())).toEqual(expected);
    expect(slots.map((s) => s.local.minute)).toEqual([540, 540]);
  });

  const sunday = (from: string, to: string, shifts: [string, string][]) =>
    freeSlots({
      from: new Date(from),
      to: new Date(to),
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      staff: [ana({ sun: shifts })],
      busy: [],
    });

  it('offers no start the clocks skip, and a service ends in real time', () => {
    // Sunday 31 March 2024, Berlin: 02:00–02:59 do not exist; 01:00–04:00 is two real hours.
    const slots = sunday('2024-03-30T22:00:00Z', '2024-03-31T06:00:00Z', [['01:00', '04:00']]);
    expect(slots.map((s) => [s.start.toISOString().slice(11, 16), s.local.minute])).toEqual([
      ['00:00', 60],
      ['00:30', 90],
      ['01:00', 180],
    ]);
    // 01:30 plus an hour is 03:30 on the clock.
    expect(slots[1]!.end.toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('a shift starting inside the gap starts when the clocks land', () => {
    // "02:00–04:00" that night is 03:00–04:00: room for one hour's service.
    const slots = sunday('2024-03-30T22:00:00Z', '2024-03-31T06:00:00Z', [['02:00', '04:00']]);
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2024-03-31T01:00:00.000Z']);
  });

  it('offers a twice-shown time once, the first time, and counts the extra hour', () => {
    // Sunday 27 October 2024, Berlin: 02:00–02:59 happen twice; 01:00–04:00 is four real hours.
    const slots = sunday('2024-10-26T20:00:00Z', '2024-10-27T06:00:00Z', [['01:00', '04:00']]);
    expect(slots.map((s) => [s.start.toISOString().slice(11, 16), s.local.minute])).toEqual([
      ['23:00', 60],
      ['23:30', 90],
      ['00:00', 120],
      ['00:30', 150],
      ['02:00', 180],
    ]);
  });
});

describe('helpers', () => {
  it.each<[string, number, number | undefined]>([
    ['an ordinary Berlin time', Date.UTC(2024, 2, 30, 9), Date.UTC(2024, 2, 30, 8)],
    ['a skipped one', Date.UTC(2024, 2, 31, 2, 30), undefined],
    ['the first of a twice-shown one', Date.UTC(2024, 9, 27, 2, 30), Date.UTC(2024, 9, 27, 0, 30)],
    ['after the change', Date.UTC(2024, 2, 31, 9), Date.UTC(2024, 2, 31, 7)],
  ])('wall clock → instant: %s', (_, local, expected) => {
    expect(createWallClock('Europe/Berlin').toInstant(local)).toBe(expected);
  });

  it('a boundary inside a gap lands after it', () => {
    expect(createWallClock('Europe/Berlin').boundary(Date.UTC(2024, 2, 31, 2, 30))).toBe(
      Date.UTC(2024, 2, 31, 1, 30),
    );
  });

  it('localStartOf reads the tenant clock', () => {
    expect(localStartOf(new Date('2024-05-05T01:30:00Z'), 'America/Sao_Paulo')).toEqual({
      date: '2024-05-04',
      weekday: 'sat',
      minute: 22 * 60 + 30,
    });
  });

  it('shiftsOn merges overlapping shifts and drops inverted ones', () => {
    expect(
      shiftsOn(
        {
          mon: [
            ['13:00', '18:00'],
            ['09:00', '12:00'],
            ['11:00', '13:30'],
            ['20:00', '19:00'],
          ],
        },
        'mon',
      ),
    ).toEqual([[540, 1080]]);
  });
});
