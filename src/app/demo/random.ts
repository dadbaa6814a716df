import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A small seeded random source over pure-rand's xoroshiro128+. Every customer gets its own stream,
 * derived from (seed, customer index), so customer #n is the same whatever the total size and
 * whether it was produced by the in-memory generator or the streaming one.
 */
export type Random = {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform real in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  normal(mean: number, sd: number): number;
  /** Log-normal with the given median; sigma ≈ coefficient of variation for small values. */
  logNormal(median: number, sigma: number): number;
};

/** murmur3's 32-bit finaliser: nearby seeds end up far apart in the generator's state. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A 32-bit hash of a seed (any safe integer) and a stream number. */
export function hashSeed(seed: number, stream = 0): number {
  const low = seed | 0;
  const high = Math.floor(seed / 0x1_0000_0000) | 0;
  return mix32(mix32(low ^ 0x9e3779b9) ^ mix32(high + 0x7f4a7c15) ^ mix32(Math.imul(stream, 0x27d4eb2d) + 1));
}

export function createRandom(seed: number, stream = 0): Random {
  const base = hashSeed(seed, stream);
  // xoroshiro128plus(seed) starts from a weak state (-1, ~seed, seed, 0), so build the four state
  // words from independent hashes instead; an all-zero state would only ever produce zeros.
  const state = [mix32(base + 1), mix32(base + 2), mix32(base + 3), mix32(base + 4)];
  if (!state.some((word) => word !== 0)) state[0] = 1;
  const rng = xoroshiro128plusFromState(state);

  const float = (): number => uniformFloat64(rng);
  const random: Random = {
    float,
    int: (min, max) => uniformInt(rng, min, max),
    between: (min, max) => min + (max - min) * float(),
    chance: (probability) => float() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[uniformInt(rng, 0, items.length - 1)] as T;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, weight] of entries) total += weight;
      let roll = float() * total;
      for (const [item, weight] of entries) {
        roll -= weight;
        if (roll < 0) return item;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    normal(mean, sd) {
      // Box–Muller; 1 - float() keeps the logarithm away from zero.
      const u = 1 - float();
      const v = float();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    logNormal: (median, sigma) => median * Math.exp(random.normal(0, sigma)),
  };
  return random;
}
