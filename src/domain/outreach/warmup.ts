import type { Caps } from './caps.ts';

/**
 * Warm-up (seed 004: "dynamic limits from the warm-up level: new accounts low limits, old accounts
 * high, adapting automatically"). A new WhatsApp number that sends hundreds of messages on its
 * first day is what gets reported and banned; Meta itself starts a new Cloud API number at 250
 * business-initiated conversations a day and raises the tier only while quality holds.
 *
 * | level | daily cap | hourly cap | days at the level before the next |
 * |-------|-----------|------------|-----------------------------------|
 * | 1     | 50        | 15         | 3                                 |
 * | 2     | 100       | 25         | 4  (day 7)                        |
 * | 3     | 250       | 50         | 7  (day 14; Meta's first tier)    |
 * | 4     | 500       | 100        | 16 (day 30)                       |
 * | 5     | the sender's own caps: warm-up is over                        |
 *
 * A level is left for the next one only with good delivery at the current level: at least
 * `MIN_HANDOFFS` hand-offs (an idle number has shown nothing), at most `MAX_FAILURE_RATE` of them
 * rejected by the provider, and a quality rating that is not low. Anything else holds the level;
 * a pause for a ban or quality signal drops it by one.
 */
export interface WarmupStep {
  readonly level: number;
  readonly caps: Pick<Caps, 'perHour' | 'perDay'>;
  readonly daysAtLevel: number;
}

export const WARMUP_STEPS: readonly WarmupStep[] = Object.freeze([
  { level: 1, caps: { perDay: 50, perHour: 15 }, daysAtLevel: 3 },
  { level: 2, caps: { perDay: 100, perHour: 25 }, daysAtLevel: 4 },
  { level: 3, caps: { perDay: 250, perHour: 50 }, daysAtLevel: 7 },
  { level: 4, caps: { perDay: 500, perHour: 100 }, daysAtLevel: 16 },
]);

/** The level at which warm-up is over. */
export const WARMED_LEVEL = WARMUP_STEPS.length + 1;
export const MIN_HANDOFFS = 20;
export const MAX_FAILURE_RATE = 0.05;

export type SenderQuality = 'high' | 'medium' | 'low' | 'unknown';

/** The caps a warm-up level imposes; none once warmed. */
export function warmupCaps(level: number): Partial<Caps> {
  return WARMUP_STEPS.find((step) => step.level === level)?.caps ?? {};
}

export interface WarmupEvidence {
  readonly level: number;
  /** When the sender reached `level`. */
  readonly levelSince: Date;
  readonly now: Date;
  /** Hand-offs and provider rejections since `levelSince`. */
  readonly handOffs: number;
  readonly failures: number;
  readonly quality: SenderQuality;
}

export type WarmupDecision =
  | { readonly change: 'advance'; readonly level: number; readonly reason: string }
  | { readonly change: 'hold'; readonly reason: string; readonly due: boolean };

/** Whether the sender moves up one level now. `due` says whether the time at the level is served. */
export function reviewWarmup(e: WarmupEvidence): WarmupDecision {
  const step = WARMUP_STEPS.find((s) => s.level === e.level);
  if (!step) return { change: 'hold', reason: 'warm-up is over', due: false };
  const days = (e.now.getTime() - e.levelSince.getTime()) / 86_400_000;
  if (days < step.daysAtLevel) {
    return {
      change: 'hold',
      reason: `${days.toFixed(1)} of ${step.daysAtLevel} days at level ${e.level}`,
      due: false,
    };
  }
  if (e.quality === 'low') return { change: 'hold', reason: 'quality rating is low', due: true };
  if (e.handOffs < MIN_HANDOFFS) {
    return {
      change: 'hold',
      reason: `only ${e.handOffs} of ${MIN_HANDOFFS} hand-offs at level ${e.level}`,
      due: true,
    };
  }
  const rate = e.failures / e.handOffs;
  if (rate > MAX_FAILURE_RATE) {
    return {
      change: 'hold',
      reason: `${(rate * 100).toFixed(1)}% rejected at level ${e.level} (at most ${MAX_FAILURE_RATE * 100}%)`,
      due: true,
    };
  }
  return {
    change: 'advance',
    level: e.level + 1,
    reason: `${e.handOffs} hand-offs over ${days.toFixed(1)} days at level ${e.level}, ${(rate * 100).toFixed(1)}% rejected`,
  };
}

/** The level after a pause for a ban or quality signal: one lower while warming, unchanged once warm. */
export function levelAfterPause(level: number): number {
  return level >= WARMED_LEVEL ? level : Math.max(1, level - 1);
}
