import type { MessageContext } from './context.ts';
import { type MessageLocale, resolveLocale } from './locales.ts';

/**
 * The values a message is made of, formatted for the customer's language: what a template's
 * `{{…}}` tags and the model's prompt both use. A value that is unknown is absent, never empty,
 * so a template that needs it is simply not eligible.
 */
export interface MessageFacts {
  readonly locale: MessageLocale;
  readonly formatLocale: string;
  readonly firstName?: string;
  readonly business?: string;
  readonly staff?: string;
  readonly lastService?: string;
  /** A new offering to try (PRODUCT_MIX): the first suggestion that is not the last service. */
  readonly suggestion?: string;
  /** Time away in words: "5 semanas", "2 месяца", "3 months". */
  readonly away?: string;
  /** The first slot: "quarta-feira (18/06) às 10:30". */
  readonly slot?: string;
  /** Up to three slots as "A, B ou C". */
  readonly slots?: string;
  /** `slots`, only when every slot is with `staff` or with nobody in particular, so "I have …" in
   * the staff member's voice is true. */
  readonly staffSlots?: string;
  /** The offer as the locale writes a percentage: "15%", "15 %". */
  readonly offer?: string;
  /** The offer in percent, after clamping to the ceiling; 0 = none. */
  readonly offerPct: number;
}

/** How many slots a message offers: seed 004 proposes "two or three options". */
export const MAX_SLOTS_IN_MESSAGE = 3;

/** Titles that come before a first name in a customer record. */
const HONORIFICS = new Set(['dr', 'dra', 'sr', 'sra', 'srta', 'mr', 'mrs', 'ms', 'mx', 'prof', 'profa']);

/**
 * The name to greet with: the first word of the customer's name that is a name. Emoji and
 * punctuation around it go ("🌸Ana🌸" → "Ana"); a title is skipped ("Dra. Ana" → "Ana"); all-caps
 * or all-lower-case names are capitalised ("ANA" → "Ana"). A "name" with digits or "@" is a phone
 * number or e-mail copied into the name field, and greeting someone by it is worse than no name.
 */
export function firstNameOf(name: string | null, locale = 'en'): string | null {
  if (!name) return null;
  for (const word of name.normalize('NFC').trim().split(/\s+/u)) {
    const cleaned = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (cleaned === '') continue;
    if (/[\p{N}@]/u.test(cleaned)) return null;
    if (HONORIFICS.has(cleaned.toLowerCase())) continue;
    return capitalise(cleaned, locale);
  }
  return null;
}

function capitalise(word: string, locale: string): string {
  const lower = word.toLocaleLowerCase(locale);
  const upper = word.toLocaleUpperCase(locale);
  if (word !== lower && word !== upper) return word; // mixed case is deliberate: "McKenzie"
  const [first = '', ...rest] = lower;
  return first.toLocaleUpperCase(locale) + rest.join('');
}

/**
 * Time away in the unit a person would use: days up to two weeks, weeks up to two months, months
 * up to a year, then years. Intl writes the plural forms ("2 месяца", "5 месяцев").
 */
export function awayPhrase(days: number, formatLocale: string): string | undefined {
  if (!Number.isFinite(days) || days < 1) return undefined;
  const [value, unit] =
    days < 14
      ? [Math.round(days), 'day']
      : days < 60
        ? [Math.round(days / 7), 'week']
        : days < 365
          ? [Math.round(days / 30.44), 'month']
          : [Math.round(days / 365.25), 'year'];
  return new Intl.NumberFormat(formatLocale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** The word before a time ("às 10:30", "a las 10:30"), and its singular for one o'clock. */
const AT: Readonly<Record<MessageLocale, { readonly many: string; readonly one: string }>> = {
  'pt-BR': { many: 'às', one: 'à' },
  es: { many: 'a las', one: 'a la' },
  en: { many: 'at', one: 'at' },
  ru: { many: 'в', one: 'в' },
};

/**
 * A slot as "quarta-feira (18/06) às 10:30", "среда (18.06) в 10:30", "Wednesday (6/18) at
 * 10:30 AM", in the business's zone. The date goes in brackets rather than after a comma so a
 * list of slots ("A, B ou C") stays readable.
 */
export function formatSlot(
  start: Date,
  timeZone: string,
  locale: MessageLocale,
  formatLocale: string,
): string {
  const weekday = new Intl.DateTimeFormat(formatLocale, { timeZone, weekday: 'long' }).format(start);
  const date = new Intl.DateTimeFormat(formatLocale, { timeZone, day: 'numeric', month: 'numeric' }).format(
    start,
  );
  const timeFormat = new Intl.DateTimeFormat(formatLocale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const hour = timeFormat.formatToParts(start).find((part) => part.type === 'hour')?.value;
  const at = hour === '1' || hour === '01' ? AT[locale].one : AT[locale].many;
  return `${weekday} (${date}) ${at} ${timeFormat.format(start)}`;
}

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The offer that may be made: the requested one, never above the ceiling, never negative. */
export function effectiveOfferPct(context: Pick<MessageContext, 'offerPct' | 'maxDiscountPct'>): number {
  const ceiling = Math.max(0, Number.isFinite(context.maxDiscountPct) ? context.maxDiscountPct : 0);
  const offer = Number.isFinite(context.offerPct) ? context.offerPct : 0;
  return Math.max(0, Math.min(offer, ceiling));
}

export function messageFacts(context: MessageContext): MessageFacts {
  const { locale, formatLocale } = resolveLocale(context.customer.locale, context.tenant.locale);
  const staff = present(context.staff?.name);
  const lastService = present(context.lastOffering?.name);
  const suggestion = context.suggestedOfferings
    .map((offering) => present(offering.name))
    .find((name) => name !== undefined && name.toLocaleLowerCase() !== lastService?.toLocaleLowerCase());
  const shown = [...context.slots]
    .filter((slot) => Number.isFinite(slot.start.getTime()))
    .slice(0, MAX_SLOTS_IN_MESSAGE);
  const slotTexts = shown.map((slot) =>
    formatSlot(slot.start, context.tenant.timeZone, locale, formatLocale),
  );
  const slots =
    slotTexts.length > 0
      ? new Intl.ListFormat(formatLocale, { type: 'disjunction' }).format(slotTexts)
      : undefined;
  const allWithStaff =
    staff !== undefined &&
    shown.every((slot) => slot.staffName === null || present(slot.staffName) === staff);
  const offerPct = effectiveOfferPct(context);
  const facts: MessageFacts = {
    locale,
    formatLocale,
    offerPct,
    firstName: firstNameOf(context.customer.name, formatLocale) ?? undefined,
    business: present(context.tenant.name),
    staff,
    lastService,
    suggestion,
    away: awayPhrase(context.daysInactive, formatLocale),
    slot: slotTexts[0],
    slots,
    staffSlots: allWithStaff ? slots : undefined,
    offer:
      offerPct > 0
        ? new Intl.NumberFormat(formatLocale, { style: 'percent', maximumFractionDigits: 1 }).format(
            offerPct / 100,
          )
        : undefined,
  };
  // Drop absent keys, so "every tag has a value" is a plain `in` test.
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as MessageFacts;
}
