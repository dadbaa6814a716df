import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers are stored in E.164. National numbers ("(11) 98765-4321") need a country: the
 * tenant's `settings.defaultCountry`, else the region of its locale (pt-BR → BR); without one,
 * only numbers written with a leading + are accepted.
 *
 * Validation uses libphonenumber's default ("min") metadata, which checks the country code and
 * the number's length but not its digit patterns. The stricter "max" metadata rejects numbers
 * whose ranges it does not know yet, and a rejected phone drops the whole customer row from an
 * import; a wrong-but-possible number only fails later, at send time, for that one message.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode | undefined): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  if (!defaultCountry && !text.startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Why `raw` was not accepted, naming the value; says how to write it when there is no default
 * country and it lacks the leading +.
 */
export function phoneProblem(raw: string, defaultCountry: CountryCode | undefined): string {
  const text = raw.trim();
  const hint =
    !defaultCountry && !text.startsWith('+')
      ? ' (no default country is set: write it as +<country code> …)'
      : '';
  return `"${text}" is not a valid phone number${hint}`;
}

/**
 * The country for national numbers, from the tenant's settings or locale (a bare "ru" counts as
 * Russia); undefined if neither says.
 */
export function resolveDefaultCountry(
  setting: unknown,
  locale: string | null | undefined,
): CountryCode | undefined {
  if (typeof setting === 'string' && setting.trim()) {
    const code = setting.trim().toUpperCase();
    if (isSupportedCountry(code)) return code;
  }
  if (!locale) return undefined;
  if (locale === 'ru') return 'RU';
  try {
    const region = new Intl.Locale(locale).region;
    return region && isSupportedCountry(region) ? region : undefined;
  } catch {
    return undefined;
  }
}
