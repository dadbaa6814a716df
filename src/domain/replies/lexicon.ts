import { stripMarks } from './normalize.ts';
import type { ReplyLanguage } from './types.ts';

/**
 * What the rules look for, per language. A cue is a kind of evidence, not yet a label: an `away`
 * phrase plus a date makes away_until, a `proposal` ("pode ser", "can we") only becomes a
 * reschedule next to a date or a time. Patterns are written in the normalized form's terms
 * (lower case; accents may be kept, they are stripped on compile), words separated by one space:
 *
 * - a space between words also allows a `,` or `?` between them ("não, obrigado");
 * - `*` continues a word with any letters (`obrigad*` → obrigado, obrigada, obrigadão);
 * - `~` is at most one word of anything ("não ~ quero" → "não quero", "não quero não");
 * - `(a|b)` alternates inside one word (spaces allowed inside), `(a|b)?` may be absent.
 *
 * A weight is how sure the cue alone makes us (0..1); `neg:` marks a pattern a preceding negator
 * cancels ("não quero" is not "quero").
 */
export const CUES = [
  'opt_out',
  'away',
  'reschedule',
  'proposal',
  'time',
  'other_staff',
  'other_offering',
  'negative',
  'positive',
  'neutral',
] as const;
export type Cue = (typeof CUES)[number];

export type CueEntry = string | readonly [pattern: string, weight: number];

export interface LanguageLexicon {
  readonly language: ReplyLanguage;
  /** Words that alone mean "stop writing to me", wherever they stand in a message. */
  readonly optOutWords: readonly string[];
  /** Words that turn a following positive cue around. */
  readonly negators: readonly string[];
  /**
   * A request to be taken off the messages, however it is phrased: a removing or stopping word
   * near a word for the messages, the list or the contact details ("Solicito a remoção do meu
   * contato", "Прошу удалить мой номер из базы", "eliminen mis datos"). Formal requests name the
   * thing in words a phrase list never ends enumerating; the pair generalizes where phrases do not.
   * A word ending in `*` is a stem. Only forms that ask (imperatives, infinitives, nouns): a past
   * tense ("apaguei a mensagem") reports, it does not ask.
   */
  readonly optOutRequest: { readonly actions: readonly string[]; readonly objects: readonly string[] };
  readonly cues: Readonly<Partial<Record<Cue, readonly CueEntry[]>>>;
}

export interface CompiledCue {
  readonly cue: Cue;
  readonly language: ReplyLanguage;
  readonly source: string;
  readonly pattern: RegExp;
  readonly weight: number;
  /** A negator in the two words before the match cancels it. */
  readonly negatable: boolean;
}

/** The default weight of each kind of cue, when an entry gives none. */
export const CUE_WEIGHT: Readonly<Record<Cue, number>> = {
  opt_out: 0.97,
  away: 0.8,
  reschedule: 0.85,
  proposal: 0.7,
  time: 0.7,
  other_staff: 0.85,
  other_offering: 0.8,
  negative: 0.85,
  positive: 0.85,
  neutral: 0.75,
};

/** Between two words of a pattern: a space, and any clause marks the text put there. */
const GAP = '(?: [,?])* ';
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

export function compilePattern(pattern: string): RegExp {
  const words = splitTopLevel(stripMarks(pattern).trim().replace(/\s+/gu, ' '));
  let source = '';
  let opened = false;
  for (const word of words) {
    // `~` and a group ending in `)?` may be absent, taking their separator with them.
    const optional = word === '~' || word.endsWith(')?');
    const body =
      word === '~'
        ? '[^ ,?]+'
        : (optional ? word.slice(0, -1) : word).replaceAll('*', '\\p{L}*').replaceAll(' ', GAP);
    if (!opened) source += optional ? `(?:${body}${GAP})?` : body;
    else source += optional ? `(?:${GAP}${body})?` : `${GAP}${body}`;
    if (!optional) opened = true;
  }
  return new RegExp(`${WORD_START}${source}${WORD_END}`, 'gu');
}

/** Splits on the spaces outside parentheses: `(de ferias|fora) ate` → [`(de ferias|fora)`, `ate`]. */
function splitTopLevel(pattern: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of pattern) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ' ' && depth === 0) {
      words.push(current);
      current = '';
    } else current += char;
  }
  words.push(current);
  return words;
}

export function compileLexicon(lexicons: readonly LanguageLexicon[]): CompiledCue[] {
  const compiled: CompiledCue[] = [];
  for (const lexicon of lexicons) {
    for (const cue of CUES) {
      for (const entry of lexicon.cues[cue] ?? []) {
        const [raw, weight] = typeof entry === 'string' ? [entry, CUE_WEIGHT[cue]] : entry;
        const negatable = raw.startsWith('neg:');
        const source = negatable ? raw.slice(4) : raw;
        compiled.push({
          cue,
          language: lexicon.language,
          source,
          pattern: compilePattern(source),
          weight,
          negatable,
        });
      }
    }
  }
  return compiled;
}
