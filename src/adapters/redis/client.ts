import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** Give up on a connection attempt after this long (ms). */
  connectTimeoutMs?: number;
  /** Give up on a command after this long (ms). */
  commandTimeoutMs?: number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** Shown in logs: what the connection is for. */
  name?: string;
}

/**
 * A client for work that has somewhere else to go when Redis is unavailable: it fails fast
 * instead of waiting. With the offline queue off, a command sent while disconnected is rejected
 * at once rather than held until Redis returns (which could be never); short connect and command
 * timeouts bound a Redis that accepts connections but does not answer. It keeps reconnecting in
 * the background (backing off to 2 s), so the fast path comes back by itself.
 *
 * Connection errors are logged once per outage, not once per reconnect attempt.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    connectTimeout: options.connectTimeoutMs ?? 500,
    commandTimeout: options.commandTimeoutMs ?? 500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  const name = options.name ?? 'redis';
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn({ err: error, redis: redactRedisUrl(url) }, `${name}: Redis is unavailable`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger?.info({ redis: redactRedisUrl(url) }, `${name}: Redis is back`);
  });
  return client;
}

/**
 * Whether `client` can take a command now. While a connection attempt is under way, waits for
 * it, at most `timeoutMs`; while Redis is known to be down (reconnecting), answers false at once.
 */
export function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  if (client.status !== 'connecting' && client.status !== 'connect') return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('close', onClose);
      resolve(ready);
    };
    const onReady = () => settle(true);
    const onClose = () => settle(false);
    const timer = setTimeout(() => settle(false), timeoutMs);
    client.once('ready', onReady);
    client.once('close', onClose);
  });
}

/** Closes politely (QUIT) when connected, else just drops the socket and stops reconnecting. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // QUIT timed out or the connection broke: disconnecting below is all that is left to do.
    }
  }
  client.disconnect();
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
