/**
 * A reply as the lexicon reads it: lower case, accents and other combining marks removed
 * (não → nao, ё → е, й → и, ñ → n), apostrophes joined (don't → dont), letters repeated three
 * or more times squeezed (simmm → sim, нееет → нет), and every other non-letter a separator.
 * Clause punctuation survives as a token of its own — `,` for . , ; ! … and `?` for ? ¿ — so
 * negation does not reach across a comma ("não, quero sim") and questions are visible.
 * Lexicon patterns go through `stripMarks` too, so whatever happens to a letter happens on both sides.
 */
export interface NormalizedReply {
  /** Tokens joined by single spaces: words, numbers (15/12, 10:30 kept whole), `,` and `?`. */
  readonly text: string;
  /** The word tokens alone (no `,` / `?`). */
  readonly words: readonly string[];
  /** Pictographic emoji in the original text, in order. */
  readonly emojis: readonly string[];
  readonly question: boolean;
}

export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

const EMOJI = /\p{Extended_Pictographic}/gu;

export function normalizeReply(raw: string): NormalizedReply {
  const emojis = raw.match(EMOJI) ?? [];
  const spaced = stripMarks(raw)
    .toLowerCase()
    .replace(/['’ʼ`´]/gu, '')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .replace(/[?¿]/gu, ' ? ')
    // 15/12, 15.12.2026 and 10:30 stay one token; a full stop or colon elsewhere ends a clause.
    .replace(/(\d)\.(?=\d)/gu, '$1/')
    .replace(/[.:](?!\d)|(?<!\d)[.:]|[,;!¡…\n\r]/gu, ' , ')
    .replace(/[^\p{L}\p{N},?/:]+/gu, ' ')
    .replace(/[/:](?!\d)|(?<!\d)[/:]/gu, ' ')
    .trim();
  const tokens: string[] = [];
  for (const token of spaced === '' ? [] : spaced.split(' ')) {
    const separator = token === ',' || token === '?';
    const last = tokens[tokens.length - 1];
    if (separator && (last === undefined || last === ',' || last === '?')) {
      // A run of separators is one; a question mark anywhere in it wins. Nothing leads with one.
      if (token === '?' && last !== undefined) tokens[tokens.length - 1] = '?';
      else if (token === '?' && last === undefined) tokens.push('?');
      continue;
    }
    tokens.push(token);
  }
  while (tokens[tokens.length - 1] === ',') tokens.pop();
  const words = tokens.filter((token) => token !== ',' && token !== '?');
  return { text: tokens.join(' '), words, emojis, question: tokens.includes('?') };
}
