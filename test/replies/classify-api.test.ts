import { describe, expect, it } from 'vitest';
import { setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';

/**
 * POST /v1/replies/classify: the rules (no model configured in the test app), dates resolved in the
 * tenant's zone (America/Sao_Paulo), and 400s that name the field.
 */
describe.each(backends)('POST /v1/replies/classify on %s', (backend) => {
  const { testbed, api } = setUpApiTests(backend);
  const classify = (payload: object) => api('POST', '/v1/replies/classify', payload);

  it.each([
    ['STOP', undefined, 'opt_out'],
    ['Отписаться', 'ru', 'opt_out'],
    ['no me escribas más', 'es', 'opt_out'],
    ['quero sim', 'pt-BR', 'positive'],
    ['obrigada, mas não quero mais', 'pt-BR', 'negative'],
    ['can I see a different stylist?', 'en', 'other_staff'],
    ['prefiro fazer as unhas', undefined, 'other_offering'],
    ['quanto custa?', 'pt-BR', 'neutral'],
  ])('%s (%s) → %s', async (text, locale, label) => {
    const response = await classify({ text, ...(locale ? { locale } : {}) });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ label, by: 'rules' });
    expect(body.confidence).toBeGreaterThanOrEqual(0.6);
    expect(body.confidence).toBeLessThanOrEqual(1);
  });

  it('resolves a named date to a day in the tenant zone', async () => {
    const response = await classify({ text: 'estou viajando até dia 15 de março', locale: 'pt-BR' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ label: 'away_until', by: 'rules', language: 'pt' });
    expect(body.date).toMatch(/^\d{4}-03-15$/);
    // "amanhã" is tomorrow on São Paulo's calendar, whatever the server's zone.
    const tomorrow = await classify({ text: 'amanhã pode ser?' });
    const saoPaulo = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
      new Date(Date.now() + 86_400_000),
    );
    expect(tomorrow.json()).toMatchObject({ label: 'reschedule', date: saoPaulo });
  });

  it('follows the tenant zone when it changes', async () => {
    const patched = await api('PATCH', '/v1/tenant', { timezone: 'Pacific/Kiritimati' });
    expect(patched.statusCode, patched.body).toBe(200);
    try {
      const response = await classify({ text: 'amanhã pode ser?' });
      const kiritimati = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(
        new Date(Date.now() + 86_400_000),
      );
      expect(response.json().date).toBe(kiritimati);
    } finally {
      await api('PATCH', '/v1/tenant', { timezone: 'America/Sao_Paulo' });
    }
  });

  it.each([
    [{}, 'body.text'],
    [{ text: '' }, 'body.text'],
    [{ text: '   ' }, 'body.text'],
    [{ text: 'x'.repeat(4001) }, 'body.text'],
    [{ text: 42 }, 'body.text'],
    [{ text: 'ok', locale: 'not a locale!' }, 'body.locale'],
  ])('400 naming the field for %j', async (payload, field) => {
    const response = await classify(payload);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_error');
    expect(body.error.message).toContain(field);
    expect(body.error.details.issues[0].field).toBe(field);
  });

  it('accepts 4000 characters', async () => {
    const response = await classify({ text: `${'bla '.repeat(999)}STOP` });
    expect(response.statusCode).toBe(200);
    expect(response.json().label).toBe('opt_out');
  });

  it('needs an API key', async () => {
    const response = await testbed.app.inject({
      method: 'POST',
      url: '/v1/replies/classify',
      payload: { text: 'STOP' },
    });
    expect(response.statusCode).toBe(401);
  });
});
