import type { SenderRow } from '../../adapters/db/schema.ts';
import { type Caps, tightestCaps } from '../../domain/outreach/caps.ts';
import { WARMED_LEVEL, warmupCaps } from '../../domain/outreach/warmup.ts';

/** The caps in force for a sender: its own, tightened by its warm-up level while it warms. */
export function effectiveCaps(
  sender: Pick<SenderRow, 'per_second_cap' | 'hourly_cap' | 'daily_cap' | 'warmup_level'>,
  warmupLevel = sender.warmup_level,
): Caps {
  const own: Caps = {
    perSecond: sender.per_second_cap,
    perHour: sender.hourly_cap,
    perDay: sender.daily_cap,
  };
  return warmupLevel < WARMED_LEVEL ? tightestCaps(own, warmupCaps(warmupLevel)) : own;
}
