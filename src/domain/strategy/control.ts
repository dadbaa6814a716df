/**
 * The control group (issue 4): a stable share of eligible candidates is held out and sent
 * nothing, so the lift of reactivation can be measured against them. The draw hashes a key, so
 * re-running a day's planning, or running it on another worker, holds out the same customers.
 */

/** The key one lapse of one customer is drawn under: a customer who returns and lapses again is drawn afresh. */
export function controlKey(tenantId: string, customerId: string, lapseStartedAt: Date): string {
  return `${tenantId}:${customerId}:${lapseStartedAt.toISOString()}`;
}

/** True when the key falls in the held-out share (0..1) of a uniform draw. */
export function isControl(key: string, share: number): boolean {
  return uniformFromKey(key) < share;
}

const encoder = new TextEncoder();

/**
 * A uniform number in [0, 1) from a string: 32-bit FNV-1a over its UTF-8 bytes, then
 * MurmurHash3's finaliser. FNV-1a alone leaves keys that differ only in their last characters
 * (`…:customer-17:…`, `…:customer-18:…`) close together in the high bits; the finaliser spreads
 * every input bit over the whole word. (Domain code cannot use node:crypto, and Web Crypto's
 * digest is asynchronous; neither is needed for a draw that only has to be uniform and stable.)
 */
export function uniformFromKey(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
