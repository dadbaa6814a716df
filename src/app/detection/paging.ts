import { invalid } from '../errors.ts';
import { type CustomerEvaluation, PRIORITY_TIERS } from './evaluation.ts';

/**
 * The order of the scan's list: candidates before everyone else (when everyone is listed), then
 * seed 004's VIP → regular → new, then value at risk (highest first), then how overdue, then id
 * so that the order is total and a cursor can point into it.
 */
type SortKey = readonly [candidate: number, tier: number, valueAtRisk: number, overdue: number, id: string];

function keyOf(e: CustomerEvaluation): SortKey {
  return [e.candidate ? 0 : 1, PRIORITY_TIERS.indexOf(e.tier), -e.valueAtRisk, -(e.overdueRatio ?? -1), e.id];
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < 4; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0;
}

export function comparePriority(a: CustomerEvaluation, b: CustomerEvaluation): number {
  return compareKeys(keyOf(a), keyOf(b));
}

function encode(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Throws a validation error for a cursor this API did not hand out. */
export function decode(cursor: string): SortKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === 5 &&
      key.slice(0, 4).every((v) => typeof v === 'number') &&
      typeof key[4] === 'string'
    ) {
      return key as unknown as SortKey;
    }
  } catch {
    // fall through
  }
  throw invalid('query.cursor', 'not a cursor returned by this API');
}

/**
 * One page of an already sorted list: the items after `cursor` (by sort key, so a page boundary
 * survives customers joining or leaving the list between requests), at most `limit` of them.
 */
export function pageOf(
  sorted: readonly CustomerEvaluation[],
  cursor: string | undefined,
  limit: number | undefined,
): { items: CustomerEvaluation[]; nextCursor: string | null } {
  let start = 0;
  if (cursor) {
    const after = decode(cursor);
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(keyOf(sorted[mid]!), after) <= 0) low = mid + 1;
      else high = mid;
    }
    start = low;
  }
  const end = limit === undefined ? sorted.length : Math.min(sorted.length, start + limit);
  const items = sorted.slice(start, end);
  const last = items[items.length - 1];
  return { items, nextCursor: end < sorted.length && last ? encode(keyOf(last)) : null };
}
