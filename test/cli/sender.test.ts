import { describe, expect, it } from 'vitest';
import { runRekindle, setUpDemoForCli } from '../support/cli.ts';
import { backends } from '../support/database.ts';

/** `rekindle sender …` as an operator connects a WhatsApp number. */
describe.each(backends)('rekindle sender on %s', (backend) => {
  const testbed = setUpDemoForCli(backend, { customers: 20, seed: 2, prefix: 'rekindle-sender-' });

  it('adds a WhatsApp number with its secrets masked, and lists it', async () => {
    const added = await runRekindle(
      [
        'sender',
        'add',
        'whatsapp',
        '--tenant',
        testbed.tenantId,
        '--phone-number-id',
        '106540352242922',
        '--access-token',
        'EAAG-super-secret-token-value',
        '--app-secret',
        'app-secret-of-the-meta-app',
        '--verify-token',
        'verify-me-please-123',
        '--api-base-url',
        'http://127.0.0.1:9999',
        '--per-day',
        '500',
        '--json',
      ],
      testbed.env,
    );
    expect(added.code, added.stderr).toBe(0);
    const sender = JSON.parse(added.stdout);
    expect(sender).toMatchObject({ channel: 'whatsapp', name: 'whatsapp 106540352242922' });
    expect(sender.settings).toMatchObject({
      phoneNumberId: '106540352242922',
      apiBaseUrl: 'http://127.0.0.1:9999',
    });
    expect(sender.caps.perDay).toBe(500);
    expect(added.stdout).not.toContain('super-secret');
    const list = await runRekindle(['sender', 'list', '--tenant', testbed.tenantId, '--json'], testbed.env);
    expect(list.code, list.stderr).toBe(0);
    const channels = list.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).channel);
    // the demo's dry-run sender and the new number
    expect(channels.sort()).toEqual(['log', 'whatsapp']);
  });

  it('refuses a channel it does not know and options that belong to another channel', async () => {
    const fax = await runRekindle(['sender', 'add', 'fax', '--tenant', testbed.tenantId], testbed.env);
    expect(fax.code).toBe(2);
    expect(fax.stderr).toContain('not a channel');
    const stray = await runRekindle(
      [
        'sender',
        'add',
        'webhook',
        '--tenant',
        testbed.tenantId,
        '--url',
        'http://127.0.0.1:1/x',
        '--host',
        'smtp.x',
      ],
      testbed.env,
    );
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--host');
  });
});
