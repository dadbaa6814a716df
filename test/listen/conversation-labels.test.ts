import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDialogStore } from '../../src/app/dialog/store.ts';
import { createInboxProcessor, type InboxProcessor } from '../../src/app/inbox/processor.ts';
import { createReplyClassifier } from '../../src/app/replies/classifier.ts';
import { type Api, apiAs, createTestTenant, setUpApiTests, type TestTenant } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { sharedDir } from '../support/shared.ts';

/**
 * Seed 002 §4.2's tag analytics: Chatwoot conversation webhooks (shared/fixtures/chatwoot),
 * signed and processed by the inbox, land in `/v1/conversation-labels/summary` as labels per
 * current status; a late delivery of an older status changes nothing. The arithmetic, the
 * filters (status, provider, [from, to) in the tenant's zone) and the share rounding run on rows
 * written straight to the database.
 */
const DIR = join(sharedDir(), 'fixtures/chatwoot');
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');
const SECRET: string = JSON.parse(fixture('signature_vector_x_chatwoot_signature.json')).webhook_secret;
const sign = (body: string, ts: number) =>
  `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;

const SUMMARY = '/v1/conversation-labels/summary';
const NO_STATUSES = { open: 0, resolved: 0, pending: 0, snoozed: 0 };

describe.each(backends)('conversation label analytics on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  let processor: InboxProcessor;
  let delivery = 0;

  beforeAll(async () => {
    const db = testbed.database.db;
    processor = createInboxProcessor({
      db,
      classifier: createReplyClassifier(),
      dialog: createDialogStore({ db }),
    });
    const put = await api('PUT', '/v1/integrations/chatwoot', { secret: SECRET });
    expect(put.statusCode, put.body).toBe(201);
  });

  /**
   * One signed Chatwoot delivery, stored by the webhook and (unless `drain` is false) processed by
   * the inbox before it returns.
   */
  async function deliver(body: string, drain = true) {
    const ts = Math.floor(Date.now() / 1000);
    const response = await testbed.app.inject({
      method: 'POST',
      url: `/webhooks/chatwoot/${testbed.tenant.id}`,
      headers: {
        'content-type': 'application/json',
        'x-chatwoot-timestamp': String(ts),
        'x-chatwoot-signature': sign(body, ts),
        'x-chatwoot-delivery': `00000000-0000-4000-8000-${String(++delivery).padStart(12, '0')}`,
      },
      payload: body,
    });
    expect(response.json(), response.body).toEqual({ received: 1, new: 1 });
    if (drain) expect(await processor.drain(testbed.tenant.id)).toBe(1);
  }

  async function summary(as: Api, query = '') {
    const response = await as('GET', `${SUMMARY}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it("applies one conversation's changes in the order they came, though they share a second", async () => {
    const changes = [
      'conversation_created_derived.json',
      'conversation_updated_labels_derived.json',
      'conversation_status_changed_resolved_derived.json',
    ];
    for (const name of changes)
      await deliver(JSON.stringify({ ...JSON.parse(fixture(name)), id: 26 }), false);
    // one pass over all three, through the real webhook and processor; that they share a lane
    // (and so cannot race) is pinned by laneOf's own test in src/app/inbox/processor.test.ts
    expect(await processor.drain(testbed.tenant.id)).toBe(3);
    const conversation26 = testbed.database.db
      .selectFrom('conversation_labels')
      .where('tenant_id', '=', testbed.tenant.id)
      .where('conversation_id', '=', '26');
    try {
      const row = await conversation26.select(['status', 'labels']).executeTakeFirstOrThrow();
      expect({ status: row.status, labels: [...row.labels].sort() }).toEqual({
        status: 'resolved',
        labels: ['hotmart-comprador', 'lead'],
      });
    } finally {
      // the next test counts this tenant's conversations from nothing
      await testbed.database.db
        .deleteFrom('conversation_labels')
        .where('tenant_id', '=', testbed.tenant.id)
        .where('conversation_id', '=', '26')
        .execute();
    }
  });

  it('counts the labels and statuses Chatwoot webhooks bring, an older status arriving late changing nothing', async () => {
    // conversation 24 opens with no label
    await deliver(fixture('conversation_created_derived.json'));
    expect(await summary(api)).toEqual({ from: null, to: null, conversations: 1, labelled: 0, labels: [] });

    // an agent labels it
    await deliver(fixture('conversation_updated_labels_derived.json'));
    expect((await summary(api)).labels).toEqual([
      { label: 'hotmart-comprador', conversations: 1, share: 1, byStatus: { ...NO_STATUSES, open: 1 } },
      { label: 'lead', conversations: 1, share: 1, byStatus: { ...NO_STATUSES, open: 1 } },
    ]);

    // resolved: the labels stay, their status follows; then Chatwoot's older status_changed
    // (open, a day earlier) arrives late and is ignored
    await deliver(fixture('conversation_status_changed_resolved_derived.json'));
    await deliver(fixture('conversation_status_changed_whatsapp_2023_arielcorte.json'));

    // a second conversation, 25, labelled at the same time and still open
    const labelled = JSON.parse(fixture('conversation_updated_labels_derived.json'));
    await deliver(
      JSON.stringify({
        ...labelled,
        id: 25,
        labels: ['problema_acesso', 'lead'],
        changed_attributes: [
          { label_list: { previous_value: [], current_value: ['problema_acesso', 'lead'] } },
        ],
      }),
    );

    expect(await summary(api)).toEqual({
      from: null,
      to: null,
      conversations: 2,
      labelled: 2,
      labels: [
        { label: 'lead', conversations: 2, share: 1, byStatus: { ...NO_STATUSES, open: 1, resolved: 1 } },
        {
          label: 'hotmart-comprador',
          conversations: 1,
          share: 0.5,
          byStatus: { ...NO_STATUSES, resolved: 1 },
        },
        { label: 'problema_acesso', conversations: 1, share: 0.5, byStatus: { ...NO_STATUSES, open: 1 } },
      ],
    });
    expect((await summary(api, '?status=resolved')).labels.map((l: { label: string }) => l.label)).toEqual([
      'hotmart-comprador',
      'lead',
    ]);
    // the deliveries are of 2023-10-11T04:16:27Z, 01:16 of the 11th in São Paulo
    expect(await summary(api, '?from=2023-10-11&provider=chatwoot')).toMatchObject({
      from: '2023-10-11T03:00:00.000Z',
      conversations: 2,
    });
    expect(await summary(api, '?to=2023-10-11')).toMatchObject({ conversations: 0, labels: [] });
  });

  describe('the report over many conversations', () => {
    let clinic: TestTenant;
    let asClinic: Api;

    /**
     * Clínica Etiquetas, in São Paulo (UTC−3). 2026-04-01T03:00Z is midnight of 1 April there.
     * Seven Chatwoot conversations and one from another provider under the same id.
     */
    beforeAll(async () => {
      clinic = await createTestTenant(testbed.database, 'Clínica Etiquetas');
      asClinic = apiAs(testbed.app, clinic);
      const rows: [provider: string, id: string, labels: string[], status: string | null, at: string][] = [
        ['chatwoot', '101', ['satisfeito'], 'resolved', '2026-03-02T12:00:00Z'],
        ['chatwoot', '102', ['satisfeito'], 'resolved', '2026-03-05T12:00:00Z'],
        ['chatwoot', '103', ['problema_acesso', 'satisfeito'], 'open', '2026-03-10T12:00:00Z'],
        // 23:59:59.999 of 31 March in São Paulo
        ['chatwoot', '104', ['problema_acesso'], 'pending', '2026-04-01T02:59:59.999Z'],
        ['chatwoot', '105', ['problema_acesso'], 'open', '2026-04-01T03:00:00Z'],
        ['chatwoot', '106', [], 'snoozed', '2026-04-10T12:00:00Z'],
        // a label repeated in one conversation counts it once; its status was never given
        ['chatwoot', '107', ['vip', 'vip'], null, '2026-04-15T12:00:00Z'],
        ['intercom', '107', ['satisfeito'], 'open', '2026-04-20T12:00:00Z'],
      ];
      await testbed.database.db
        .insertInto('conversation_labels')
        .values(
          rows.map(([provider, conversation_id, labels, status, at]) => ({
            tenant_id: clinic.id,
            provider,
            conversation_id,
            labels,
            status,
            updated_at: new Date(at),
          })),
        )
        .execute();
    });

    it('gives each label its conversations, its share of them all and its statuses, most first', async () => {
      expect(await summary(asClinic)).toEqual({
        from: null,
        to: null,
        conversations: 8,
        labelled: 7,
        labels: [
          {
            label: 'satisfeito',
            conversations: 4,
            share: 0.5,
            byStatus: { ...NO_STATUSES, resolved: 2, open: 2 },
          },
          {
            label: 'problema_acesso',
            conversations: 3,
            share: 0.375,
            byStatus: { ...NO_STATUSES, open: 2, pending: 1 },
          },
          { label: 'vip', conversations: 1, share: 0.125, byStatus: { ...NO_STATUSES, unknown: 1 } },
        ],
      });
    });

    it('narrows to one provider, rounding shares to 4 decimals and ordering equal counts by label', async () => {
      expect(await summary(asClinic, '?provider=chatwoot')).toEqual({
        from: null,
        to: null,
        conversations: 7,
        labelled: 6,
        labels: [
          {
            label: 'problema_acesso',
            conversations: 3,
            share: 0.4286,
            byStatus: { ...NO_STATUSES, open: 2, pending: 1 },
          },
          {
            label: 'satisfeito',
            conversations: 3,
            share: 0.4286,
            byStatus: { ...NO_STATUSES, resolved: 2, open: 1 },
          },
          { label: 'vip', conversations: 1, share: 0.1429, byStatus: { ...NO_STATUSES, unknown: 1 } },
        ],
      });
    });

    it('narrows to the statuses listed', async () => {
      expect(await summary(asClinic, '?status=open,pending')).toEqual({
        from: null,
        to: null,
        conversations: 4,
        labelled: 4,
        labels: [
          {
            label: 'problema_acesso',
            conversations: 3,
            share: 0.75,
            byStatus: { ...NO_STATUSES, open: 2, pending: 1 },
          },
          { label: 'satisfeito', conversations: 2, share: 0.5, byStatus: { ...NO_STATUSES, open: 2 } },
        ],
      });
      // a conversation with no status is left out by any status filter
      expect(await summary(asClinic, '?status=snoozed')).toMatchObject({
        conversations: 1,
        labelled: 0,
        labels: [],
      });
    });

    it('narrows to [from, to), plain dates being midnight in the tenant zone', async () => {
      const april = await summary(asClinic, '?from=2026-04-01&to=2026-04-16');
      expect(april).toEqual({
        from: '2026-04-01T03:00:00.000Z',
        to: '2026-04-16T03:00:00.000Z',
        conversations: 3,
        labelled: 2,
        labels: [
          {
            label: 'problema_acesso',
            conversations: 1,
            share: 0.3333,
            byStatus: { ...NO_STATUSES, open: 1 },
          },
          { label: 'vip', conversations: 1, share: 0.3333, byStatus: { ...NO_STATUSES, unknown: 1 } },
        ],
      });
      // to is exclusive: the conversation at local midnight of 1 April is not in March
      const march = await summary(asClinic, '?to=2026-04-01');
      expect(march).toMatchObject({ to: '2026-04-01T03:00:00.000Z', conversations: 4, labelled: 4 });
      expect(march.labels.map((l: { label: string; share: number }) => [l.label, l.share])).toEqual([
        ['satisfeito', 0.75],
        ['problema_acesso', 0.5],
      ]);
      expect(await summary(asClinic, '?from=2026-04-01T00:00:00-03:00&to=2026-04-16')).toEqual(april);
      // every filter together
      const together = await summary(asClinic, '?provider=chatwoot&status=open&from=2026-03-10');
      expect(
        together.labels.map((l: { label: string; conversations: number }) => [l.label, l.conversations]),
      ).toEqual([
        ['problema_acesso', 2],
        ['satisfeito', 1],
      ]);
      expect(await summary(asClinic, '?from=2030-01-01')).toEqual({
        from: '2030-01-01T03:00:00.000Z',
        to: null,
        conversations: 0,
        labelled: 0,
        labels: [],
      });
    });

    it('refuses bad query values with a 400 naming the field', async () => {
      const refused = async (query: string, field: string) => {
        const response = await asClinic('GET', `${SUMMARY}?${query}`);
        expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
        expect(response.json().error.details.issues[0].field, query).toBe(field);
      };
      await refused('status=closed', 'querystring.status.0');
      await refused('status=open,archived', 'querystring.status.1');
      await refused('status=', 'querystring.status');
      await refused('provider=intercom', 'querystring.provider');
      await refused('from=yesterday', 'querystring.from');
      await refused('to=2026-13-01', 'querystring.to');
      await refused('from=2026-04-01T10:00:00', 'querystring.from');
    });
  });
});
