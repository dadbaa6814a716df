import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { type StrategyTally, tallyByStrategy } from '../../adapters/db/reactivation/attempts.repository.ts';
import { rateOf, roundTo } from '../../domain/analytics/rates.ts';
import { STRATEGIES, type Strategy } from '../../domain/reactivation/attempt.ts';
import { invalid } from '../errors.ts';

/** How one group of attempts (treated or control) ended. */
export interface GroupFigures {
  attempts: number;
  open: number;
  /** WON + LOST: attempts whose result is known. CANCELLED ones never ran and are left out. */
  closed: number;
  won: number;
  lost: number;
  cancelled: number;
  /** won / closed; null until something closed. */
  winRate: number | null;
  outcomes: { REACTIVATED: number; PARTIAL: number; NO_RESPONSE: number; DECLINED: number; CHURNED: number };
  revenue: number;
  cost: number;
  averageDiscountPct: number | null;
  averageDaysToOrder: number | null;
}

export interface StrategyFigures {
  strategy: Strategy;
  treated: GroupFigures;
  /** The same strategy's held-out customers: what would have happened without the message. */
  control: GroupFigures;
  /** Treated win rate minus control win rate, in percentage points; null without both. */
  liftPoints: number | null;
  revenuePerAttempt: number | null;
  costPerWin: number | null;
}

export interface ReactivationMetrics {
  from: Date | null;
  to: Date | null;
  treated: GroupFigures;
  control: GroupFigures;
  liftPoints: number | null;
  costPerAttempt: number | null;
  costPerWin: number | null;
  byStrategy: StrategyFigures[];
}

function emptyGroup(): GroupFigures {
  return {
    attempts: 0,
    open: 0,
    closed: 0,
    won: 0,
    lost: 0,
    cancelled: 0,
    winRate: null,
    outcomes: { REACTIVATED: 0, PARTIAL: 0, NO_RESPONSE: 0, DECLINED: 0, CHURNED: 0 },
    revenue: 0,
    cost: 0,
    averageDiscountPct: null,
    averageDaysToOrder: null,
  };
}

/** Adds tallies into one group's figures; sums first, ratios at the end. */
function fold(tallies: readonly StrategyTally[]): GroupFigures {
  const g = emptyGroup();
  let discountSum = 0;
  let discountCount = 0;
  let daysSum = 0;
  let daysCount = 0;
  for (const t of tallies) {
    g.attempts += t.attempts;
    g.open += t.open;
    g.won += t.won;
    g.lost += t.lost;
    g.cancelled += t.cancelled;
    g.outcomes.REACTIVATED += t.reactivated;
    g.outcomes.PARTIAL += t.partial;
    g.outcomes.NO_RESPONSE += t.noResponse;
    g.outcomes.DECLINED += t.declined;
    g.outcomes.CHURNED += t.churned;
    g.revenue += t.revenue;
    g.cost += t.cost;
    discountSum += t.discountSum;
    discountCount += t.discountCount;
    daysSum += t.daysToOrderSum;
    daysCount += t.daysToOrderCount;
  }
  g.closed = g.won + g.lost;
  g.winRate = rateOf(g.won, g.closed);
  g.revenue = roundTo(g.revenue, 2);
  g.cost = roundTo(g.cost, 2);
  g.averageDiscountPct = discountCount > 0 ? roundTo(discountSum / discountCount, 2) : null;
  g.averageDaysToOrder = daysCount > 0 ? roundTo(daysSum / daysCount, 1) : null;
  return g;
}

function lift(treated: GroupFigures, control: GroupFigures): number | null {
  if (treated.winRate === null || control.winRate === null) return null;
  return roundTo((treated.winRate - control.winRate) * 100, 2);
}

/**
 * Seed 000's KPIs for a period (by creation time): reactivation rate, revenue of the next
 * orders, days to the next order, cost per attempt and per win, discount given; each strategy's
 * figures beside its own control group. WAIT decisions are counted under WAIT and never sent.
 */
export async function reactivationMetrics(
  db: Db,
  tenantId: string,
  range: { from?: Date; to?: Date } = {},
): Promise<ReactivationMetrics> {
  if (range.from && range.to && range.from >= range.to) throw invalid('query.from', 'must be before to');
  const tallies = await withTenant(db, tenantId, (trx) => tallyByStrategy(trx, tenantId, range));
  const treatedTallies = tallies.filter((t) => !t.control && t.strategy !== 'WAIT');
  const treated = fold(treatedTallies);
  const control = fold(tallies.filter((t) => t.control));
  const byStrategy = STRATEGIES.map((strategy) => {
    const s = fold(tallies.filter((t) => t.strategy === strategy && !t.control));
    const c = fold(tallies.filter((t) => t.strategy === strategy && t.control));
    return {
      strategy,
      treated: s,
      control: c,
      liftPoints: lift(s, c),
      revenuePerAttempt: s.closed > 0 ? roundTo(s.revenue / s.closed, 2) : null,
      costPerWin: s.won > 0 ? roundTo(s.cost / s.won, 2) : null,
    };
  });
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    treated,
    control,
    liftPoints: lift(treated, control),
    costPerAttempt:
      treated.attempts - treated.cancelled > 0
        ? roundTo(treated.cost / (treated.attempts - treated.cancelled), 2)
        : null,
    costPerWin: treated.won > 0 ? roundTo(treated.cost / treated.won, 2) : null,
    byStrategy,
  };
}

/**
 * The tenant's measured win rate per strategy over closed, treated attempts: what the strategy
 * selection weighs once there is enough of it.
 */
export async function strategyEffectiveness(
  db: Db,
  tenantId: string,
): Promise<Partial<Record<Strategy, { attempts: number; won: number }>>> {
  const tallies = await withTenant(db, tenantId, (trx) => tallyByStrategy(trx, tenantId, {}));
  const out: Partial<Record<Strategy, { attempts: number; won: number }>> = {};
  for (const t of tallies) {
    if (t.control || t.strategy === 'WAIT') continue;
    const entry = out[t.strategy] ?? { attempts: 0, won: 0 };
    entry.attempts += t.won + t.lost;
    entry.won += t.won;
    out[t.strategy] = entry;
  }
  return out;
}
