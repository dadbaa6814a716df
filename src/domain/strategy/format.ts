/** Small formatters for the English explanation sentences. */

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A currency amount without a symbol (the tenant's currency is the caller's to add). */
export function amount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Months 1–12 in calendar order from the first: [11, 12, 1, 2] → "Nov–Feb". */
export function monthRange(months: readonly number[]): string {
  const first = months[0];
  const last = months.at(-1);
  if (first === undefined || last === undefined) return '';
  return first === last ? MONTHS[first - 1]! : `${MONTHS[first - 1]}–${MONTHS[last - 1]}`;
}
