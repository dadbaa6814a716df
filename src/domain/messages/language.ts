import { detectAll } from 'tinyld/light';
import type { MessageLocale } from './locales.ts';

/**
 * Is a text in the expected language? tinyld ranks candidate languages from character n-grams.
 * Measured on our own 148 templates, rendered with real names and those names removed (as
 * judgeLanguage does): franc-min ranked another language first for 22 of them (15 Russian ones as
 * Bulgarian or Serbian, 5 Spanish as Portuguese, 2 English as French) — its trigram profiles need
 * longer texts than a 250-character chat message; tinyld ranks all 148 right. Its "light" profile
 * set (24 languages, ~70 kB, 0.2 s to load against 1 s for the 62-language one) covers our four
 * and the languages a model would slip into (English, French, Italian, German…); the one gap that
 * matters, Ukrainian for a Russian reader, is closed by Ukrainian's own letters below. A stop-word
 * list of our own would need the same tuning per language and would know no fifth language.
 */
const ISO2: Readonly<Record<MessageLocale, string>> = { 'pt-BR': 'pt', ru: 'ru', en: 'en', es: 'es' };

/** Below this many letters (names removed) an n-gram guess is noise, so no verdict is given. */
export const MIN_LETTERS_TO_JUDGE = 24;

/** Letters Ukrainian and Belarusian use and Russian does not: і ї є ґ ў. */
const NOT_RUSSIAN = /[іїєґў]/iu;

export type LanguageVerdict =
  | { readonly kind: 'match' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'mismatch'; readonly detected: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The words that tell the language: the text without the names in it (a Portuguese service name
 * in a Spanish text tips the guess to Portuguese), links, digits and emoji.
 */
export function languageSample(text: string, names: readonly string[]): string {
  let sample = text;
  const longestFirst = names
    .map((name) => name.trim())
    .filter((name) => name.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const name of longestFirst) sample = sample.replace(new RegExp(escapeRegExp(name), 'giu'), ' ');
  return sample
    .replace(/https?:\/\/\S+|www\.\S+/giu, ' ')
    .replace(/[^\p{L}\p{M}'’\s-]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * `match` when the expected language ranks first, `mismatch` (with what was found) when another
 * does, `unknown` when the text is too short to tell. Names are removed before judging.
 */
export function judgeLanguage(
  text: string,
  expected: MessageLocale,
  names: readonly string[] = [],
): LanguageVerdict {
  const sample = languageSample(text, names);
  if ((sample.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS_TO_JUDGE) return { kind: 'unknown' };
  if (expected === 'ru' && NOT_RUSSIAN.test(sample)) return { kind: 'mismatch', detected: 'uk' };
  const top = detectAll(sample)[0]?.lang;
  if (top === undefined) return { kind: 'unknown' };
  return top === ISO2[expected] ? { kind: 'match' } : { kind: 'mismatch', detected: top };
}
