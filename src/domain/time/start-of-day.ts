import { zoneOffsetAt } from './zone-offset.ts';

// still imported from here by src/app/detection
export { zoneOffsetAt };

/**
 * The instant a calendar day (YYYY-MM-DD) begins in an IANA time zone: what a date without a
 * time of day means when a salon in São Paulo says a visit happened "on 2024-03-05". Usually
 * midnight; on the few days a zone skips midnight (DST starting at 00:00) the first instant
 * that exists.
 */
export function startOfDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, day);
  // The zone's offset at UTC midnight gives a first guess, the offset at that guess a second;
  // they differ only when a clock change lies between. A guess is right when the zone's clock
  // reads midnight at it; when neither does, midnight was skipped and the later guess is the
  // moment the clock jumped past it.
  const first = midnightUtc - zoneOffsetAt(midnightUtc, timeZone);
  const second = midnightUtc - zoneOffsetAt(first, timeZone);
  const right = [first, second].filter((guess) => guess + zoneOffsetAt(guess, timeZone) === midnightUtc);
  return new Date(right.length > 0 ? Math.min(...right) : Math.max(first, second));
}
