/**
 * The most events in any half-open window (t − width, t] over sorted times: the sliding-window
 * count a rate cap is defined by (claim.ts guarantee 5). Two pointers, so linear in the events.
 */
export function maxInWindow(sortedTimes: readonly number[], width: number): number {
  let max = 0;
  let from = 0;
  for (let to = 0; to < sortedTimes.length; to++) {
    const end = sortedTimes[to]!;
    while (sortedTimes[from]! <= end - width) from++;
    max = Math.max(max, to - from + 1);
  }
  return max;
}

/** Events per whole second (by the second they fall in), for the share of the run spent at the cap. */
export function perWholeSecond(sortedTimes: readonly number[], unitsPerSecond: number): number[] {
  const counts = new Map<number, number>();
  for (const t of sortedTimes) {
    const second = Math.floor(t / unitsPerSecond);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  return [...counts.values()];
}
