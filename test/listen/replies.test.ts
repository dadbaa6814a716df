import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/adapters/db/kysely.ts';
import { createDialogStore } from '../../src/app/dialog/store.ts';
import type { DialogStore } from '../../src/app/dialog/types.ts';
import { ingestCustomers, ingestStaff } from '../../src/app/ingest/index.ts';
import { handleInboundMessage, type ListenDeps } from '../../src/app/listen/replies.ts';
import { createSender, enqueueMessage } from '../../src/app/outbound/index.ts';
import { updateTenant } from '../../src/app/tenant-settings.ts';
import { createTenant, getTenant } from '../../src/app/tenants.ts';
import type { InboundMessageEvent } from '../../src/domain/inbound/events.ts';
import type { ReplyClassification, ReplyClassifier } from '../../src/domain/replies/types.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * What each kind of answer does to the customer, their attempt and their queue (issue 6 §3, seed
 * 004 edge cases). The classifier is fixed per test so each test is about the effect of one label;
 * the classifier itself is tested on its labelled set in test/replies.
 */
describe.each(backends)('what a reply does on %s', (backend) => {
  let database: TestDatabase;
  let tenantId: string;
  let dialog: DialogStore;
  let next: ReplyClassification = { label: 'neutral', confidence: 1, by: 'rules', language: 'pt' };
  const classifier: ReplyClassifier = { classify: async () => next };
  let deps: ListenDeps;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    tenantId = (
      await createTenant(database.db, { name: 'Salon', timezone: 'America/Sao_Paulo', locale: 'pt-BR' })
    ).tenant.id;
    await updateTenant(database.db, tenantId, {
      settings: {
        outreach: {
          window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' },
        },
        listening: { notify: { channel: 'log', recipient: 'owner@salon.example' } },
      },
    });
    await createSender(database.db, tenantId, {
      channel: 'whatsapp',
      name: 'Main',
      settings: { phoneNumberId: '1', apiBaseUrl: 'http://127.0.0.1:9' },
      secrets: { accessToken: 't', appSecret: 's' },
    });
    await createSender(database.db, tenantId, { channel: 'log', name: 'Log' });
    dialog = createDialogStore({ db: database.db });
    deps = { db: database.db, classifier, dialog };
  });
  afterAll(async () => {
    await dialog.close();
    await database.dispose();
  });

  async function customerWithAttempt(slots: { staffId: string; staffName: string }[] = []) {
    const phone = `+55119876${String(54000 + ++n).padStart(5, '0')}`;
    const externalId = `r${n}`;
    expect(
      (await ingestCustomers(database.db, tenantId, [{ externalId, name: `Ana ${n}`, phone }])).rejected,
    ).toBe(0);
    return withTenant(database.db, tenantId, async (trx) => {
      const customer = await trx
        .selectFrom('customers')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();
      const options = slots.map((s, i) => ({
        start: `2026-12-0${i + 1}T13:00:00.000Z`,
        end: `2026-12-0${i + 1}T14:00:00.000Z`,
        ...s,
      }));
      const attempt = await trx
        .insertInto('attempts')
        .values({
          tenant_id: tenantId,
          customer_id: customer.id,
          status: 'IN_PROGRESS',
          strategy: 'INCENTIVE_DISCOUNT',
          started_at: new Date(Date.now() - 3_600_000),
          suggested_offerings: JSON.stringify([
            { id: '00000000-0000-4000-8000-000000000001', name: 'Manicure' },
            { id: '00000000-0000-4000-8000-000000000002', name: 'Pedicure' },
          ]),
          ...(options[0]
            ? { suggested_slot: JSON.stringify(options[0]), slot_options: JSON.stringify(options) }
            : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { customerId: customer.id, attemptId: attempt.id, phone };
    });
  }

  const event = (from: string, text: string): InboundMessageEvent => ({
    type: 'message',
    channel: 'whatsapp',
    from,
    text,
    at: new Date().toISOString(),
    providerMessageId: `wamid.${Math.random()}`,
  });
  const attempt = (id: string) =>
    withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('attempts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
  const customer = (id: string) =>
    withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('customers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
  const messages = (customerId: string) =>
    withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .execute(),
    );

  it('opt-out: suppressed for good, queue withdrawn, attempt declined, confirmed once', async () => {
    const s = await customerWithAttempt();
    await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: s.customerId,
      kind: 'campaign',
      text: 'Promo',
    });
    next = { label: 'opt_out', confidence: 1, by: 'rules', language: 'pt' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-${s.phone}`,
      event(s.phone, 'SAIR'),
    );
    expect(outcome).toMatchObject({ action: 'suppressed', customerId: s.customerId, attemptId: s.attemptId });
    expect((await customer(s.customerId)).opted_out_at).not.toBeNull();
    expect(await attempt(s.attemptId)).toMatchObject({ status: 'LOST', outcome: 'DECLINED' });
    const queue = await messages(s.customerId);
    expect(queue.find((m) => m.kind === 'campaign')?.status).toBe('cancelled');
    const confirmation = queue.filter((m) => m.kind === 'opt_out_confirmation');
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]).toMatchObject({
      status: 'queued',
      body: 'Tudo certo: você não vai mais receber mensagens nossas.',
    });
    // the same delivery again changes nothing
    const again = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-${s.phone}`,
      event(s.phone, 'SAIR'),
    );
    expect(again.replyRecorded).toBe(false);
    expect((await messages(s.customerId)).filter((m) => m.kind === 'opt_out_confirmation')).toHaveLength(1);
  });

  it('opt-out from a number nobody knew: kept as a suppressed contact', async () => {
    next = { label: 'opt_out', confidence: 1, by: 'rules', language: 'ru' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      'k-unknown',
      event('+79161234567', 'СТОП'),
    );
    expect(outcome.action).toBe('suppressed');
    const suppressed = await customer(outcome.customerId!);
    expect(suppressed).toMatchObject({ external_id: 'optout:+79161234567', phone: '+79161234567' });
    expect(suppressed.opted_out_at).not.toBeNull();
    const direct = await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      to: '+79161234567',
      text: 'Olá',
    });
    expect(direct.message.status).toBe('skipped');
  });

  it('negative: the attempt is LOST with DECLINED and the operator is not bothered', async () => {
    const s = await customerWithAttempt();
    next = { label: 'negative', confidence: 0.9, by: 'rules', language: 'pt' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-neg-${n}`,
      event(s.phone, 'Não quero mais, obrigada'),
    );
    expect(outcome.action).toBe('declined');
    expect(await attempt(s.attemptId)).toMatchObject({ status: 'LOST', outcome: 'DECLINED' });
    expect((await customer(s.customerId)).opted_out_at).toBeNull();
    const notes = await withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('messages')
        .select('body')
        .where('tenant_id', '=', tenantId)
        .where('channel', '=', 'log')
        .execute(),
    );
    expect(notes.some((m) => m.body?.includes('Não quero mais'))).toBe(false);
  });

  it('positive: the attempt stays in progress with the answer on record, and the operator is told', async () => {
    const s = await customerWithAttempt();
    next = { label: 'positive', confidence: 0.95, by: 'rules', language: 'pt' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-pos-${n}`,
      event(s.phone, 'Quero sim!'),
    );
    expect(outcome.action).toBe('in_progress');
    expect((await attempt(s.attemptId)).status).toBe('IN_PROGRESS');
    const events = await withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('attempt_events')
        .select('note')
        .where('tenant_id', '=', tenantId)
        .where('attempt_id', '=', s.attemptId)
        .execute(),
    );
    expect(events.map((e) => e.note).join(' ')).toMatch(/answered positively: "Quero sim!"/);
    const told = await withTenant(database.db, tenantId, (trx) =>
      trx
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('channel', '=', 'log')
        .execute(),
    );
    expect(told.some((m) => m.recipient === 'owner@salon.example' && m.body?.includes('Quero sim!'))).toBe(
      true,
    );
  });

  it('away until a date: snoozed to it, nothing queued goes out before, the window runs from it', async () => {
    const s = await customerWithAttempt();
    await enqueueMessage(database.db, tenantId, {
      channel: 'whatsapp',
      customerId: s.customerId,
      kind: 'follow_up',
      text: 'E aí?',
    });
    next = { label: 'away_until', confidence: 0.9, by: 'rules', language: 'pt', date: '2026-12-15' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-away-${n}`,
      event(s.phone, 'Estou viajando até dia 15'),
    );
    expect(outcome.action).toBe('snoozed');
    const tenant = await getTenant(database.db, tenantId);
    expect(tenant?.timezone).toBe('America/Sao_Paulo');
    // midnight in São Paulo (UTC−3)
    expect((await customer(s.customerId)).snoozed_until?.toISOString()).toBe('2026-12-15T03:00:00.000Z');
    const a = await attempt(s.attemptId);
    expect(a.status).toBe('IN_PROGRESS');
    expect(a.attribution_until?.toISOString()).toBe('2026-12-22T03:00:00.000Z');
    expect((await messages(s.customerId)).find((m) => m.kind === 'follow_up')?.status).toBe('cancelled');
  });

  it('another professional: the preference is kept and the suggestion moves to someone else', async () => {
    expect((await ingestStaff(database.db, tenantId, [{ name: 'Carla' }, { name: 'Bia' }])).rejected).toBe(0);
    const staff = await withTenant(database.db, tenantId, (trx) =>
      trx.selectFrom('staff').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    );
    const carla = staff.find((m) => m.name === 'Carla')!.id;
    const bia = staff.find((m) => m.name === 'Bia')!.id;
    const s = await customerWithAttempt([
      { staffId: carla, staffName: 'Carla' },
      { staffId: carla, staffName: 'Carla' },
      { staffId: bia, staffName: 'Bia' },
    ]);
    next = { label: 'other_staff', confidence: 0.9, by: 'rules', language: 'pt' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-staff-${n}`,
      event(s.phone, 'Posso ir com outra manicure?'),
    );
    expect(outcome).toMatchObject({ action: 'preferences', note: 'suggestion moved to Bia' });
    expect(await attempt(s.attemptId)).toMatchObject({ staff_id: bia, suggested_slot: { staffName: 'Bia' } });
    expect((await customer(s.customerId)).attributes).toMatchObject({
      replyPreferences: { staff: { avoidStaffId: carla } },
    });
  });

  it('another offering: the suggestion moves to the next offering', async () => {
    const s = await customerWithAttempt();
    next = { label: 'other_offering', confidence: 0.9, by: 'rules', language: 'pt' };
    const outcome = await handleInboundMessage(
      deps,
      tenantId,
      'whatsapp',
      `k-off-${n}`,
      event(s.phone, 'Prefiro fazer o pé'),
    );
    expect(outcome.note).toBe('suggestion moved to Pedicure');
    expect((await attempt(s.attemptId)).suggested_offerings).toEqual([
      { id: '00000000-0000-4000-8000-000000000002', name: 'Pedicure' },
    ]);
  });
});
