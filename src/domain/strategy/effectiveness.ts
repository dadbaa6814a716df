import type { Strategy } from '../reactivation/attempt.ts';
import { percent } from './format.ts';

export type Measured = {
  readonly strategy: Strategy;
  readonly attempts: number;
  readonly won: number;
  readonly rate: number;
};

/**
 * The measured win rates of the given strategies, for those with at least `minAttempts` closed
 * attempts; in the order given.
 */
export function measured(
  strategies: readonly Strategy[],
  effectiveness: Partial<Record<Strategy, { attempts: number; won: number }>>,
  minAttempts: number,
): Measured[] {
  return strategies.flatMap((strategy) => {
    const record = effectiveness[strategy];
    if (!record || !(record.attempts >= minAttempts) || record.attempts <= 0) return [];
    const won = Math.min(Math.max(record.won, 0), record.attempts);
    return [{ strategy, attempts: record.attempts, won, rate: won / record.attempts }];
  });
}

/**
 * The strategy with the best measured win rate when the rules' first choice is itself measured
 * and at least one alternative is; null otherwise (nothing to compare). Ties keep the rules' order.
 */
export function bestMeasured(first: Strategy, candidates: readonly Measured[]): Measured | null {
  if (candidates.length < 2 || !candidates.some((m) => m.strategy === first)) return null;
  return candidates.reduce((best, m) => (m.rate > best.rate ? m : best));
}

/** "PRODUCT_MIX won 31% of 120 attempts vs 18% of 95 for INCENTIVE_DISCOUNT". */
export function compareSentence(best: Measured, others: readonly Measured[]): string {
  const rest = others
    .filter((m) => m.strategy !== best.strategy)
    .map((m) => `${percent(m.rate)} of ${m.attempts} for ${m.strategy}`)
    .join(', ');
  return `${best.strategy} won ${percent(best.rate)} of ${best.attempts} attempts here vs ${rest}.`;
}
