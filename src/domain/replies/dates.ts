import { zoneOffsetAt } from '../time/zone-offset.ts';
import { stripMarks } from './normalize.ts';

/**
 * Dates named in a reply ("dia 15", "10 декабря", "next Friday", "la próxima semana"), found in
 * the normalized text and resolved to a local calendar date (YYYY-MM-DD) from `today`, the
 * tenant's current local date. A date without a year is its next occurrence; a weekday is the
 * next one after today ("segunda" said on a Monday is a week away); "next week" is its Monday;
 * a month alone is its first day (today, when it is the current month).
 */
export interface LocalDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
}

export interface DateMention {
  /** Where in the normalized text, for "which date follows 'until'" and negation. */
  readonly start: number;
  readonly end: number;
  readonly date: string;
}

/** The local calendar date at `now` in `timeZone`. Throws on an unknown zone (a caller's bug). */
export function localDate(now: Date, timeZone: string): LocalDate {
  const local = new Date(now.getTime() + zoneOffsetAt(now.getTime(), timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

const MS_PER_DAY = 86_400_000;
const toDays = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY;
function fromDays(days: number): LocalDate {
  const date = new Date(days * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
export function formatDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** Monday = 0 … Sunday = 6. */
const weekdayOf = (d: LocalDate) => (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;

/** The first (month, day) on or after today; undefined when the day never exists in that month. */
function nextMonthDay(today: LocalDate, month: number, day: number): LocalDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  for (const year of [today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4]) {
    if (day > daysInMonth(year, month)) continue;
    const candidate = { year, month, day };
    if (toDays(candidate) >= toDays(today)) return candidate;
  }
  return undefined;
}

/** The first day-of-month `day` on or after today, skipping months too short for it. */
function nextDayOfMonth(today: LocalDate, day: number): LocalDate | undefined {
  if (day < 1 || day > 31) return undefined;
  for (let i = 0; i < 13; i++) {
    const month0 = today.month - 1 + i;
    const year = today.year + Math.floor(month0 / 12);
    const month = (month0 % 12) + 1;
    if (day > daysInMonth(year, month)) continue;
    const candidate = { year, month, day };
    if (toDays(candidate) >= toDays(today)) return candidate;
  }
  return undefined;
}

function nextWeekday(today: LocalDate, weekday: number): LocalDate {
  const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
  return fromDays(toDays(today) + ahead);
}

const addDays = (today: LocalDate, days: number) => fromDays(toDays(today) + days);
const mondayOfNextWeek = (today: LocalDate) => addDays(today, 7 - weekdayOf(today));
const firstOfNextMonth = (today: LocalDate) =>
  today.month === 12
    ? { year: today.year + 1, month: 1, day: 1 }
    : { year: today.year, month: today.month + 1, day: 1 };

/** Month stems in the normalized spelling (março → marco, май → маи), January first. */
const MONTHS: readonly (readonly string[])[] = [
  ['janeiro', 'январ', 'january', 'enero', 'jan'],
  ['fevereiro', 'феврал', 'february', 'febrero', 'fev', 'feb'],
  ['marco', 'март', 'march', 'marzo', 'mar'],
  ['abril', 'апрел', 'april', 'abr', 'apr'],
  ['maio', 'ма[ияе]', 'may', 'mayo', 'mai'],
  ['junho', 'июн', 'june', 'junio', 'jun'],
  ['julho', 'июл', 'july', 'julio', 'jul'],
  ['agosto', 'август', 'august', 'ago', 'aug'],
  ['setembro', 'сентябр', 'september', 'septiembre', 'setiembre', 'set', 'sep', 'sept'],
  ['outubro', 'октябр', 'october', 'octubre', 'out', 'oct'],
  ['novembro', 'ноябр', 'november', 'noviembre', 'nov'],
  ['dezembro', 'декабр', 'december', 'diciembre', 'dez', 'dec', 'dic'],
];
/** Stems that take any ending (Russian cases); the rest are whole words. */
const RUSSIAN_MONTH = /^[а-я]/u;
/** Short forms count only next to a day number: "10 out", never "out" alone. */
const isShort = (stem: string) => stem.length <= 4 && !RUSSIAN_MONTH.test(stem) && stem !== 'may';

function monthAlternation(includeShort: boolean): string {
  const names = MONTHS.flatMap((stems, i) =>
    stems
      .filter((stem) => includeShort || !isShort(stem))
      .map((stem) => ({ i, source: RUSSIAN_MONTH.test(stem) ? `${stem}\\p{L}*` : stem })),
  );
  return `(${names.map((n) => n.source).join('|')})`;
}
function monthNumber(word: string): number | undefined {
  for (const [i, stems] of MONTHS.entries()) {
    for (const stem of stems) {
      const re = new RegExp(`^${RUSSIAN_MONTH.test(stem) ? `${stem}\\p{L}*` : stem}$`, 'u');
      if (re.test(word)) return i + 1;
    }
  }
  return undefined;
}

const WEEKDAYS: readonly (readonly string[])[] = [
  ['segunda', 'понедельник\\p{L}*', 'monday', 'lunes', 'mon'],
  ['terca', 'вторник\\p{L}*', 'tuesday', 'martes', 'tues'],
  ['quarta', 'сред[аыуе]', 'wednesday', 'miercoles', 'weds'],
  ['quinta', 'четверг\\p{L}*', 'thursday', 'jueves', 'thurs'],
  ['sexta', 'пятниц\\p{L}*', 'friday', 'viernes', 'fri'],
  ['sabado', 'суббот\\p{L}*', 'saturday', 'sat'],
  ['domingo', 'воскресень\\p{L}*', 'sunday', 'sun'],
];
function weekdayNumber(word: string): number {
  return WEEKDAYS.findIndex((names) => names.some((name) => new RegExp(`^${name}$`, 'u').test(word)));
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  um: 1,
  uma: 1,
  dois: 2,
  duas: 2,
  tres: 3,
  quatro: 4,
  одну: 1,
  один: 1,
  две: 2,
  два: 2,
  три: 3,
  четыре: 4,
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  couple: 2,
  un: 1,
  una: 1,
  dos: 2,
  cuatro: 4,
};
const numberOf = (word: string) => NUMBER_WORDS[word] ?? Number.parseInt(word, 10);

type Resolver = (
  groups: readonly (string | undefined)[],
  today: LocalDate,
  dayFirst: boolean,
) => LocalDate | undefined;
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const MONTH = monthAlternation(false);
const MONTH_OR_SHORT = monthAlternation(true);
const WEEKDAY = `(${WEEKDAYS.flat().join('|')})`;
const ORDINAL = '(?:st|nd|rd|th|го|е|ое|ого)';

/** From most to least specific: a span taken by one is not read again by a later one. */
const RULE_SOURCES: readonly (readonly [string, Resolver])[] = [
  [
    `(\\d{1,2})/(\\d{1,2})(?:/(\\d{2,4}))?`,
    ([a, b, y], today, dayFirst) => {
      const [day, month] = dayFirst ? [Number(a), Number(b)] : [Number(b), Number(a)];
      if (y === undefined) return nextMonthDay(today, month, day);
      const year = y.length === 2 ? 2000 + Number(y) : Number(y);
      return day <= daysInMonth(year, month) && month >= 1 && month <= 12 ? { year, month, day } : undefined;
    },
  ],
  [
    `(\\d{1,2})${ORDINAL}? (?:de |of |го )?${MONTH_OR_SHORT}(?: (?:de )?(\\d{4}))?`,
    ([d, m, y], today) => {
      const month = monthNumber(m ?? '');
      if (!month) return undefined;
      if (y)
        return Number(d) <= daysInMonth(Number(y), month)
          ? { year: Number(y), month, day: Number(d) }
          : undefined;
      return nextMonthDay(today, month, Number(d));
    },
  ],
  [
    `${MONTH_OR_SHORT} (?:the )?(\\d{1,2})${ORDINAL}?`,
    ([m, d], today) => {
      const month = monthNumber(m ?? '');
      return month ? nextMonthDay(today, month, Number(d)) : undefined;
    },
  ],
  [
    '(?:depois de amanha|послезавтра|(?:the )?day after tomorrow|pasado manana)',
    (_, today) => addDays(today, 2),
  ],
  ['(?:amanha|завтра|tomorrow|tmrw|tmr|(?<!(?:la|esta) )manana)', (_, today) => addDays(today, 1)],
  [
    '(?:(?:na |a )?outra semana|(?:la )?otra semana|(?:na |a )?semana que vem|(?:na |a )?proxima semana|(?:na |a )?semana seguinte|(?:на )?следующ\\p{L}* недел\\p{L}*|(?:на )?след недел\\p{L}*|next week|(?:la )?proxima semana|(?:la )?semana (?:que viene|proxima|entrante))',
    (_, today) => mondayOfNextWeek(today),
  ],
  // "можно на следующей", "давайте в следующем": the week and the month left unsaid
  ['на следующеи(?! \\p{L})', (_, today) => mondayOfNextWeek(today)],
  ['в следующем(?! \\p{L})', (_, today) => firstOfNextMonth(today)],
  [
    '(?:(?:no )?mes que vem|(?:no )?proximo mes|(?:в )?следующ\\p{L}* месяц\\p{L}*|next month|(?:el )?proximo mes|(?:el )?mes que viene)',
    (_, today) => firstOfNextMonth(today),
  ],
  [
    '(?:daqui a|em|через|in|en|dentro de) (\\d{1,2}|um|uma|dois|duas|tres|quatro|одну|один|две|два|три|четыре|a|one|two|three|four|a couple of|un|una|dos|cuatro) (semana|semanas|недел\\p{L}*|weeks?|dias|dia|дн\\p{L}*|день|days?)',
    ([n, unit], today) => {
      const count = numberOf((n ?? '').replace('a couple of', 'couple'));
      if (!Number.isFinite(count) || count < 1 || count > 60) return undefined;
      const weeks = /^(semana|недел|week)/u.test(unit ?? '');
      return addDays(today, weeks ? count * 7 : count);
    },
  ],
  ['(?:через неделю|in a week|daqui a uma semana|en una semana)', (_, today) => addDays(today, 7)],
  [
    '(?:fim de semana|final de semana|выходн\\p{L}*|weekend|fin de semana|finde)',
    (_, today) => nextWeekday(today, 5),
  ],
  [
    `(?:dia|el dia|el|the|on the|until the|till the|after the|ate o|ate|hasta el) (\\d{1,2})${ORDINAL}?`,
    ([d], today) => nextDayOfMonth(today, Number(d)),
  ],
  [`(\\d{1,2})(?:st|nd|rd|th| го|го| числа)`, ([d], today) => nextDayOfMonth(today, Number(d))],
  [
    WEEKDAY,
    ([w], today) => {
      const weekday = weekdayNumber(w ?? '');
      return weekday >= 0 ? nextWeekday(today, weekday) : undefined;
    },
  ],
  [
    // "January works better for me": a month offered without a preposition
    `${MONTH} (?:works|would work|is better|would be better|suits|is good|is fine)`,
    ([m], today) => startOfNamedMonth(m, today),
  ],
  [
    `(?:em|no mes de|в|in|en|until|till|before|ate|antes de|до|hasta|after|depois de|a partir de|после|desde|from|antes de) ${MONTH}`,
    ([m], today) => startOfNamedMonth(m, today),
  ],
];
/** A month named on its own: today when it is this month, else its next 1st. */
function startOfNamedMonth(name: string | undefined, today: LocalDate): LocalDate | undefined {
  const month = monthNumber(name ?? '');
  if (!month) return undefined;
  if (month === today.month) return today;
  return nextMonthDay(today, month, 1);
}

const RULES = RULE_SOURCES.map(
  ([source, resolve]) => [new RegExp(`${B}${stripMarks(source)}${E}`, 'gu'), resolve] as const,
);

/**
 * Every date named in `text` (normalized by normalizeReply), in text order. `dayFirst`: 10/12 is
 * 10 December (pt, ru, es) rather than October 12 (en).
 */
export function findDates(text: string, today: LocalDate, dayFirst = true): DateMention[] {
  const mentions: DateMention[] = [];
  const taken: [number, number][] = [];
  for (const [pattern, resolve] of RULES) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const resolved = resolve(match.slice(1), today, dayFirst);
      if (!resolved) continue;
      taken.push([start, end]);
      mentions.push({ start, end, date: formatDate(resolved) });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}
