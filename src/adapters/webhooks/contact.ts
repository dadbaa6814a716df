import { type CountryCode, isSupportedCountry } from 'libphonenumber-js';
import { normalizePhone } from '../../domain/contacts/phone.ts';

/** Trimmed text cut to `max` characters, or undefined when there is none. */
export function text(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

export function country(value: unknown): CountryCode | undefined {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return code && isSupportedCountry(code) ? code : undefined;
}

const PHONE_CHARACTERS = /^[\d\s()+.-]+$/;

/**
 * The first of `candidates` that is a valid phone number (national ones read in `defaultCountry`),
 * in E.164; undefined when none is. Providers hand over whatever the buyer typed — and anonymised
 * captures hold hex-mangled digits — and an invalid phone would make the customer's whole record
 * fail at ingestion, so a doubtful number is left out rather than passed on.
 */
export function plausiblePhone(
  candidates: readonly (string | undefined)[],
  defaultCountry: CountryCode | undefined,
): string | undefined {
  for (const candidate of candidates) {
    if (!candidate || !PHONE_CHARACTERS.test(candidate)) continue;
    const e164 = normalizePhone(candidate, defaultCountry);
    if (e164) return e164;
  }
  return undefined;
}

/** Locales Rekindle writes in, by the buyer's country, where the country leaves no doubt. */
const LOCALE_OF_COUNTRY: Partial<Record<CountryCode, string>> = {
  BR: 'pt-BR',
  PT: 'pt-PT',
  RU: 'ru',
  US: 'en-US',
  GB: 'en-GB',
  AU: 'en-AU',
  IE: 'en-IE',
  NZ: 'en-NZ',
  ES: 'es-ES',
  MX: 'es-MX',
  AR: 'es-AR',
  CO: 'es-CO',
  CL: 'es-CL',
  PE: 'es-PE',
  UY: 'es-UY',
  PY: 'es-PY',
  BO: 'es-BO',
  EC: 'es-EC',
  VE: 'es-VE',
};

export function localeOfCountry(code: CountryCode | undefined): string | undefined {
  return code ? LOCALE_OF_COUNTRY[code] : undefined;
}
