/**
 * Turns a purchase log into the recency–frequency–monetary summary the BG/NBD and Gamma-Gamma models
 * take, with the conventions of the literature (Fader, Hardie & Lee 2005; the CDNOW summaries):
 *
 * - time is counted in whole UTC calendar days, then expressed in the chosen unit (a week is 7 days);
 * - purchases on the same day are one purchase whose value is the sum of theirs;
 * - the first purchase day is the customer's birth: `x` counts the *repeat* purchase days, `tx` is
 *   the time from the first to the last purchase day (0 when x = 0), and `T` the time from the first
 *   purchase day to the end of calibration;
 * - `monetary` is the mean value of the repeat purchase days, the first excluded (0 when x = 0),
 *   as the Gamma-Gamma model expects.
 */

export type TimeUnit = 'week' | 'day';

/** A Date (its UTC calendar day is used) or a 'YYYY-MM-DD' calendar date. */
export type DateInput = Date | string;

export interface Transaction {
  readonly customerId: string;
  readonly at: DateInput;
  /** Value of the purchase; missing counts as 0. */
  readonly amount?: number;
}

export interface SummarizeOptions {
  /** Last day of the calibration period, inclusive: later purchases are ignored. */
  readonly calibrationEnd: DateInput;
  readonly unit: TimeUnit;
  /**
   * First day of the observation window, inclusive: earlier purchases are ignored, so a customer's
   * first purchase on or after it is taken as their first. Leave it out to use the whole history
   * (the right choice when the log starts with the business).
   */
  readonly origin?: DateInput;
}

export interface CustomerSummary {
  readonly id: string;
  /** Number of repeat purchase days. */
  readonly x: number;
  /** Time from the first to the last purchase day. */
  readonly tx: number;
  /** Time from the first purchase day to the end of calibration. */
  readonly T: number;
  /** Mean value of the repeat purchase days (first excluded); 0 when x = 0. */
  readonly monetary: number;
  /** The first purchase day, 'YYYY-MM-DD'. */
  readonly firstPurchase: string;
}

const MS_PER_DAY = 86_400_000;
const DAYS_PER_UNIT: Record<TimeUnit, number> = { week: 7, day: 1 };

// Civil-calendar ↔ day-number arithmetic (H. Hinnant, "chrono-compatible low-level date
// algorithms"): building Date objects and ISO strings cost ~2 µs each, which dominated summarising a
// million customers.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of the UTC calendar day of `date`. Throws RangeError on an invalid date. */
export function utcDayNumber(date: DateInput): number {
  if (typeof date === 'string') {
    const year = digits(date, 0, 4);
    const month = digits(date, 5, 7);
    const day = digits(date, 8, 10);
    const shaped = date.length === 10 && date[4] === '-' && date[7] === '-';
    if (!shaped || !(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) {
      throw new RangeError(`expected a 'YYYY-MM-DD' calendar date, got '${date}'`);
    }
    return daysFromCivil(year, month, day);
  }
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return Math.floor(ms / MS_PER_DAY);
}

/** 'YYYY-MM-DD' of a day number from {@link utcDayNumber} (years 0–9999). */
export function dayNumberToIso(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** One summary per customer with a purchase in the window, in order of first appearance in `transactions`. */
export function summarize(transactions: Iterable<Transaction>, options: SummarizeOptions): CustomerSummary[] {
  const end = utcDayNumber(options.calibrationEnd);
  const start = options.origin === undefined ? Number.NEGATIVE_INFINITY : utcDayNumber(options.origin);
  if (start > end) throw new RangeError('origin is after calibrationEnd');
  const perUnit = DAYS_PER_UNIT[options.unit];

  // Flat columns and a counting sort by customer, rather than an array per customer: a million
  // customers would otherwise mean two million small arrays for the garbage collector.
  const customerIndex = new Map<string, number>();
  const ids: string[] = [];
  const owner: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  for (const t of transactions) {
    const day = utcDayNumber(t.at);
    if (day < start || day > end) continue;
    const amount = t.amount ?? 0;
    if (!Number.isFinite(amount))
      throw new RangeError(`amount of customer ${t.customerId} is not a finite number`);
    let c = customerIndex.get(t.customerId);
    if (c === undefined) {
      c = ids.length;
      ids.push(t.customerId);
      customerIndex.set(t.customerId, c);
    }
    owner.push(c);
    days.push(day);
    amounts.push(amount);
  }

  const offsets = new Int32Array(ids.length + 1);
  for (const c of owner) offsets[c + 1] = (offsets[c + 1] as number) + 1;
  for (let c = 0; c < ids.length; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const order = new Int32Array(owner.length);
  const next = offsets.slice(0, ids.length);
  for (let i = 0; i < owner.length; i++) {
    const c = owner[i] as number;
    order[next[c] as number] = i;
    next[c] = (next[c] as number) + 1;
  }

  const summaries: CustomerSummary[] = new Array(ids.length);
  for (let c = 0; c < ids.length; c++) {
    const from = offsets[c] as number;
    const to = offsets[c + 1] as number;
    const purchases = order.subarray(from, to);
    if (!isSortedByDay(purchases, days)) purchases.sort((i, j) => (days[i] as number) - (days[j] as number));
    const first = days[purchases[0] as number] as number;
    let x = 0;
    let lastDay = first;
    let repeatValue = 0;
    for (let k = 1; k < purchases.length; k++) {
      const i = purchases[k] as number;
      const day = days[i] as number;
      if (day === first) continue;
      if (day !== lastDay) x++;
      lastDay = day;
      repeatValue += amounts[i] as number;
    }
    summaries[c] = {
      id: ids[c] as string,
      x,
      tx: (lastDay - first) / perUnit,
      T: (end - first) / perUnit,
      monetary: x > 0 ? repeatValue / x : 0,
      firstPurchase: dayNumberToIso(first),
    };
  }
  return summaries;
}

function isSortedByDay(purchases: Int32Array, days: number[]): boolean {
  for (let k = 1; k < purchases.length; k++) {
    if ((days[purchases[k] as number] as number) < (days[purchases[k - 1] as number] as number)) return false;
  }
  return true;
}
