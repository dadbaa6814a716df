import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.ts';
import { createTestTenant, setUpApiTests } from '../support/app.ts';
import { runRekindle } from '../support/cli.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/** A tenant's Hotmart, Chatwoot and orders integrations over the API and the command line. */
describe.each(backends)('integrations API on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  const put = (provider: string, payload: unknown) =>
    testbed.app.inject({
      method: 'PUT',
      url: `/v1/integrations/${provider}`,
      headers: testbed.tenant.headers,
      payload: payload as object,
    });

  it('connects a provider with its secret masked and the webhook URL to give the provider', async () => {
    const created = await put('hotmart', {
      secret: 'hottok-abcdefghijkl-WXYZ',
      settings: { acceptTestEvents: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      provider: 'hotmart',
      secret: '••••WXYZ',
      settings: { acceptTestEvents: true },
      webhookUrl: `/webhooks/hotmart/${testbed.tenant.id}`,
      lastEventAt: null,
    });
    expect(created.body).not.toContain('abcdefghijkl');
    // replacing the secret keeps the settings unless new ones are given
    const replaced = await put('hotmart', { secret: 'another-hottok-value-0000' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ secret: '••••0000', settings: { acceptTestEvents: true } });
    const cleared = await put('hotmart', { secret: 'another-hottok-value-0000', settings: {} });
    expect(cleared.json().settings).toEqual({});
    expect((await put('orders', { secret: 'short-ok' })).json().secret).toBe('••••');
    const list = await api('GET', '/v1/integrations');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { provider: string }) => i.provider)).toEqual(['hotmart', 'orders']);
    expect(list.body).not.toContain('another-hottok');
    expect(list.body).not.toContain('short-ok');
  });

  it('names the field on an unknown provider, a short secret or a mistyped setting', async () => {
    const unknown = await put('shopify', { secret: 'long-enough-secret' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('params.provider');
    const short = await put('chatwoot', { secret: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('body.secret');
    const missing = await put('chatwoot', {});
    expect(missing.json().error.message).toContain('body.secret');
    const long = await put('chatwoot', { secret: 'x'.repeat(501) });
    expect(long.statusCode).toBe(400);
    const typed = await put('hotmart', {
      secret: 'long-enough-secret',
      settings: { acceptTestEvents: 'yes' },
    });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.message).toContain('body.settings.acceptTestEvents');
    expect((await api('DELETE', '/v1/integrations/shopify')).statusCode).toBe(400);
  });

  it('removes an integration; its webhook then answers 401', async () => {
    expect((await put('chatwoot', { secret: 'chatwoot-webhook-secret' })).statusCode).toBe(201);
    const open = await testbed.app.inject({
      method: 'POST',
      url: `/webhooks/chatwoot/${testbed.tenant.id}?token=chatwoot-webhook-secret`,
      headers: { 'content-type': 'application/json' },
      payload: { event: 'contact_created', id: 1 },
    });
    expect(open.statusCode).toBe(200);
    expect((await api('DELETE', '/v1/integrations/chatwoot')).statusCode).toBe(204);
    expect((await api('DELETE', '/v1/integrations/chatwoot')).statusCode).toBe(404);
    const closed = await testbed.app.inject({
      method: 'POST',
      url: `/webhooks/chatwoot/${testbed.tenant.id}?token=chatwoot-webhook-secret`,
      headers: { 'content-type': 'application/json' },
      payload: { event: 'contact_created', id: 1 },
    });
    expect(closed.statusCode).toBe(401);
  });

  it('needs the API key', async () => {
    const response = await testbed.app.inject({ method: 'GET', url: '/v1/integrations' });
    expect(response.statusCode).toBe(401);
  });
});

describe.each(backends)('webhook URLs under PUBLIC_URL on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('prefixes the webhook path with the public URL', async () => {
    const app = await buildApp({ db: database.db, publicUrl: 'https://rekindle.example.com/' });
    try {
      const tenant = await createTestTenant(database);
      const response = await app.inject({
        method: 'PUT',
        url: '/v1/integrations/orders',
        headers: tenant.headers,
        payload: { secret: 'orders-key-12345678' },
      });
      expect(response.json().webhookUrl).toBe(`https://rekindle.example.com/webhooks/orders/${tenant.id}`);
    } finally {
      await app.close();
    }
  });
});

describe('rekindle integration (PGlite data directory)', () => {
  let dataDir = '';
  let tenantId = '';
  const env = () => ({ DATA_DIR: dataDir });
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rekindle-integration-'));
    const created = await runRekindle(['tenant', 'create', '--name', 'Escola', '--json'], env());
    expect(created.code, created.stderr).toBe(0);
    tenantId = JSON.parse(created.stdout).tenantId;
  }, 120_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds, replaces, lists with the secret masked, and removes', async () => {
    const added = await runRekindle(
      [
        'integration',
        'add',
        'hotmart',
        '--tenant',
        tenantId,
        '--secret',
        'hottok-from-the-cli-9876',
        '--setting',
        'acceptTestEvents=true',
        '--json',
      ],
      env(),
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      provider: 'hotmart',
      secret: '••••9876',
      settings: { acceptTestEvents: true },
      webhookUrl: `/webhooks/hotmart/${tenantId}`,
    });
    const replaced = await runRekindle(
      ['integration', 'add', 'hotmart', '--tenant', tenantId, '--secret', 'new-hottok-from-cli-5555'],
      env(),
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain('replaced the hotmart secret');
    const list = await runRekindle(['integration', 'list', '--tenant', tenantId], env());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('••••5555');
    expect(list.stdout).toContain('acceptTestEvents=true');
    expect(list.stdout).not.toContain('new-hottok');
    const removed = await runRekindle(['integration', 'remove', 'hotmart', '--tenant', tenantId], env());
    expect(removed.code, removed.stderr).toBe(0);
    const empty = await runRekindle(['integration', 'list', '--tenant', tenantId, '--json'], env());
    expect(empty.stdout.trim()).toBe('');
    const again = await runRekindle(['integration', 'remove', 'hotmart', '--tenant', tenantId], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not found');
  });

  it('refuses an unknown provider, a short secret and a malformed setting with a usage error', async () => {
    const unknown = await runRekindle(
      ['integration', 'add', 'shopify', '--tenant', tenantId, '--secret', 'x'.repeat(10)],
      env(),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"shopify" is not a provider');
    const short = await runRekindle(
      ['integration', 'add', 'orders', '--tenant', tenantId, '--secret', 'short'],
      env(),
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('secret: at least 8 characters');
    const setting = await runRekindle(
      [
        'integration',
        'add',
        'orders',
        '--tenant',
        tenantId,
        '--secret',
        'long-enough-key',
        '--setting',
        'nokey',
      ],
      env(),
    );
    expect(setting.code).toBe(2);
    expect(setting.stderr).toContain('key=value');
    const tenant = await runRekindle(['integration', 'list', '--tenant', 'nobody'], env());
    expect(tenant.code).toBe(2);
  });
});
