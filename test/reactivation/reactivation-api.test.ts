import { describe, expect, it } from 'vitest';
import { createMessageWriter } from '../../src/app/compose/index.ts';
import { createPlanner } from '../../src/app/reactivation/planner.ts';
import { type Api, apiAs, createTestTenant, setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { loadDemoThroughApi } from '../support/demo.ts';

/**
 * Issue 4 end to end over HTTP: planning fills the approval inbox with explained suggestions in
 * the tenant's language; approval (single, edited, batch by filter), rejection, the attempt state
 * machine, outcomes, metrics, settings, and one tenant never reaching another's attempts.
 */
const NOW = new Date('2025-06-15T15:00:00Z');
const AS_OF = '2025-06-15T15:00:00Z';

type AttemptJson = {
  id: string;
  status: string;
  control: boolean;
  strategy: string;
  tone: string | null;
  customer: { id: string; externalId: string };
  trigger: { state: string };
  offering: { id: string } | null;
  explanation: string[];
  offerPct: number | null;
  maxDiscountPct: number | null;
  message: { text: string; source: string; locale: string | null } | null;
  history?: { from: string | null; to: string; actor: string; note: string | null }[];
  waitUntil: string | null;
  expiresAt: string | null;
};

const loadDemo = (api: Api) => loadDemoThroughApi(api, { customers: 150, seed: 11, now: NOW });

describe.each(backends)('reactivation API on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  let planned: AttemptJson[] = [];

  it('plans the top candidates into explained, varied suggestions in the tenant language', {
    timeout: 180_000,
  }, async () => {
    await loadDemo(api);
    const response = await api('POST', '/v1/reactivation/plan', { asOf: AS_OF, limit: 40 });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.mode).toBe('SUGGEST_ONLY');
    expect(result.candidates).toBeGreaterThan(10);
    expect(result.created + result.skipped.length).toBe(result.considered);
    expect(result.skipped).toEqual([]);
    planned = result.attempts;
    const suggested = planned.filter((a) => a.status === 'SUGGESTED');
    expect(suggested.length).toBeGreaterThan(5);
    for (const a of planned) {
      expect(a.explanation.length).toBeGreaterThan(1);
      expect(a.offerPct ?? 0).toBeLessThanOrEqual(a.maxDiscountPct ?? 0);
      if (a.status === 'PLANNED') expect(a.strategy).toBe('WAIT');
      if (a.control) {
        expect(a.status).toBe('IN_PROGRESS');
        expect(a.message).toBeNull();
      }
    }
    for (const a of suggested) {
      expect(a.message, JSON.stringify(a)).not.toBeNull();
      const text = a.message!.text;
      // the customer's language when Rekindle writes it, else the tenant's (pt-BR)
      expect(a.message!.source.startsWith(`${a.message!.locale}.`)).toBe(true);
      expect([...text].length).toBeLessThanOrEqual(250);
      expect(text).not.toMatch(/\{\{|\}\}|\[|\]|%s/);
      expect(a.expiresAt).not.toBeNull();
    }
    const inPortuguese = suggested.filter((a) => a.message!.locale === 'pt-BR').length;
    expect(inPortuguese / suggested.length).toBeGreaterThan(0.6);
    // different customers do not all get the same words, nor the same strategy
    // (two Marias may get the same variant: identical texts are allowed, a uniform inbox is not)
    expect(new Set(suggested.map((a) => a.message!.text)).size).toBeGreaterThan(suggested.length * 0.8);
    expect(new Set(suggested.map((a) => a.message!.source)).size).toBeGreaterThan(2);
    expect(new Set(planned.map((a) => a.strategy)).size).toBeGreaterThan(1);
  });

  it('never gives a customer a second active attempt when planning runs again', {
    timeout: 120_000,
  }, async () => {
    const again = await api('POST', '/v1/reactivation/plan', { asOf: AS_OF, limit: 40 });
    expect(again.statusCode, again.body).toBe(200);
    const first = new Set(planned.map((a) => a.customer.id));
    for (const a of again.json().attempts as AttemptJson[]) expect(first.has(a.customer.id)).toBe(false);
    const active = await api('GET', '/v1/reactivation/active?limit=500');
    const perCustomer = new Map<string, number>();
    for (const a of active.json().items as AttemptJson[]) {
      perCustomer.set(a.customer.id, (perCustomer.get(a.customer.id) ?? 0) + 1);
    }
    expect(Math.max(...perCustomer.values())).toBe(1);
  });

  it('filters the inbox by trigger state and offering', async () => {
    const inbox = (await api('GET', '/v1/reactivation/inbox?limit=500')).json().items as AttemptJson[];
    expect(inbox.every((a) => a.status === 'SUGGESTED')).toBe(true);
    const atRisk = (await api('GET', '/v1/reactivation/inbox?triggerState=AT_RISK&limit=500')).json()
      .items as AttemptJson[];
    expect(atRisk.length).toBe(inbox.filter((a) => a.trigger.state === 'AT_RISK').length);
    const offeringId = inbox.find((a) => a.offering)?.offering?.id;
    const byOffering = (await api('GET', `/v1/reactivation/inbox?offeringId=${offeringId}&limit=500`)).json()
      .items as AttemptJson[];
    expect(byOffering.length).toBeGreaterThan(0);
    expect(byOffering.every((a) => a.offering?.id === offeringId)).toBe(true);
    const bad = await api('GET', '/v1/reactivation/inbox?triggerState=SLEEPY');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('triggerState');
  });

  it('checks an edited text before approving it, and records who changed what', async () => {
    // a customer who reads Portuguese: the edited text below is checked against their language
    const target = (
      (await api('GET', '/v1/reactivation/inbox?limit=500')).json().items as AttemptJson[]
    ).find((a) => a.message?.locale === 'pt-BR');
    const placeholder = await api('POST', `/v1/reactivation/inbox/${target!.id}/approve`, {
      text: 'Oi {{nome}}, sentimos sua falta! Volte com 90% de desconto.',
    });
    expect(placeholder.statusCode, placeholder.body).toBe(400);
    expect(placeholder.json().error.details.issues[0].field).toBe('text');
    expect((await api('GET', `/v1/reactivation/attempts/${target!.id}`)).json().status).toBe('SUGGESTED');

    const text =
      'Oi! Sentimos sua falta por aqui. Que tal marcar um horário nesta semana? Responda esta mensagem.';
    const approved = await api('POST', `/v1/reactivation/inbox/${target!.id}/approve`, {
      text,
      actor: 'Marina',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json() as AttemptJson;
    expect(body.status).toBe('APPROVED');
    expect(body.message).toMatchObject({ text, source: 'operator' });
    expect(body.history!.find((e) => e.to === 'APPROVED' && e.from === 'SUGGESTED')).toMatchObject({
      actor: 'Marina',
    });
    // no sender yet: the approval stands, and the attempt says why nothing was queued
    expect(body.history!.at(-1)!.note).toMatch(/not queued: the tenant has no (whatsapp|email) sender/);
  });

  it('refuses illegal transitions with the current status and what may follow', async () => {
    const [suggested] = (await api('GET', '/v1/reactivation/inbox?limit=1')).json().items as AttemptJson[];
    const start = await api('POST', `/v1/reactivation/attempts/${suggested!.id}/start`, {});
    expect(start.statusCode).toBe(409);
    expect(start.json().error.details).toMatchObject({
      status: 'SUGGESTED',
      allowed: ['APPROVED', 'CANCELLED'],
    });
    const outcome = await api('POST', `/v1/reactivation/attempts/${suggested!.id}/outcome`, {
      outcome: 'REACTIVATED',
    });
    expect(outcome.statusCode).toBe(409);

    const reject = await api('POST', `/v1/reactivation/inbox/${suggested!.id}/reject`, {
      reason: 'customer moved away',
    });
    expect(reject.statusCode, reject.body).toBe(200);
    expect(reject.json()).toMatchObject({ status: 'CANCELLED' });
    const twice = await api('POST', `/v1/reactivation/inbox/${suggested!.id}/reject`, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    const noReason = await api('POST', `/v1/reactivation/inbox/${suggested!.id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('reason');
  });

  it('approves in batch by filter, and only what matches', async () => {
    const before = (await api('GET', '/v1/reactivation/inbox?limit=500')).json().items as AttemptJson[];
    const stalled = before.filter((a) => a.trigger.state === 'STALLED');
    expect(stalled.length).toBeGreaterThan(0);
    const batch = await api('POST', '/v1/reactivation/inbox/approve', {
      filter: { triggerState: ['STALLED'] },
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toMatchObject({ matched: stalled.length, failed: [] });
    expect(new Set(batch.json().done)).toEqual(new Set(stalled.map((a) => a.id)));
    const after = (await api('GET', '/v1/reactivation/inbox?limit=500')).json().items as AttemptJson[];
    expect(after.length).toBe(before.length - stalled.length);
    expect(after.some((a) => a.trigger.state === 'STALLED')).toBe(false);
    const approved = await api('GET', '/v1/reactivation/attempts?status=APPROVED&limit=500');
    expect(approved.json().items.length).toBe(stalled.length + 1);
  });

  it('runs an approved attempt to an outcome and counts it in the metrics', async () => {
    const [approved] = (await api('GET', '/v1/reactivation/attempts?status=APPROVED&limit=1')).json()
      .items as AttemptJson[];
    const started = await api('POST', `/v1/reactivation/attempts/${approved!.id}/start`, {
      channel: 'whatsapp',
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().status).toBe('IN_PROGRESS');
    const tooMuch = await api('POST', `/v1/reactivation/attempts/${approved!.id}/outcome`, {
      outcome: 'REACTIVATED',
      discountGivenPct: 99,
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('discountGivenPct');
    const won = await api('POST', `/v1/reactivation/attempts/${approved!.id}/outcome`, {
      outcome: 'REACTIVATED',
      nextOrderAt: new Date().toISOString(),
      nextOrderValue: 120,
      cost: 2.5,
    });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toMatchObject({ status: 'WON', outcome: 'REACTIVATED', nextOrderValue: 120 });
    const metrics = (await api('GET', '/v1/reactivation/metrics')).json();
    expect(metrics.treated.won).toBe(1);
    expect(metrics.treated.revenue).toBe(120);
    expect(metrics.costPerWin).toBe(2.5);
    const effectiveness = (await api('GET', '/v1/reactivation/strategy-effectiveness')).json();
    expect(effectiveness.find((s: { treated: { won: number } }) => s.treated.won === 1)?.strategy).toBe(
      approved!.strategy,
    );
    const history = (await api('GET', `/v1/reactivation/history/${approved!.customer.id}`)).json().items;
    expect(history.map((a: AttemptJson) => a.id)).toContain(approved!.id);
  });

  it('creates one attempt on request, and explains why a customer is not a candidate', {
    timeout: 60_000,
  }, async () => {
    const all = (await api('GET', `/v1/candidates?asOf=${AS_OF}&all=true&limit=500`)).json().items as {
      id: string;
      candidate: boolean;
      state: string;
    }[];
    const active = all.find((c) => c.state === 'ACTIVE')!;
    const refused = await api('POST', '/v1/reactivation/attempts', { customerId: active.id, asOf: AS_OF });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.details.reasons.length).toBeGreaterThan(0);
    const open = new Set(
      ((await api('GET', '/v1/reactivation/active?limit=500')).json().items as AttemptJson[]).map(
        (a) => a.customer.id,
      ),
    );
    const free = all.find((c) => c.candidate && !open.has(c.id));
    if (free) {
      const created = await api('POST', '/v1/reactivation/attempts', { customerId: free.id, asOf: AS_OF });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().history[0]).toMatchObject({ from: null });
      const again = await api('POST', '/v1/reactivation/attempts', { customerId: free.id, asOf: AS_OF });
      expect(again.statusCode).toBe(409);
      // an operator's own choice of strategy is taken, and explained as theirs
      await api('POST', `/v1/reactivation/attempts/${created.json().id}/cancel`, {
        reason: 'try another way',
      });
      const chosen = await api('POST', '/v1/reactivation/attempts', {
        customerId: free.id,
        asOf: AS_OF,
        strategy: 'PRODUCT_MIX',
        actor: 'Marina',
      });
      expect(chosen.statusCode, chosen.body).toBe(201);
      expect(chosen.json().strategy).toBe('PRODUCT_MIX');
      expect(chosen.json().explanation.join(' ')).toMatch(/operator/i);
      expect(chosen.json().history[0].actor).toBe('Marina');
    }
  });

  it('validates settings changes field by field and keeps what was stored', async () => {
    const bad = await api('PATCH', '/v1/tenant', {
      settings: { reactivation: { controlShare: 3, mode: 'YOLO' } },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['settings.reactivation.controlShare', 'settings.reactivation.mode']),
    );
    const good = await api('PATCH', '/v1/tenant', { settings: { reactivation: { controlShare: 0.2 } } });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().effective.reactivation.controlShare).toBe(0.2);
    expect(good.json().effective.reactivation.mode).toBe('SUGGEST_ONLY');
    const merged = await api('PATCH', '/v1/tenant', {
      settings: { reactivation: { suggestionTtlHours: 48 } },
    });
    expect(merged.json().settings.reactivation).toEqual({ controlShare: 0.2, suggestionTtlHours: 48 });
  });

  it('keeps every attempt away from another tenant', async () => {
    const other = await createTestTenant(testbed.database, 'Other salon');
    const otherApi = apiAs(testbed.app, other);
    const target = planned[0]!;
    expect((await otherApi('GET', `/v1/reactivation/attempts/${target.id}`)).statusCode).toBe(404);
    expect(
      (await otherApi('POST', `/v1/reactivation/inbox/${target.id}/reject`, { reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await otherApi('GET', '/v1/reactivation/attempts?limit=500')).json().items).toEqual([]);
    const batch = await otherApi('POST', '/v1/reactivation/inbox/reject', { filter: {}, reason: 'wipe' });
    expect(batch.json().matched).toBe(0);
    expect((await otherApi('GET', '/v1/reactivation/metrics')).json().treated.attempts).toBe(0);
    expect((await api('GET', `/v1/reactivation/attempts/${target.id}`)).statusCode).toBe(200);
  });

  it('expires suggestions nobody decided on once their time is up, and says so in their history', async () => {
    const waiting = (await api('GET', '/v1/reactivation/inbox?limit=500')).json().items as AttemptJson[];
    expect(waiting.length).toBeGreaterThan(0);
    const planner = createPlanner({ writer: createMessageWriter(), slots: null });
    const tenantId = testbed.tenant.id;
    // made with the default 72-hour ttl (the later PATCH changes new suggestions only)
    const early = await planner.expire(testbed.database.db, tenantId, new Date(Date.now() + 47 * 3_600_000));
    expect(early.suggestions).toBe(0);
    const late = await planner.expire(testbed.database.db, tenantId, new Date(Date.now() + 73 * 3_600_000));
    expect(late.suggestions).toBe(waiting.length);
    expect((await api('GET', '/v1/reactivation/inbox?limit=500')).json().items).toEqual([]);
    const one = (await api('GET', `/v1/reactivation/attempts/${waiting[0]!.id}`)).json();
    expect(one).toMatchObject({ status: 'CANCELLED', cancelReason: 'expired' });
    expect(one.history.at(-1)).toMatchObject({ from: 'SUGGESTED', to: 'CANCELLED', actor: 'system' });
  });
});
