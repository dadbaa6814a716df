import { isOpen } from '../reactivation/attempt.ts';
import type { DecisionInput, PreviousAttempt } from './types.ts';

/**
 * When the current lapse began: given, or the latest completed visit. Null when neither is known,
 * in which case every attempt counts as this lapse's.
 */
export function lapseStart(input: DecisionInput): Date | null {
  if (input.lapseStartedAt) return input.lapseStartedAt;
  let latest: number | null = null;
  for (const visit of input.visits) {
    const time = visit.at.getTime();
    if (!Number.isNaN(time) && (latest === null || time > latest)) latest = time;
  }
  return latest === null ? null : new Date(latest);
}

/**
 * Attempts that reached (or were meant to reach) the customer: control attempts sent nothing and
 * WAIT decisions tried nothing, so neither tells what works or counts as contact.
 */
export function realAttempts(input: DecisionInput): PreviousAttempt[] {
  return input.previousAttempts.filter((attempt) => !attempt.control && attempt.strategy !== 'WAIT');
}

/** Strategies tried and LOST since the lapse began. */
export function failedInLapse(input: DecisionInput): Set<PreviousAttempt['strategy']> {
  const since = lapseStart(input)?.getTime() ?? Number.NEGATIVE_INFINITY;
  return new Set(
    realAttempts(input)
      .filter((attempt) => attempt.status === 'LOST' && attempt.createdAt.getTime() >= since)
      .map((attempt) => attempt.strategy),
  );
}

/**
 * The customer's open attempt, if any. Control attempts count: a customer held out in this lapse
 * stays out until it closes, or the measurement is spoilt.
 */
export function openAttempt(input: DecisionInput): PreviousAttempt | undefined {
  return input.previousAttempts.find((attempt) => attempt.strategy !== 'WAIT' && isOpen(attempt.status));
}
