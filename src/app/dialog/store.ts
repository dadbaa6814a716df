import type { Logger } from 'pino';
import * as repo from '../../adapters/db/dialog.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { closeRedisClient, createRedisClient, type Redis, whenReady } from '../../adapters/redis/client.ts';
import type { DialogContext, DialogContextLookup, DialogStore } from './types.ts';

export interface DialogStoreOptions {
  db: Db;
  /** Without it, contexts live in PostgreSQL only. */
  redisUrl?: string;
  /** Redis key prefix; default `dialog:`, giving seed 003's `dialog:{tenantId}:{phone}`. */
  keyPrefix?: string;
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** How long to wait for Redis to connect, and for one command, before using PostgreSQL (ms). */
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Expiry in PostgreSQL is computed from this clock; default the system clock. */
  clock?: () => Date;
}

export type { DialogContextLookup };

/** Keys whose Redis copy is older than PostgreSQL's, remembered for deletion; beyond this, logged. */
const MAX_STALE_KEYS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Dialog contexts in Redis with a PostgreSQL fallback.
 *
 * - **write**: Redis `SET key value EX ttl`. If Redis is down or slow, the context goes to
 *   `dialog_contexts` instead (with `expires_at`) and a warning is logged; that write also deletes
 *   the tenant's expired rows. A successful Redis write deletes any PostgreSQL row for the phone,
 *   so an older context written during an outage cannot come back later. Never throws.
 * - **read**: Redis first; on a miss or an error, PostgreSQL, unexpired rows only. So PostgreSQL
 *   only answers for contexts written while Redis was down (or with no Redis at all): a key that
 *   expired or was deleted from Redis is gone.
 * - **clear**: deletes from both. When Redis cannot be reached, the key is remembered and deleted
 *   as soon as the connection is back, as are keys shadowed by a newer PostgreSQL write.
 *   This memory is per process: a process restarted during an outage forgets it, and such a
 *   stale key lives until its TTL.
 */
export function createDialogStore(options: DialogStoreOptions): DialogStore {
  const { db, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const prefix = options.keyPrefix ?? 'dialog:';
  const connectTimeoutMs = options.connectTimeoutMs ?? 500;
  const client: Redis | undefined = options.redisUrl
    ? createRedisClient(options.redisUrl, {
        connectTimeoutMs,
        commandTimeoutMs: options.commandTimeoutMs ?? 500,
        ...(logger ? { logger } : {}),
        name: 'dialog contexts',
      })
    : undefined;

  const keyOf = (tenantId: string, phone: string) => {
    if (!UUID.test(tenantId)) throw new Error(`dialog context: tenant id "${tenantId}" is not a UUID`);
    if (!E164.test(phone)) throw new Error('dialog context: phone is not in E.164');
    return `${prefix}${tenantId}:${phone}`;
  };

  const staleInRedis = new Set<string>();
  const markStale = (key: string) => {
    if (staleInRedis.size < MAX_STALE_KEYS) staleInRedis.add(key);
    else
      logger?.warn('dialog contexts: too many stale Redis keys to remember; some will live until their TTL');
  };
  // Registered before any `whenReady` waiter, so these deletions go out ahead of new commands.
  client?.on('ready', () => {
    void deleteStaleKeys();
  });
  async function deleteStaleKeys(): Promise<void> {
    const keys = [...staleInRedis];
    for (let at = 0; at < keys.length && client; at += 500) {
      const chunk = keys.slice(at, at + 500);
      try {
        await client.del(...chunk);
        for (const key of chunk) staleInRedis.delete(key);
      } catch (error) {
        logger?.warn({ err: error }, 'dialog contexts: stale Redis keys not deleted yet');
        return;
      }
    }
  }

  async function redisUsable(): Promise<Redis> {
    if (!client) throw new Error('no Redis configured');
    if (!(await whenReady(client, connectTimeoutMs))) throw new Error(`Redis is ${client.status}`);
    return client;
  }

  async function writeToPostgres(context: DialogContext, ttlSeconds: number): Promise<void> {
    const now = clock();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await withTenant(db, context.tenantId, async (trx) => {
      await repo.deleteExpiredDialogContexts(trx, context.tenantId, now);
      await repo.upsertDialogContext(trx, {
        tenantId: context.tenantId,
        phone: context.phone,
        context,
        now,
        expiresAt,
      });
    });
  }

  async function inspectRedis(
    key: string,
    tenantId: string,
    phone: string,
  ): Promise<DialogContextLookup | null> {
    if (!client) return null;
    try {
      const redis = await redisUsable();
      const replies = await redis.multi().get(key).ttl(key).exec();
      const [value, ttl] = (replies ?? []).map(([error, reply]) => {
        if (error) throw error;
        return reply;
      });
      if (typeof value !== 'string') return null;
      const context = contextFor(JSON.parse(value), tenantId, phone);
      if (!context) {
        logger?.warn({ tenantId }, 'dialog contexts: a Redis value is not this phone’s context; ignored');
        return null;
      }
      return { context, source: 'redis', ttlSeconds: typeof ttl === 'number' && ttl >= 0 ? ttl : null };
    } catch (error) {
      logger?.warn({ err: error, tenantId }, 'dialog contexts: Redis read failed; reading PostgreSQL');
      return null;
    }
  }

  const store: DialogStore = {
    async write(context, ttlSeconds) {
      try {
        const key = keyOf(context.tenantId, context.phone);
        if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)
          throw new Error(`dialog context: ttl ${ttlSeconds} is not a positive number of seconds`);
        const ttl = Math.ceil(ttlSeconds);
        if (client) {
          try {
            const redis = await redisUsable();
            await redis.set(key, JSON.stringify(context), 'EX', ttl);
            staleInRedis.delete(key);
            await dropPostgresCopy(context.tenantId, context.phone);
            return 'redis';
          } catch (error) {
            logger?.warn(
              { err: error, tenantId: context.tenantId },
              'dialog contexts: Redis write failed; writing to PostgreSQL instead',
            );
          }
        }
        await writeToPostgres(context, ttl);
        if (client) markStale(key);
        return 'postgres';
      } catch (error) {
        logger?.error({ err: error, tenantId: context?.tenantId }, 'dialog contexts: context not stored');
        return 'failed';
      }
    },

    async read(tenantId, phone) {
      return (await store.inspect(tenantId, phone))?.context ?? null;
    },

    async inspect(tenantId, phone) {
      const key = keyOf(tenantId, phone);
      const fromRedis = await inspectRedis(key, tenantId, phone);
      if (fromRedis) return fromRedis;
      const now = clock();
      const row = await withTenant(db, tenantId, (trx) => repo.findDialogContext(trx, tenantId, phone, now));
      const context = row && contextFor(row.context, tenantId, phone);
      if (!row || !context) return null;
      return {
        context,
        source: 'postgres',
        ttlSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000)),
      };
    },

    async clear(tenantId, phone) {
      const key = keyOf(tenantId, phone);
      await withTenant(db, tenantId, (trx) => repo.deleteDialogContext(trx, tenantId, phone));
      if (!client) return;
      try {
        const redis = await redisUsable();
        await redis.del(key);
        staleInRedis.delete(key);
      } catch (error) {
        markStale(key);
        logger?.warn(
          { err: error, tenantId },
          'dialog contexts: Redis unreachable; the key will be deleted when it is back',
        );
      }
    },

    async close() {
      if (client) await closeRedisClient(client);
    },
  };

  async function dropPostgresCopy(tenantId: string, phone: string): Promise<void> {
    try {
      await withTenant(db, tenantId, (trx) => repo.deleteDialogContext(trx, tenantId, phone));
    } catch (error) {
      logger?.warn(
        { err: error, tenantId },
        'dialog contexts: an older PostgreSQL copy could not be deleted',
      );
    }
  }

  return store;
}

/**
 * Deletes a tenant's expired contexts from PostgreSQL; how many. Reads ignore them anyway, and
 * every fallback write purges its tenant's, so this is for a periodic sweep.
 */
export async function purgeExpiredDialogContexts(
  db: Db,
  tenantId: string,
  now = new Date(),
): Promise<number> {
  return withTenant(db, tenantId, (trx) => repo.deleteExpiredDialogContexts(trx, tenantId, now));
}

/** `value` if it is a context for this tenant and phone; stored data is checked, not trusted. */
function contextFor(value: unknown, tenantId: string, phone: string): DialogContext | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<DialogContext>;
  if (candidate.tenantId !== tenantId || candidate.phone !== phone) return null;
  if (typeof candidate.updatedAt !== 'string' || candidate.pendingAction === undefined) return null;
  return candidate as DialogContext;
}
