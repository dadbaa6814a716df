import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneProblem, resolveDefaultCountry } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['+55 11 98765-4321', undefined, '+5511987654321'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['011 98765-4321', 'BR', '+5511987654321'],
    ['+7 (912) 345-67-89', undefined, '+79123456789'],
    ['8 912 345 67 89', 'RU', '+79123456789'],
    ['+1 415 555 2671', 'BR', '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['  +44 20 7946 0958  ', undefined, '+442079460958'],
    ['11987654321', 'BR', '+5511987654321'],
    ['8 (916) 123-45-67', 'RU', '+79161234567'],
    ['+7 916 123 45 67', 'BR', '+79161234567'],
  ] as const)('%s with %s → %s', (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toBe(expected);
  });

  it.each([
    ['98765-4321', undefined, 'national number without a default country'],
    ['12345', 'BR', 'too short'],
    ['+55 00 00000-0000', undefined, 'impossible area code'],
    ['call me', 'BR', 'not a number'],
    ['not a phone', 'BR', 'not a number'],
    ['', 'BR', 'empty'],
  ] as const)('rejects %j (%s, %s)', (raw, country, _why) => {
    expect(normalizePhone(raw, country)).toBeUndefined();
  });
});

describe('phoneProblem', () => {
  it('names the value', () => {
    expect(phoneProblem(' 12345 ', 'BR')).toBe('"12345" is not a valid phone number');
  });

  it('says how to write a national number when there is no default country', () => {
    expect(phoneProblem('(11) 98765-4321', undefined)).toBe(
      '"(11) 98765-4321" is not a valid phone number (no default country is set: write it as +<country code> …)',
    );
    expect(phoneProblem('+55 12345', undefined)).toBe('"+55 12345" is not a valid phone number');
  });
});

describe('resolveDefaultCountry', () => {
  it.each([
    ['BR', 'en', 'BR'],
    ['ru', 'pt-BR', 'RU'],
    [undefined, 'pt-BR', 'BR'],
    [undefined, 'ru-RU', 'RU'],
    [undefined, 'en', undefined],
    [undefined, 'ru', 'RU'],
    ['MX', 'en', 'MX'],
    ['XX', 'en', undefined],
    [42, 'es-MX', 'MX'],
    [undefined, 'not a locale!', undefined],
  ])('setting %j, locale %j → %j', (setting, locale, expected) => {
    expect(resolveDefaultCountry(setting, locale)).toBe(expected);
  });
});
