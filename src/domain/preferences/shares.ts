export type Share<K> = { readonly key: K; readonly count: number; readonly share: number };

/**
 * Counts keys and ranks them by count, most frequent first; on equal counts the one seen most
 * recently comes first (`keys` are chronological), since a customer's latest choice is the better
 * guess of their next.
 */
export function rankShares<K>(keys: readonly K[]): Share<K>[] {
  const tally = new Map<K, { count: number; lastSeen: number }>();
  keys.forEach((key, i) => {
    const seen = tally.get(key);
    tally.set(key, { count: (seen?.count ?? 0) + 1, lastSeen: i });
  });
  return [...tally.entries()]
    .sort(([, a], [, b]) => b.count - a.count || b.lastSeen - a.lastSeen)
    .map(([key, { count }]) => ({ key, count, share: count / keys.length }));
}

/**
 * Evidence from the number of observations: n / (n + 3) — 0.25 from one visit, 0.5 from three,
 * 0.8 from twelve. Three is the point where a pattern starts to be more than coincidence.
 */
export function sampleFactor(n: number): number {
  return n <= 0 ? 0 : n / (n + 3);
}

/**
 * How far the observed share of the preferred options stands above an even spread over `options`
 * choices, scaled to 0..1: 0 when the preferred option(s) get no more than their even share, 1 when
 * they get every visit. `picked` is how many options are counted as preferred (several weekdays).
 */
export function dominance(share: number, options: number, picked = 1): number {
  const even = picked / Math.max(options, picked + 1);
  return Math.max(0, Math.min(1, (share - even) / (1 - even)));
}
