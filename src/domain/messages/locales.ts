/**
 * The languages Rekindle writes in. Templates exist for exactly these; a customer's locale is
 * mapped to the closest one by its language subtag (`pt`, `pt-PT` → `pt-BR`; `es-MX` → `es`).
 */
export const MESSAGE_LOCALES = ['pt-BR', 'ru', 'en', 'es'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

const BY_LANGUAGE: Readonly<Record<string, MessageLocale>> = {
  pt: 'pt-BR',
  ru: 'ru',
  en: 'en',
  es: 'es',
};

/** English names, for the model's instructions (models follow English instructions most reliably). */
export const LANGUAGE_NAMES: Readonly<Record<MessageLocale, string>> = {
  'pt-BR': 'Brazilian Portuguese',
  ru: 'Russian',
  en: 'English',
  es: 'Spanish',
};

/** The language subtag of a BCP 47 tag (`pt-BR` → `pt`, `es_MX` → `es`), lower-cased. */
function languageOf(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/** The template locale for a BCP 47 tag, or null when Rekindle has no templates in that language. */
export function messageLocaleOf(tag: string | null | undefined): MessageLocale | null {
  if (!tag) return null;
  return BY_LANGUAGE[languageOf(tag)] ?? null;
}

export interface ResolvedLocale {
  /** Which templates and which language the text is in. */
  readonly locale: MessageLocale;
  /**
   * The tag dates, times and numbers are formatted with: the customer's own tag when it is valid
   * and of the same language (an `es-MX` customer reads "10:30 a.m.", an `es` one "10:30"),
   * otherwise the template locale.
   */
  readonly formatLocale: string;
}

function canonical(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.replace('_', '-'))[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The customer's language when Rekindle writes it, else the tenant's, else English (the one
 * language a business anywhere is likeliest to read).
 */
export function resolveLocale(customerLocale: string | null, tenantLocale: string): ResolvedLocale {
  for (const tag of [customerLocale, tenantLocale]) {
    const locale = messageLocaleOf(tag);
    if (locale && tag) return { locale, formatLocale: canonical(tag) ?? locale };
  }
  return { locale: 'en', formatLocale: 'en' };
}
