import { judgeLanguage } from './language.ts';
import { textLength } from './limits.ts';
import type { MessageLocale } from './locales.ts';

/**
 * The last gate before a text may reach a customer, for the model's texts and the templates'
 * alike. Each rule is here because of something a customer would see:
 *
 * - `empty`: nothing to read (a model that answered with only an emoji or whitespace).
 * - `too_long`: over the channel's limit (limits.ts) — seed 003 measured that a first WhatsApp
 *   touch over 250 characters is read as spam.
 * - `placeholder`: "Oi [nome]", "{{firstName}}", "XX% off", "%s": the classic template or model
 *   slip, and the one that most visibly tells a customer they are a mail merge (seed 003 test:
 *   "no placeholders in output").
 * - `offer_too_high`: a percentage above what may be offered, "free"/"grátis"/"бесплатно"/
 *   "gratis", a gift, half price, 2-for-1, or a percentage in words that cannot be verified — the
 *   business would have to honour it (seed 000: discount limits are hard limits).
 * - `contains_price`: an amount of money. The model is never told prices, so any it writes is
 *   invented, and a wrong price is a promise too.
 * - `contains_contact`: a phone number or e-mail address. The model never sees one (buildPrompt),
 *   so any it writes is invented and sends the customer to a stranger.
 * - `contains_url`: links are not part of a reactivation touch, look like phishing in a first
 *   message, and WhatsApp previews them; allowed only when the caller says so.
 * - `wrong_language`: the customer reads pt-BR and the model answered in Spanish or English.
 *
 * Not checked: how many questions or emoji — style, asked for in the prompt, and a text with two
 * questions is still correct; a rule that rejected it would only throw good texts away.
 */
export const MESSAGE_ISSUE_CODES = [
  'empty',
  'too_long',
  'placeholder',
  'offer_too_high',
  'contains_price',
  'contains_contact',
  'contains_url',
  'wrong_language',
] as const;
export type MessageIssueCode = (typeof MESSAGE_ISSUE_CODES)[number];

export interface MessageIssue {
  readonly code: MessageIssueCode;
  readonly message: string;
}

export interface MessageRules {
  /** Characters (code points), from MESSAGE_LIMITS. */
  readonly maxLength: number;
  /** The highest percentage the text may mention; 0 when nothing may be offered. */
  readonly maxDiscountPct: number;
  /** Something free of charge is on offer (no strategy offers one today). Default false. */
  readonly allowFree?: boolean;
  /** Default false. */
  readonly allowUrls?: boolean;
  /** Check the language; omitted, the language is not checked. */
  readonly language?: MessageLocale;
  /**
   * Names the text may legitimately contain (customer, business, staff, offerings): ignored when
   * judging the language, links and contacts, so "Bella.com Studio" is not a link and a Spanish
   * service name does not make a Portuguese text Spanish. Never ignored for placeholders, offers
   * or length: a name that renders as "[VIP]" or "50%" is still seen by the customer.
   */
  readonly names?: readonly string[];
}

const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}])`;
const words = (alternatives: string, flags = 'iu') =>
  new RegExp(`${NOT_WORD_BEFORE}(?:${alternatives})${NOT_WORD_AFTER}`, flags);

const PLACEHOLDERS: readonly (readonly [RegExp, string])[] = [
  [/[{}]/u, 'a {…} tag'],
  [/\[[^\]\n]{0,60}\]/u, 'a […] blank'],
  [/<[^<>\n]{1,60}>/u, 'an <…> blank'],
  [/%(?:\d+\$)?[sdif](?![\p{L}\p{N}])|%\([\p{L}_]+\)[sd]|%[\p{Lu}_]{2,}%/u, 'a printf-style blank'],
  [/(?<![\p{L}\p{N}])(?:X{1,3}|x{2,3}|N{1,3}|Y{1,3}|\?{1,3}|#{1,3}|_+)\s?%/u, 'a blank percentage'],
  [/_{3,}/u, 'a ___ blank'],
  [/(?<![\p{L}\p{N}])\$\{?[A-Za-z_][\w]*/u, 'a $variable'],
  [/(?<![\p{L}\p{N}])\p{Lu}{2,}(?:_\p{Lu}+)+(?![\p{L}\p{N}])/u, 'a CONSTANT_NAME'],
  [/(?<![\p{L}\p{N}])(?:dd\/mm(?:\/(?:yy){1,2})?|hh:mm|yyyy)(?![\p{L}\p{N}])/iu, 'a date or time mask'],
  [
    words('fulan[oa]|ciclan[oa]|beltran[oa]|mengan[oa]|john doe|jane doe|lorem ipsum|иван иванов'),
    'a stand-in name',
  ],
  [
    /\((?:nome|name|first name|nombre|имя|cliente|client|customer|клиент|data|date|fecha|дата|hora|time|время|servi[çc]o|service|servicio|услуга|business|empresa|negocio|компания)\)/iu,
    'a (…) blank',
  ],
];

/** "15%", "15 %", "15,5 %", "15 por cento", "15 percent", "15 процентов". */
const PERCENT_WORD = String.raw`por\s*cento|por\s*ciento|per\s*cent|percent|pct|процент\p{L}*|проц\.`;
const PERCENT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(\d{1,4}(?:[.,]\d+)?)\s*(?:%|％|(?:${PERCENT_WORD})${NOT_WORD_AFTER})`,
  'giu',
);
/** A percentage word after something other than digits: "vinte por cento", "twenty percent". */
const PERCENT_IN_WORDS = new RegExp(String.raw`(?<=\p{L}[\s-]+)(?:${PERCENT_WORD})${NOT_WORD_AFTER}`, 'iu');
/** As good as 50% off. */
const HALF = words(
  String.raw`half[\s-]price|half\s+off|buy\s+one,?\s+get\s+one|bogo|metade\s+do\s+pre[çc]o|pela\s+metade|meio\s+pre[çc]o|dois\s+pelo\s+pre[çc]o\s+de\s+um|mitad\s+de\s+precio|dos\s+por\s+uno|полцены|пол\s+цены|два\s+по\s+цене\s+одного|2\s*(?:x|×|por|за)\s*1`,
);
/** Free of charge, or a gift: promises the business would have to keep. */
const FREE = words(
  [
    String.raw`free|for\s+free|free\s+of\s+charge|complimentary|on\s+the\s+house|gifts?`,
    String.raw`gr[aá]tis|gratuit[oa]s?|de\s+gra[çc]a|cortesia|brindes?|sem\s+custo|sem\s+cobran[çc]a|de\s+presente`,
    String.raw`gratuitamente|sin\s+cost[oe]|sin\s+cargo|de\s+regalo|regalamos|cortes[ií]a|obsequio`,
    String.raw`бесплатн\p{L}*|даром|подар\p{L}*|дарим|без\s+оплаты|за\s+наш\s+сч[её]т|комплимент\p{L}*`,
  ].join('|'),
);
/** "Free" about time, not price: "feel free", "free slot", "are you free on Friday". */
const FREE_AS_AVAILABLE = words(
  String.raw`feel\s+free|free\s+(?:slots?|spots?|times?|openings?|space|places?|on|at|this|next|tomorrow|today|days?|mornings?|afternoons?|evenings?|moments?|hours?|window)|(?:are\s+you|you're|you\s+are|if\s+you're|i'm|i\s+am|we're|we\s+are)\s+free`,
  'giu',
);

const CURRENCY = String.raw`R\$|US\$|\$|€|£|₽|₴`;
const CURRENCY_WORD = String.raw`reais|real|euros?|d[oó]lar(?:es)?|dollars?|pesos?|руб\p{L}*|eur|usd|brl|rub|mxn|ars|clp|cop`;
const PRICE = new RegExp(
  String.raw`(?:${CURRENCY})\s?\d|\d(?:[\d\s.,]*\d)?\s?(?:${CURRENCY}|(?:${CURRENCY_WORD})${NOT_WORD_AFTER}|р\.)`,
  'iu',
);

const URL_START = /https?:\/\/\S*|www\.\S*/iu;
/**
 * "studio.com.br", "wa.me/…", "bit.ly/…". Case-sensitive on purpose: "Hola.Es un placer" (a
 * missing space after a full stop) is not a link.
 */
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}@.])[\p{L}\p{N}-]+\.(?:com|net|org|br|ru|es|mx|ar|io|me|ly|app|site|link|info|biz|co|shop|store|online|club|beauty|salon)(?:\.[a-z]{2})?${NOT_WORD_AFTER}\S*`,
  'u',
);
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+\.[\p{L}\p{N}.-]+/u;
/** Eight or more digits held together by phone punctuation: "+55 (11) 99999-0000". */
const PHONE = /\+?\d[\d\s().-]{6,}\d/gu;
/** …but not a date: "18.06.2025", "18/06/2025". */
const DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/u;

function parsePercent(text: string): number {
  return Number(text.replace(',', '.'));
}

function withoutNames(text: string, names: readonly string[]): string {
  let stripped = text;
  for (const name of [...names].map((n) => n.trim()).filter((n) => n.length > 0)) {
    stripped = stripped.split(name).join(' ');
  }
  return stripped;
}

function offerIssue(text: string, rules: MessageRules): MessageIssue | null {
  const ceiling = Math.max(0, rules.maxDiscountPct);
  const found = [...text.matchAll(PERCENT)].map((match) => ({
    raw: match[0],
    value: parsePercent(match[1] ?? ''),
  }));
  const over = found.filter((p) => p.value > ceiling);
  if (over.length > 0) {
    const list = over.map((p) => `"${p.raw.trim()}"`).join(', ');
    return { code: 'offer_too_high', message: `mentions ${list}; at most ${ceiling}% may be offered` };
  }
  const inWords = PERCENT_IN_WORDS.exec(text);
  if (inWords) {
    return {
      code: 'offer_too_high',
      message: `a percentage written in words ("${inWords[0]}") cannot be checked`,
    };
  }
  const half = HALF.exec(text);
  if (half && ceiling < 50) {
    return {
      code: 'offer_too_high',
      message: `"${half[0]}" is a 50% offer; at most ${ceiling}% may be offered`,
    };
  }
  if (!rules.allowFree) {
    const free = FREE.exec(text.replace(FREE_AS_AVAILABLE, ' '));
    if (free) return { code: 'offer_too_high', message: `promises something free ("${free[0]}")` };
  }
  return null;
}

export function checkMessage(text: string, rules: MessageRules): MessageIssue[] {
  if (!/\p{L}/u.test(text)) return [{ code: 'empty', message: 'the text has no words' }];
  const issues: MessageIssue[] = [];
  const length = textLength(text);
  if (length > rules.maxLength) {
    issues.push({ code: 'too_long', message: `${length} characters, over the limit of ${rules.maxLength}` });
  }
  for (const [pattern, what] of PLACEHOLDERS) {
    const match = pattern.exec(text);
    if (match) {
      issues.push({ code: 'placeholder', message: `unfilled placeholder: ${what} ("${match[0]}")` });
      break;
    }
  }
  const offer = offerIssue(text, rules);
  if (offer) issues.push(offer);
  const price = PRICE.exec(text);
  if (price)
    issues.push({ code: 'contains_price', message: `mentions an amount of money ("${price[0].trim()}")` });

  const names = rules.names ?? [];
  const unnamed = withoutNames(text, names);
  const email = EMAIL.exec(unnamed);
  const phone = [...unnamed.matchAll(PHONE)].find(
    (m) => (m[0].match(/\d/g)?.length ?? 0) >= 8 && !DATE.test(m[0].trim()),
  );
  if (email || phone) {
    issues.push({
      code: 'contains_contact',
      message: `contains contact details ("${(email ?? phone)?.[0]}")`,
    });
  }
  if (!rules.allowUrls) {
    const url = URL_START.exec(unnamed) ?? BARE_DOMAIN.exec(unnamed);
    if (url) issues.push({ code: 'contains_url', message: `contains a link ("${url[0]}")` });
  }
  if (rules.language) {
    const verdict = judgeLanguage(text, rules.language, names);
    if (verdict.kind === 'mismatch') {
      issues.push({
        code: 'wrong_language',
        message: `written in "${verdict.detected}", expected ${rules.language}`,
      });
    }
  }
  return issues;
}
