import type { DecisionVisit } from './types.ts';

/**
 * A season is at most four consecutive months: the demo salon's seasonal customers come in
 * Nov–Feb (year-end parties, summer, Carnival) or Jun–Aug (winter holidays). A wider window is
 * just "most of the year".
 */
export const MAX_SEASON_MONTHS = 4;

/** At least 80% of visit days fall in the season: one stray visit in five is still a season. */
export const SEASON_SHARE = 0.8;

/** Three visit days: the fewest that show a pattern repeated beyond coincidence. */
export const MIN_SEASONAL_VISITS = 3;

/** The pattern must have come round at least twice (two seasons, in different years). */
export const MIN_SEASONS = 2;

/**
 * Contact a seasonal customer from two weeks before their season: early enough to book the first
 * weeks (the demo's seasonal customers return within the first three), late enough that the
 * message is about the coming season and not a random reminder.
 */
export const SEASON_LEAD_DAYS = 14;

export type Seasonality = {
  readonly seasonal: boolean;
  /** Months 1–12 of the season, in calendar order from its first month; empty when not seasonal. */
  readonly months: number[];
  /** Share of visit days inside the busiest run of MAX_SEASON_MONTHS months; null without visits. */
  readonly share: number | null;
  /** How many distinct seasons (years) the visits inside the window span. */
  readonly seasons: number;
  readonly inSeason: boolean;
  /** For a seasonal customer out of season: the next first day of the season (UTC), ISO. */
  readonly nextSeasonStart: string | null;
};

const DAY_MS = 86_400_000;

type Window = { readonly start: number; readonly length: number; readonly covered: number };

/**
 * Whether the customer only comes in certain months, across at least two years. Months are UTC
 * calendar months: a tenant's zone moves a visit across a month boundary by hours at most, which
 * does not change a pattern measured in months.
 */
export function seasonality(visits: readonly DecisionVisit[], now: Date): Seasonality {
  const days = visitDays(visits);
  const counts = Array.from({ length: 12 }, () => 0);
  for (const day of days) counts[day.getUTCMonth()]! += 1;
  const window = days.length === 0 ? null : busiestWindow(counts);
  const share = window ? window.covered / days.length : null;
  const seasons = window ? seasonCount(days, window) : 0;
  const seasonal =
    window !== null && days.length >= MIN_SEASONAL_VISITS && share! >= SEASON_SHARE && seasons >= MIN_SEASONS;
  if (!seasonal || !window) {
    return { seasonal: false, months: [], share, seasons, inSeason: false, nextSeasonStart: null };
  }
  const months = Array.from({ length: window.length }, (_, i) => ((window.start + i) % 12) + 1);
  const inSeason = inWindow(now.getUTCMonth(), window);
  return {
    seasonal,
    months,
    share,
    seasons,
    inSeason,
    nextSeasonStart: inSeason ? null : nextStart(now, window.start).toISOString(),
  };
}

/** When a seasonal customer out of season is worth contacting: SEASON_LEAD_DAYS before it starts. */
export function seasonContactFrom(seasonality: Seasonality): Date | null {
  if (!seasonality.nextSeasonStart) return null;
  return new Date(Date.parse(seasonality.nextSeasonStart) - SEASON_LEAD_DAYS * DAY_MS);
}

function visitDays(visits: readonly DecisionVisit[]): Date[] {
  const days = new Set<number>();
  for (const visit of visits) {
    const time = visit.at.getTime();
    if (!Number.isNaN(time)) days.add(Math.floor(time / DAY_MS));
  }
  return [...days].sort((a, b) => a - b).map((day) => new Date(day * DAY_MS));
}

/**
 * The run of MAX_SEASON_MONTHS consecutive months (circular: Nov–Feb is one run) holding the most
 * visit days, trimmed of empty months at either end, so a Jun–Aug customer's season is Jun–Aug and
 * not May–Aug. Ties go to the run that starts earliest in the year (after trimming, ties between
 * runs around the same months give the same season).
 */
function busiestWindow(counts: readonly number[]): Window {
  let best: Window = { start: 0, length: MAX_SEASON_MONTHS, covered: -1 };
  for (let start = 0; start < 12; start++) {
    let covered = 0;
    for (let i = 0; i < MAX_SEASON_MONTHS; i++) covered += counts[(start + i) % 12]!;
    if (covered > best.covered) best = { start, length: MAX_SEASON_MONTHS, covered };
  }
  let { start, length } = best;
  while (length > 1 && counts[start]! === 0) {
    start = (start + 1) % 12;
    length--;
  }
  while (length > 1 && counts[(start + length - 1) % 12]! === 0) length--;
  return { start, length, covered: best.covered };
}

function inWindow(month: number, window: Window): boolean {
  return (month - window.start + 12) % 12 < window.length;
}

/** Distinct seasons: a January visit of a Nov–Feb season belongs to the season that began the year before. */
function seasonCount(days: readonly Date[], window: Window): number {
  const seasons = new Set<number>();
  for (const day of days) {
    const month = day.getUTCMonth();
    if (inWindow(month, window)) seasons.add(day.getUTCFullYear() - (month < window.start ? 1 : 0));
  }
  return seasons.size;
}

function nextStart(now: Date, startMonth: number): Date {
  const thisYear = Date.UTC(now.getUTCFullYear(), startMonth, 1);
  return new Date(thisYear > now.getTime() ? thisYear : Date.UTC(now.getUTCFullYear() + 1, startMonth, 1));
}
