import { describe, expect, it } from 'vitest';
import { type Api, pageThrough, setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';
import { loadDemoThroughApi } from '../support/demo.ts';

/** The detection routes over the demo salon's history, loaded through the batch API. */
const NOW = new Date('2025-06-15T15:00:00Z');
const AS_OF = '2025-06-15T15:00:00Z';

const loadDemo = (api: Api) => loadDemoThroughApi(api, { customers: 150, seed: 11, now: NOW });

describe.each(backends)('detection API on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);

  it('refuses to fit a model without repeat customers, with a clear 409', async () => {
    const response = await api('POST', '/v1/model/fit', {});
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error.message).toContain('cannot fit');
  });

  it('lists candidates as of a date, with the summary and reasons', { timeout: 120_000 }, async () => {
    await loadDemo(api);
    const response = await api('GET', `/v1/candidates?asOf=${AS_OF}&limit=500`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.persisted).toBe(false);
    expect(body.summary.customers).toBe(150);
    expect(body.items.length).toBe(body.summary.candidates);
    expect(body.items.length).toBeGreaterThan(5);
    for (const item of body.items) {
      expect(item.candidate).toBe(true);
      expect(item.everActive).toBe(true);
      expect(['AT_RISK', 'STALLED']).toContain(item.state);
      expect(item.riskScore).toBeGreaterThanOrEqual(0);
      expect(item.riskScore).toBeLessThanOrEqual(1);
      expect(item.reasons[0]).toMatch(/^(AT_RISK|STALLED): last visit/);
    }
    expect(body.model).not.toBeNull();
    expect(body.items.some((item: { pAlive: number | null }) => item.pAlive !== null)).toBe(true);
  });

  it('filters and pages', async () => {
    const all = await pageThrough(api, `/v1/candidates?asOf=${AS_OF}&all=true&limit=40`);
    expect(all.items).toHaveLength(150);
    expect(all.pages).toBe(4);
    const stalled = (
      await api('GET', `/v1/candidates?asOf=${AS_OF}&state=STALLED&all=true&limit=500`)
    ).json();
    expect(stalled.items.every((i: { state: string }) => i.state === 'STALLED')).toBe(true);
    const several = (
      await api('GET', `/v1/candidates?asOf=${AS_OF}&state=NEW,CHURNED&all=true&limit=500`)
    ).json();
    expect(new Set(several.items.map((i: { state: string }) => i.state))).toEqual(
      new Set(['NEW', 'CHURNED']),
    );
    const vip = (await api('GET', `/v1/candidates?asOf=${AS_OF}&vip=true&all=true&limit=500`)).json();
    expect(vip.items.every((i: { vip: boolean }) => i.vip)).toBe(true);
    const risky = (await api('GET', `/v1/candidates?asOf=${AS_OF}&minRisk=0.5&all=true&limit=500`)).json();
    expect(risky.items.every((i: { riskScore: number }) => i.riskScore >= 0.5)).toBe(true);
    for (const bad of [
      'state=GONE',
      'minRisk=2',
      'vip=yes',
      'asOf=yesterday',
      'offeringId=x',
      'cursor=zzz',
    ]) {
      const response = await api('GET', `/v1/candidates?${bad}`);
      expect(response.statusCode, bad).toBe(400);
    }
  });

  it('explains one customer', async () => {
    const list = (await api('GET', `/v1/candidates?asOf=${AS_OF}&limit=1`)).json();
    const id = list.items[0].id;
    const response = await api('GET', `/v1/customers/${id}/insights?asOf=${AS_OF}`);
    expect(response.statusCode, response.body).toBe(200);
    const insights = response.json();
    expect(insights.state.current).toBe(list.items[0].state);
    expect(insights.candidate.candidate).toBe(true);
    expect(insights.intervals[0].primary).toBe(true);
    expect(insights.history.replayed.at(-1).to).toBe(insights.state.current);
    expect(insights.preferences.visitCount).toBe(list.items[0].visitCount);
    expect(insights.model.pAlive).toBeCloseTo(list.items[0].pAlive, 3);
    const missing = await api('GET', '/v1/customers/00000000-0000-4000-8000-000000000000/insights');
    expect(missing.statusCode).toBe(404);
  });

  it('fits the model and recomputes medians on demand', async () => {
    const fit = await api('POST', '/v1/model/fit', { asOf: AS_OF });
    expect(fit.statusCode, fit.body).toBe(200);
    expect(fit.json()).toMatchObject({ customers: 150, timeUnit: 'week', bgnbd: { converged: true } });
    const noBody = await testbed.app.inject({
      method: 'POST',
      url: '/v1/intervals/recompute',
      headers: testbed.tenant.headers,
    });
    expect(noBody.statusCode, noBody.body).toBe(200);
    const medians = noBody.json();
    expect(medians.medians.some((m: { trusted: boolean }) => m.trusted)).toBe(true);
    expect(medians.medians.find((m: { offeringId: string | null }) => m.offeringId === null)).toBeDefined();
  });

  it('scans the present and stores the states it finds', async () => {
    const response = await api('GET', '/v1/candidates?limit=5');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().persisted).toBe(true);
    const again = (await api('GET', '/v1/candidates?limit=5')).json();
    expect(again.summary.stateChanges).toBe(0);
  });
});
