import { describe, expect, it } from 'vitest';
import { defaultCountryOf, normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['+55 11 98765-4321', undefined, '+5511987654321'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['11987654321', 'BR', '+5511987654321'],
    ['8 (916) 123-45-67', 'RU', '+79161234567'],
    ['+7 916 123 45 67', 'BR', '+79161234567'],
    ['(415) 555-2671', 'US', '+14155552671'],
  ])('%s with default %s → %s', (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, e164: expected });
  });

  it.each([
    ['12345', 'BR'],
    ['not a phone', 'BR'],
    ['(11) 98765-4321', undefined],
  ])('rejects %s (default %s) with a message naming the value', (raw, country) => {
    const result = normalizePhone(raw, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(raw);
  });
});

describe('defaultCountryOf', () => {
  it.each([
    [{ locale: 'pt-BR', settings: {} }, 'BR'],
    [{ locale: 'en', settings: { defaultCountry: 'MX' } }, 'MX'],
    [{ locale: 'ru', settings: {} }, 'RU'],
    [{ locale: 'en', settings: {} }, undefined],
  ])('%o → %s', (tenant, expected) => {
    expect(defaultCountryOf(tenant)).toBe(expected);
  });
});
