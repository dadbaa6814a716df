import { median } from '../intervals/gaps.ts';
import { personalRhythm } from '../intervals/personal-rhythm.ts';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../settings/detection.ts';
import {
  type LocalTime,
  localTime,
  TIMES_OF_DAY,
  type TimeOfDay,
  timeOfDay,
  WEEKDAYS,
  type Weekday,
} from './local-time.ts';
import { dominance, rankShares, type Share, sampleFactor } from './shares.ts';

export type PreferenceVisit = {
  /** A completed visit (cancelled and no-show ones tell nothing about preferences). */
  readonly at: Date;
  readonly staffId?: string | null;
  readonly offeringId?: string | null;
  /** Local hour (0–23) and weekday, when the caller already has them in the tenant's zone. */
  readonly localHour?: number;
  readonly localWeekday?: Weekday;
};

export type PreferenceOptions = {
  /** The tenant's IANA zone, for hours, weekdays and which visits share a day; UTC when absent. */
  readonly timeZone?: string;
  /** What counts as a regular rhythm; the tenant's detection settings by default. */
  readonly rhythm?: DetectionSettings['personalRhythm'];
};

export type Preference<K> = {
  /** The favourite, null without data. */
  readonly preferred: K | null;
  /** Every option seen, most frequent first. */
  readonly shares: readonly Share<K>[];
  /** 0..1: grows with the number of visits and with how much the favourite dominates. */
  readonly confidence: number;
};

export type Regularity = {
  readonly kind: 'regular' | 'irregular' | 'unknown';
  /** The variation of the gaps by the rhythm's measure; null when too few visits. */
  readonly variation: number | null;
  readonly medianGapDays: number | null;
  readonly confidence: number;
};

export type Preferences = {
  /** Distinct visit days. */
  readonly visitCount: number;
  readonly timeOfDay: Preference<TimeOfDay>;
  /** Up to three weekdays with at least 20% of visits each (an even spread gives 14%). */
  readonly weekdays: {
    readonly preferred: readonly Weekday[];
    readonly shares: readonly Share<Weekday>[];
    readonly confidence: number;
  };
  readonly staff: Preference<string>;
  readonly offerings: Preference<string>;
  readonly regularity: Regularity;
};

const PREFERRED_WEEKDAY_SHARE = 0.2;
const MAX_PREFERRED_WEEKDAYS = 3;

/**
 * What a customer likes, from their completed visits (seed 004's preference analyser): the time of
 * day and weekdays they come, the staff and offerings they choose, how regular they are. Time and
 * weekday count each visit day once, at its first appointment (the time the customer picked to
 * come); staff and offerings count every service performed. Each answer carries a confidence of
 * sampleFactor(n) × dominance: few visits or an even spread mean little.
 */
export function analysePreferences(
  visits: readonly PreferenceVisit[],
  options: PreferenceOptions = {},
): Preferences {
  const chronological = visits
    .filter((visit) => !Number.isNaN(visit.at.getTime()))
    .toSorted((a, b) => a.at.getTime() - b.at.getTime());
  const located = chronological.map((visit) => ({ visit, local: localOf(visit, options.timeZone) }));

  const firstOfDay = new Map<number, LocalTime>();
  for (const { local } of located) if (!firstOfDay.has(local.day)) firstOfDay.set(local.day, local);
  const days = [...firstOfDay.values()];

  const staff = chronological.flatMap((visit) => (visit.staffId ? [visit.staffId] : []));
  const offerings = chronological.flatMap((visit) => (visit.offeringId ? [visit.offeringId] : []));

  return {
    visitCount: days.length,
    timeOfDay: favourite(
      days.map((local) => timeOfDay(local.hour)),
      TIMES_OF_DAY.length,
    ),
    weekdays: weekdayPreference(days.map((local) => local.weekday)),
    staff: favourite(staff, new Set(staff).size),
    offerings: favourite(offerings, new Set(offerings).size),
    regularity: regularity(
      days.map((local) => local.day),
      options.rhythm ?? DEFAULT_DETECTION_SETTINGS.personalRhythm,
    ),
  };
}

function localOf(visit: PreferenceVisit, timeZone: string | undefined): LocalTime {
  const computed = localTime(visit.at, timeZone);
  return {
    day: computed.day,
    hour: visit.localHour ?? computed.hour,
    weekday: visit.localWeekday ?? computed.weekday,
  };
}

function favourite<K>(keys: readonly K[], options: number): Preference<K> {
  const shares = rankShares(keys);
  const top = shares[0];
  if (!top) return { preferred: null, shares, confidence: 0 };
  return {
    preferred: top.key,
    shares,
    confidence: sampleFactor(keys.length) * dominance(top.share, options),
  };
}

function weekdayPreference(weekdays: readonly Weekday[]): Preferences['weekdays'] {
  const shares = rankShares(weekdays);
  const preferred = shares
    .filter((s) => s.share >= PREFERRED_WEEKDAY_SHARE)
    .slice(0, MAX_PREFERRED_WEEKDAYS)
    .map((s) => s.key);
  const covered = shares.filter((s) => preferred.includes(s.key)).reduce((sum, s) => sum + s.share, 0);
  const confidence =
    preferred.length === 0
      ? 0
      : sampleFactor(weekdays.length) * dominance(covered, WEEKDAYS.length, preferred.length);
  return { preferred, shares, confidence };
}

function regularity(days: readonly number[], rhythm: DetectionSettings['personalRhythm']): Regularity {
  const gaps = days.slice(1).map((day, i) => day - days[i]!);
  const medianGapDays = median(gaps);
  const judged = personalRhythm(gaps, rhythm);
  if (judged.kind === 'too_few_visits')
    return { kind: 'unknown', variation: null, medianGapDays, confidence: 0 };
  // Clear-cut (far from the threshold either way) and well sampled means confident.
  const clarity = Math.min(1, Math.abs(judged.variation - rhythm.maxVariation) / rhythm.maxVariation);
  return {
    kind: judged.kind === 'rhythm' ? 'regular' : 'irregular',
    variation: judged.variation,
    medianGapDays,
    confidence: sampleFactor(gaps.length) * clarity,
  };
}
