/** `value` rounded to `digits` decimals, as the reports give figures (0.45, 12.5). */
export function roundTo(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** part / whole to 4 decimals (0.4286), the way every rate and share is reported; null when whole is 0. */
export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? roundTo(part / whole, 4) : null;
}
