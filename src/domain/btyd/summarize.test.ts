import { describe, expect, it } from 'vitest';
import { CDNOW_CALIBRATION_END, readCdnowPublishedSummary, readCdnowTransactions } from './cdnow.fixture.ts';
import { dayNumberToIso, summarize, type Transaction, utcDayNumber } from './summarize.ts';

const t = (customerId: string, at: string | Date, amount?: number): Transaction =>
  amount === undefined ? { customerId, at } : { customerId, at, amount };

describe('summarize', () => {
  it.each([
    {
      name: 'one purchase: no repeats, tx = 0, monetary = 0',
      log: [t('a', '2024-01-01', 10)],
      expected: { x: 0, tx: 0, T: 30, monetary: 0 },
    },
    {
      name: 'same-day purchases are one purchase with the summed value',
      log: [
        t('a', '2024-01-01', 10),
        t('a', '2024-01-11', 5),
        t('a', '2024-01-11', 7),
        t('a', '2024-01-21', 3),
      ],
      expected: { x: 2, tx: 20, T: 30, monetary: 7.5 },
    },
    {
      name: 'several purchases on the first day are all the first purchase',
      log: [t('a', '2024-01-01', 10), t('a', '2024-01-01', 90), t('a', '2024-01-31', 4)],
      expected: { x: 1, tx: 30, T: 30, monetary: 4 },
    },
    {
      name: 'purchases after the calibration end are ignored; the end day itself counts',
      log: [t('a', '2024-01-01', 1), t('a', '2024-01-31', 2), t('a', '2024-02-01', 100)],
      expected: { x: 1, tx: 30, T: 30, monetary: 2 },
    },
    {
      name: 'order of the log does not matter',
      log: [t('a', '2024-01-21', 3), t('a', '2024-01-01', 10), t('a', '2024-01-11', 5)],
      expected: { x: 2, tx: 20, T: 30, monetary: 4 },
    },
    {
      name: 'Dates use their UTC calendar day; missing amounts count as 0',
      log: [t('a', new Date('2024-01-01T23:59:59Z')), t('a', new Date('2024-01-02T00:00:01Z'), 6)],
      expected: { x: 1, tx: 1, T: 30, monetary: 6 },
    },
  ])('$name', ({ log, expected }) => {
    const [summary] = summarize(log, { calibrationEnd: '2024-01-31', unit: 'day' });
    expect(summary).toMatchObject({ id: 'a', ...expected, firstPurchase: '2024-01-01' });
  });

  it('expresses times in weeks of 7 days', () => {
    const [summary] = summarize([t('a', '2024-01-01'), t('a', '2024-01-15')], {
      calibrationEnd: '2024-01-29',
      unit: 'week',
    });
    expect(summary).toMatchObject({ x: 1, tx: 2, T: 4 });
  });

  it('drops purchases before the origin and customers first seen after calibration', () => {
    const log = [t('a', '2023-12-01'), t('a', '2024-01-05'), t('a', '2024-01-09'), t('b', '2024-02-10')];
    const summaries = summarize(log, { calibrationEnd: '2024-01-31', unit: 'day', origin: '2024-01-01' });
    expect(summaries).toEqual([{ id: 'a', x: 1, tx: 4, T: 26, monetary: 0, firstPurchase: '2024-01-05' }]);
  });

  it('keeps customers in order of first appearance', () => {
    const log = [t('b', '2024-01-02'), t('a', '2024-01-01'), t('b', '2024-01-03')];
    expect(summarize(log, { calibrationEnd: '2024-01-31', unit: 'day' }).map((s) => s.id)).toEqual([
      'b',
      'a',
    ]);
  });

  it.each(['2024-02-30', '2024-1-5', 'yesterday'])('rejects the date %s', (bad) => {
    expect(() => summarize([t('a', bad)], { calibrationEnd: '2024-01-31', unit: 'day' })).toThrow(RangeError);
  });

  it('agrees with Date on every day from 1899 to 2101, both ways', () => {
    const from = Date.UTC(1899, 0, 1) / 86_400_000;
    const to = Date.UTC(2101, 11, 31) / 86_400_000;
    const wrong: number[] = [];
    for (let day = from; day <= to; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (dayNumberToIso(day) !== iso || utcDayNumber(iso) !== day) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-1x',
    '',
  ])('rejects the impossible date %j', (bad) => {
    expect(() => utcDayNumber(bad)).toThrow(RangeError);
  });

  it('accepts 29 February in leap years', () => {
    expect(dayNumberToIso(utcDayNumber('2000-02-29'))).toBe('2000-02-29');
    expect(dayNumberToIso(utcDayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('counts days since the epoch in UTC', () => {
    expect(utcDayNumber('1970-01-02')).toBe(1);
    expect(utcDayNumber(new Date('1997-09-30T12:00:00-05:00'))).toBe(utcDayNumber('1997-09-30'));
  });
});

describe('summarize on CDNOW', () => {
  const summaries = summarize(readCdnowTransactions(), {
    calibrationEnd: CDNOW_CALIBRATION_END,
    unit: 'week',
  });
  const published = new Map(readCdnowPublishedSummary().map((row) => [row.id, row]));

  it('finds the 2,357 customers and 946 repeat buyers of the sample', () => {
    expect(summaries).toHaveLength(2357);
    expect(summaries.filter((s) => s.x > 0)).toHaveLength(946);
  });

  it('matches the published summary (x exactly; weeks and zbar to their 2 decimals)', () => {
    const mismatches = summaries.filter((s) => {
      const row = published.get(s.id);
      return (
        row === undefined ||
        row.x !== s.x ||
        Math.abs(row.tx - s.tx) > 0.0051 ||
        Math.abs(row.T - s.T) > 0.0051 ||
        Math.abs(row.monetary - s.monetary) > 0.0051
      );
    });
    expect(mismatches).toEqual([]);
  });
});
