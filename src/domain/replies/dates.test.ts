import { describe, expect, it } from 'vitest';
import { findDates, localDate } from './dates.ts';
import { normalizeReply } from './normalize.ts';

// Monday 23 November 2026, 09:00 in São Paulo.
const NOW = new Date('2026-11-23T12:00:00Z');
const TODAY = localDate(NOW, 'America/Sao_Paulo');
const datesIn = (text: string, dayFirst = true) =>
  findDates(normalizeReply(text).text, TODAY, dayFirst).map((mention) => mention.date);

describe('localDate', () => {
  it('is the calendar date in the zone, not in UTC', () => {
    expect(localDate(new Date('2026-11-24T02:00:00Z'), 'America/Sao_Paulo')).toEqual({
      year: 2026,
      month: 11,
      day: 23,
    });
    expect(localDate(new Date('2026-11-23T22:00:00Z'), 'Europe/Moscow')).toEqual({
      year: 2026,
      month: 11,
      day: 24,
    });
  });
});

describe('findDates (today: Monday 2026-11-23)', () => {
  it.each([
    ['estou viajando até dia 15', '2026-12-15'],
    ['no dia 30', '2026-11-30'],
    ['dia 23', '2026-11-23'],
    ['dia 31', '2026-12-31'],
    ['в отпуске до 10 декабря', '2026-12-10'],
    ['до 15-го', '2026-12-15'],
    ['после 5 числа', '2026-12-05'],
    ["I'm away until March 3", '2027-03-03'],
    ['until Dec 1st', '2026-12-01'],
    ['on the 2nd', '2026-12-02'],
    ['3rd of January', '2027-01-03'],
    ['hasta el 30 de noviembre', '2026-11-30'],
    ['el 5 de enero de 2028', '2028-01-05'],
    ['estoy de viaje hasta el lunes', '2026-11-30'],
    ['segunda-feira', '2026-11-30'],
    ['в пятницу', '2026-11-27'],
    ['в среду', '2026-11-25'],
    ['Friday', '2026-11-27'],
    ['amanhã', '2026-11-24'],
    ['завтра', '2026-11-24'],
    ['tomorrow', '2026-11-24'],
    ['mañana', '2026-11-24'],
    ['pasado mañana', '2026-11-25'],
    ['depois de amanhã', '2026-11-25'],
    ['послезавтра', '2026-11-25'],
    ['semana que vem', '2026-11-30'],
    ['na próxima semana', '2026-11-30'],
    ['на следующей неделе', '2026-11-30'],
    ['next week', '2026-11-30'],
    ['la semana que viene', '2026-11-30'],
    ['mês que vem', '2026-12-01'],
    ['в следующем месяце', '2026-12-01'],
    ['em março', '2027-03-01'],
    ['до марта', '2027-03-01'],
    ['em novembro', '2026-11-23'],
    ['через две недели', '2026-12-07'],
    ['daqui a 3 dias', '2026-11-26'],
    ['no fim de semana', '2026-11-28'],
    ['15/12', '2026-12-15'],
    ['05/01', '2027-01-05'],
    ['10.03.2027', '2027-03-10'],
  ])('%s → %s', (text, date) => {
    expect(datesIn(text)).toEqual([date]);
  });

  it('reads 12/20 month first in English', () => {
    expect(datesIn('until 12/20', false)).toEqual(['2026-12-20']);
    expect(datesIn('até 12/01')).toEqual(['2027-01-12']);
  });

  it('finds nothing in times, prices and mornings', () => {
    expect(datesIn('às 10:30')).toEqual([]);
    expect(datesIn('R$ 150')).toEqual([]);
    expect(datesIn('por la mañana')).toEqual([]);
    expect(datesIn('dia 32')).toEqual([]);
    expect(datesIn('31/02')).toEqual([]);
  });

  it('finds each date once, in text order', () => {
    expect(datesIn('não dá amanhã, pode ser sexta?')).toEqual(['2026-11-24', '2026-11-27']);
  });

  it('rolls a 29 February over to the next leap year', () => {
    expect(datesIn('29 de fevereiro')).toEqual(['2028-02-29']);
  });
});
