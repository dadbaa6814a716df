import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDialogStore } from '../../src/app/dialog/store.ts';
import { createTestTenant, type TestTenant } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { dialogContext, pendingAction, redisUrl } from './helpers.ts';

/**
 * A Redis outage and its end, staged with a TCP proxy in front of the real Redis: contexts
 * written or cleared during the outage go to PostgreSQL, and the Redis keys they make stale are
 * deleted once the connection is back, so Redis never shadows the newer PostgreSQL state.
 */
describe.skipIf(!redisUrl)('dialog contexts across a Redis outage', () => {
  let database: TestDatabase;
  let tenant: TestTenant;
  let direct: Redis;
  const proxy = tcpProxy(redisUrl ?? 'redis://127.0.0.1:6379');
  let port: number;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    tenant = await createTestTenant(database);
    direct = new Redis(redisUrl as string);
    port = await proxy.start(0);
  });
  afterAll(async () => {
    await proxy.stop();
    await direct.quit();
    await database.dispose();
  });

  it('deletes the Redis keys made stale during the outage once Redis is reachable again', async () => {
    // through the proxy, to the same logical database as the direct client (CI uses /15)
    const store = createDialogStore({
      db: database.db,
      redisUrl: `redis://127.0.0.1:${port}${new URL(redisUrl as string).pathname}`,
    });
    const rewritten = '+5511987650030';
    const cleared = '+5511987650031';
    const key = (phone: string) => `dialog:${tenant.id}:${phone}`;
    const before = dialogContext(tenant.id, rewritten, {
      pendingAction: pendingAction({ campaign: 'before' }),
    });
    expect(await store.write(before, 900)).toBe('redis');
    expect(await store.write(dialogContext(tenant.id, cleared), 900)).toBe('redis');

    await proxy.stop();
    const during = dialogContext(tenant.id, rewritten, {
      pendingAction: pendingAction({ campaign: 'during' }),
    });
    expect(await store.write(during, 900)).toBe('postgres');
    await store.clear(tenant.id, cleared);
    expect(await store.read(tenant.id, rewritten)).toEqual(during);
    expect(await store.read(tenant.id, cleared)).toBeNull();
    // Redis itself still holds the old values: only the connection to it is down.
    expect(await direct.exists(key(rewritten), key(cleared))).toBe(2);

    await proxy.start(port);
    await vi.waitFor(async () => expect(await direct.exists(key(rewritten), key(cleared))).toBe(0), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await store.inspect(tenant.id, rewritten)).toMatchObject({ source: 'postgres', context: during });
    expect(await store.read(tenant.id, cleared)).toBeNull();
    await store.close();
  });
});

/** Forwards TCP connections to `target`; `stop` drops them all and refuses new ones. */
function tcpProxy(url: string) {
  const target = new URL(url);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  return {
    start(port: number): Promise<number> {
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server = listening;
      return new Promise((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, '127.0.0.1', () => {
          const address = listening.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async stop(): Promise<void> {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}
