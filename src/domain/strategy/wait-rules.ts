import type { ReactivationSettings } from '../settings/reactivation.ts';
import type { BehaviourFeatures } from './features.ts';
import { isoDate, monthRange, percent } from './format.ts';
import { openAttempt, realAttempts } from './lapse.ts';
import { seasonContactFrom } from './seasonality.ts';
import type { DecisionInput } from './types.ts';

export type WaitRule =
  | 'not_lapsed'
  | 'open_attempt'
  | 'attempts_used'
  | 'too_soon'
  | 'upcoming_booking'
  | 'declined_cooldown'
  | 'off_season'
  /** An operator picked WAIT by hand. */
  | 'operator';

/**
 * One reason not to try now; `until` null means no known end. A `policy` reason binds everybody
 * (one attempt at a time, the attempt limits, a refusal's cool-down); a `judgement` reason says
 * waiting is likely better (a booking ahead, the off-season), which an operator who picks a
 * strategy by hand may overrule.
 */
export type WaitReason = {
  readonly rule: WaitRule;
  readonly kind: 'policy' | 'judgement';
  readonly until: Date | null;
  readonly sentence: string;
};

const DAY_MS = 86_400_000;

/**
 * A day after the booked visit: long enough for the visit to be recorded as completed (the
 * customer is back, nothing to do) or as a no-show (then trying is worth it again).
 */
export const AFTER_BOOKING_DAYS = 1;

type Context = { input: DecisionInput; features: BehaviourFeatures; settings: ReactivationSettings };
type Rule = (context: Context) => WaitReason | null;

const RULES: readonly Rule[] = [
  notLapsed,
  openAttemptRule,
  attemptsUsed,
  tooSoon,
  upcomingBooking,
  declined,
  offSeason,
];

/** Every reason to wait now, in the order of the rules. */
export function waitReasons(
  input: DecisionInput,
  features: BehaviourFeatures,
  settings: ReactivationSettings,
): WaitReason[] {
  return RULES.flatMap((rule) => rule({ input, features, settings }) ?? []);
}

/**
 * When waiting ends: when the last reason ends, or never known if any reason has no end. The
 * reasons come back binding one first: open-ended ones, then the latest end.
 */
export function combineWaits(reasons: readonly WaitReason[]): { until: Date | null; ordered: WaitReason[] } {
  const ordered = reasons.toSorted((a, b) => Math.sign(endOf(b) - endOf(a)) || 0);
  const first = ordered[0];
  return { until: first?.until ?? null, ordered };
}

function endOf(reason: WaitReason): number {
  return reason.until?.getTime() ?? Number.POSITIVE_INFINITY;
}

/** Only a lapsed customer is won back; NEW and ACTIVE ones are not slipping away. */
function notLapsed({ input }: Context): WaitReason | null {
  const { state } = input.customer;
  if (state !== 'NEW' && state !== 'ACTIVE') return null;
  return {
    rule: 'not_lapsed',
    kind: 'policy',
    until: null,
    sentence: `${state}: not lapsed, nothing to win back.`,
  };
}

/** One active attempt per customer (DESIGN non-negotiable 3). */
function openAttemptRule({ input }: Context): WaitReason | null {
  const open = openAttempt(input);
  if (!open) return null;
  return {
    rule: 'open_attempt',
    kind: 'policy',
    until: null,
    sentence: open.control
      ? `Held out as control in this lapse (${open.status}); contacting them would spoil the measurement.`
      : `A ${open.strategy} attempt is already open (${open.status}); one attempt at a time.`,
  };
}

function attemptsUsed({ input }: Context): WaitReason | null {
  const max = input.attemptLimits?.maxAttemptsPerLapse;
  if (max === undefined || input.attemptNumber <= max) return null;
  return {
    rule: 'attempts_used',
    kind: 'policy',
    until: null,
    sentence: `All ${max} attempts of this lapse are used; the next chance comes after they return.`,
  };
}

function tooSoon({ input }: Context): WaitReason | null {
  const minDays = input.attemptLimits?.minDaysBetweenAttempts;
  if (minDays === undefined) return null;
  const last = Math.max(...realAttempts(input).map((attempt) => attempt.createdAt.getTime()));
  if (!Number.isFinite(last)) return null;
  const until = new Date(last + minDays * DAY_MS);
  if (until <= input.now) return null;
  const ago = Math.floor((input.now.getTime() - last) / DAY_MS);
  return {
    rule: 'too_soon',
    kind: 'policy',
    until,
    sentence: `The last attempt was ${ago} days ago and attempts are at least ${minDays} days apart: wait until ${isoDate(until)}.`,
  };
}

/** Seed 003: a customer with an upcoming booking is not slipping away. */
function upcomingBooking({ input }: Context): WaitReason | null {
  const booked = input.customer.nextBookingAt;
  if (!booked || booked <= input.now) return null;
  return {
    rule: 'upcoming_booking',
    kind: 'judgement',
    until: new Date(booked.getTime() + AFTER_BOOKING_DAYS * DAY_MS),
    sentence: `Booked for ${isoDate(booked)}: they are coming back on their own; try again only if they miss it.`,
  };
}

/** A refusal, in any lapse, silences the customer for the cool-down. */
function declined({ input, settings }: Context): WaitReason | null {
  const refusals = realAttempts(input)
    .filter((attempt) => attempt.outcome === 'DECLINED')
    .map((attempt) => (attempt.closedAt ?? attempt.createdAt).getTime());
  const last = Math.max(...refusals);
  if (!Number.isFinite(last)) return null;
  const days = settings.policy.declineCooldownDays;
  const until = new Date(last + days * DAY_MS);
  if (until <= input.now) return null;
  return {
    rule: 'declined_cooldown',
    kind: 'policy',
    until,
    sentence: `Declined on ${isoDate(new Date(last))}; no attempt for ${days} days after a refusal (until ${isoDate(until)}).`,
  };
}

/** A seasonal customer out of season is not lapsed, just between seasons. */
function offSeason({ input, features }: Context): WaitReason | null {
  const season = features.seasonality;
  const from = seasonContactFrom(season);
  if (!season.seasonal || !from || from <= input.now) return null;
  return {
    rule: 'off_season',
    kind: 'judgement',
    until: from,
    sentence:
      `Seasonal: ${percent(season.share ?? 0)} of their visit days fall in ${monthRange(season.months)} ` +
      `over ${season.seasons} seasons; contact them from ${isoDate(from)}, shortly before the season.`,
  };
}
