/**
 * Offering names as a bag of comparable words: "Men's Haircut", "HAIRCUT — men’s" and
 * "haircut (mens)" all become {haircut, mens}; "Coloração" → coloracao, "Стрижка мужская (ёжик)"
 * → {стрижка, мужская, ежик}. Keywords go through the same function, so whatever it does to a
 * letter (ё → е, й → и, ñ → n) it does on both sides.
 */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFD')
      // Combining marks: é → e, ç → c, ã → a, ё → е, ñ → n.
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      // Apostrophes join (men's → mens); every other non-letter, non-digit separates words.
      .replace(/['’ʼ`´]/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/** One word of a keyword: `masculin*` matches any word starting with "masculin", `corte` only "corte". */
export type KeywordToken = { readonly stem: string; readonly prefix: boolean };

export function compileKeyword(keyword: string): KeywordToken[] {
  return keyword
    .split(/\s+/u)
    .filter((word) => word !== '')
    .flatMap((word) => {
      const prefix = word.endsWith('*');
      // A word like "check-up" normalises to two words; each keeps the star only if it ends the original.
      const parts = tokenize(prefix ? word.slice(0, -1) : word);
      return parts.map((stem, i) => ({ stem, prefix: prefix && i === parts.length - 1 }));
    });
}

export function tokenMatches(token: KeywordToken, word: string): boolean {
  return token.prefix ? word.startsWith(token.stem) : word === token.stem;
}
