import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogStore, purgeExpiredDialogContexts } from '../../src/app/dialog/store.ts';
import { createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { dialogContext, downRedisUrl, pendingAction, redisUrl } from './helpers.ts';

/**
 * The dialog context store: PostgreSQL alone, Redis down (falls back, never throws), and real
 * Redis when TEST_REDIS_URL is set (the key, its TTL and value checked with a separate client).
 */
describe.each(backends)('dialog context store on %s', (backend) => {
  let database: TestDatabase;
  let tenant: TestTenant;
  let other: TestTenant;
  /** A separate client, to see what the store wrote to Redis. */
  let direct: Redis;
  beforeAll(async () => {
    if (redisUrl) direct = new Redis(redisUrl);
    database = await createTestDatabase(backend);
    tenant = await createTestTenant(database, 'Salão Bela');
    other = await createTestTenant(database, 'Other salon');
  });
  afterAll(async () => {
    if (redisUrl) await direct.quit();
    await database.dispose();
  });
  const rows = (tenantId: string) =>
    database.db.selectFrom('dialog_contexts').selectAll().where('tenant_id', '=', tenantId).execute();

  describe('without Redis', () => {
    it('writes to PostgreSQL and reads back the same context, with its remaining TTL', async () => {
      let now = new Date('2025-11-12T13:00:00Z');
      const store = createDialogStore({ db: database.db, clock: () => now });
      const context = dialogContext(tenant.id, '+5511987650001', {
        lastReply: { text: 'quero sim', label: 'positive', confidence: 0.93, at: '2025-11-12T14:00:00.000Z' },
      });
      expect(await store.write(context, 3600)).toBe('postgres');
      expect(await store.read(tenant.id, context.phone)).toEqual(context);
      now = new Date(now.getTime() + 600_000);
      expect(await store.inspect(tenant.id, context.phone)).toEqual({
        context,
        source: 'postgres',
        ttlSeconds: 3000,
      });
      await store.close();
    });

    it('replaces the context on a second write and forgets it on clear', async () => {
      const store = createDialogStore({ db: database.db });
      const phone = '+5511987650002';
      await store.write(dialogContext(tenant.id, phone), 600);
      const newer = dialogContext(tenant.id, phone, { pendingAction: pendingAction({ campaign: 'api' }) });
      expect(await store.write(newer, 600)).toBe('postgres');
      expect((await store.read(tenant.id, phone))?.pendingAction?.campaign).toBe('api');
      await store.clear(tenant.id, phone);
      expect(await store.read(tenant.id, phone)).toBeNull();
      expect((await rows(tenant.id)).map((row) => row.phone)).not.toContain(phone);
    });

    it('ignores expired rows and removes them on a later write or a purge', async () => {
      let now = new Date('2025-11-12T13:00:00Z');
      const store = createDialogStore({ db: database.db, clock: () => now });
      const phone = '+5511987650003';
      expect(await store.write(dialogContext(tenant.id, phone), 1)).toBe('postgres');
      expect(await store.read(tenant.id, phone)).not.toBeNull();
      now = new Date(now.getTime() + 1_000);
      expect(await store.read(tenant.id, phone)).toBeNull();
      expect((await rows(tenant.id)).map((row) => row.phone)).toContain(phone);
      await store.write(dialogContext(tenant.id, '+5511987650004'), 60);
      expect((await rows(tenant.id)).map((row) => row.phone)).not.toContain(phone);

      await store.write(dialogContext(tenant.id, phone), 1);
      expect(await purgeExpiredDialogContexts(database.db, tenant.id, new Date(now.getTime() + 5_000))).toBe(
        1,
      );
    });

    it('keeps tenants apart: one tenant never reads or clears another’s context', async () => {
      const store = createDialogStore({ db: database.db });
      const phone = '+5511987650005';
      await store.write(dialogContext(tenant.id, phone), 600);
      expect(await store.read(other.id, phone)).toBeNull();
      await store.clear(other.id, phone);
      expect(await store.read(tenant.id, phone)).not.toBeNull();
    });

    it('reports a context it cannot store as failed, without throwing', async () => {
      const store = createDialogStore({ db: database.db });
      expect(await store.write(dialogContext(tenant.id, '11 98765-0006'), 600)).toBe('failed');
      expect(await store.write(dialogContext(tenant.id, '+5511987650006'), 0)).toBe('failed');
      // No such tenant: the foreign key rejects it.
      const ghost = '00000000-0000-4000-8000-000000000000';
      expect(await store.write(dialogContext(ghost, '+5511987650006'), 600)).toBe('failed');
      expect(await store.read(tenant.id, '+5511987650006')).toBeNull();
    });
  });

  describe('with Redis down', () => {
    it('falls back to PostgreSQL for write, read and clear, and closes cleanly', async () => {
      const warnings: string[] = [];
      const logger = {
        warn: (_: unknown, message?: string) => void warnings.push(String(message)),
        error: () => {},
        info: () => {},
      };
      const store = createDialogStore({ db: database.db, redisUrl: downRedisUrl, logger });
      const context = dialogContext(tenant.id, '+5511987650010');
      expect(await store.write(context, 600)).toBe('postgres');
      expect(await store.read(tenant.id, context.phone)).toEqual(context);
      expect((await store.inspect(tenant.id, context.phone))?.source).toBe('postgres');
      expect(warnings.some((message) => message.includes('writing to PostgreSQL instead'))).toBe(true);
      await store.clear(tenant.id, context.phone);
      expect(await store.read(tenant.id, context.phone)).toBeNull();
      await store.close();
    });
  });

  describe.skipIf(!redisUrl)('with Redis', () => {
    it('writes dialog:{tenantId}:{phone} with the TTL and the context as JSON, and nothing to PostgreSQL', async () => {
      const store = createDialogStore({ db: database.db, redisUrl: redisUrl as string });
      const context = dialogContext(tenant.id, '+5511987650020');
      expect(await store.write(context, 900)).toBe('redis');
      const key = `dialog:${tenant.id}:+5511987650020`;
      expect(JSON.parse((await direct.get(key)) as string)).toEqual(context);
      const ttl = await direct.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(900);
      expect(await rows(tenant.id)).not.toContainEqual(expect.objectContaining({ phone: context.phone }));

      const found = await store.inspect(tenant.id, context.phone);
      expect(found?.source).toBe('redis');
      expect(found?.context).toEqual(context);
      expect(found?.ttlSeconds).toBeGreaterThan(0);
      expect(await store.read(other.id, context.phone)).toBeNull();

      await store.clear(tenant.id, context.phone);
      expect(await direct.exists(key)).toBe(0);
      expect(await store.read(tenant.id, context.phone)).toBeNull();
      await store.close();
    });

    it('does not bring back a key deleted from Redis: PostgreSQL holds only what Redis could not', async () => {
      const store = createDialogStore({ db: database.db, redisUrl: redisUrl as string });
      const phone = '+5511987650021';
      await store.write(dialogContext(tenant.id, phone), 900);
      await direct.del(`dialog:${tenant.id}:${phone}`);
      expect(await store.read(tenant.id, phone)).toBeNull();
      await store.close();
    });

    it('reads a context written while Redis was down from PostgreSQL, until a Redis write replaces it', async () => {
      const down = createDialogStore({ db: database.db, redisUrl: downRedisUrl });
      const up = createDialogStore({ db: database.db, redisUrl: redisUrl as string });
      const phone = '+5511987650022';
      const during = dialogContext(tenant.id, phone, {
        pendingAction: pendingAction({ campaign: 'outage' }),
      });
      expect(await down.write(during, 900)).toBe('postgres');
      expect(await up.inspect(tenant.id, phone)).toMatchObject({ source: 'postgres', context: during });

      const after = dialogContext(tenant.id, phone, { pendingAction: pendingAction({ campaign: 'after' }) });
      expect(await up.write(after, 900)).toBe('redis');
      expect(await rows(tenant.id)).not.toContainEqual(expect.objectContaining({ phone }));
      await direct.del(`dialog:${tenant.id}:${phone}`);
      expect(await up.read(tenant.id, phone)).toBeNull();
      await Promise.all([down.close(), up.close()]);
    });

    it('uses its own key prefix when given one', async () => {
      const store = createDialogStore({
        db: database.db,
        redisUrl: redisUrl as string,
        keyPrefix: 'test-ctx:',
      });
      const context = dialogContext(tenant.id, '+5511987650023');
      expect(await store.write(context, 60)).toBe('redis');
      expect(await direct.exists(`test-ctx:${tenant.id}:+5511987650023`)).toBe(1);
      expect(await direct.exists(`dialog:${tenant.id}:+5511987650023`)).toBe(0);
      await store.clear(tenant.id, context.phone);
      await store.close();
    });
  });
});
