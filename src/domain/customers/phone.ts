import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Normalises a phone number to E.164. National numbers ("(11) 98765-4321") need the tenant's
 * default country; without one, only international numbers ("+55 11 …") are accepted.
 */
export function normalizePhone(raw: string, defaultCountry?: string): PhoneResult {
  const trimmed = raw.trim();
  const country =
    defaultCountry && /^[A-Z]{2}$/.test(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(trimmed, country ? { defaultCountry: country } : {});
  if (!parsed?.isValid()) {
    const hint =
      !country && !trimmed.startsWith('+')
        ? ' (no default country is set: write it as +<country code> …)'
        : '';
    return { ok: false, message: `"${trimmed}" is not a valid phone number${hint}` };
  }
  return { ok: true, e164: parsed.number };
}

/** The tenant's default country: its explicit setting, else the region of its locale (pt-BR → BR). */
export function defaultCountryOf(tenant: {
  locale: string;
  settings: Record<string, unknown>;
}): string | undefined {
  const explicit = tenant.settings.defaultCountry;
  if (typeof explicit === 'string' && /^[A-Z]{2}$/.test(explicit)) return explicit;
  const region = tenant.locale.split('-')[1];
  if (region && /^[A-Z]{2}$/.test(region)) return region;
  if (tenant.locale === 'ru') return 'RU';
  return undefined;
}
