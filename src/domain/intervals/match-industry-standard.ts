import { INDUSTRY_STANDARDS } from './industry-standards.ts';
import { compileKeyword, type KeywordToken, tokenize, tokenMatches } from './normalize-text.ts';
import { type IndustryStandard, type KeywordLanguage, SERVICE_TYPE_ALIASES } from './standard-types.ts';

export type IndustryMatch = {
  readonly standard: IndustryStandard;
  /** The keyword that matched, as written in the table. */
  readonly keyword: string;
  readonly language: KeywordLanguage;
  readonly score: number;
  /** Where the keyword's words were found: all in the name, partly in the category, or only there. */
  readonly via: 'name' | 'name_and_category' | 'category';
  /** Unrelated categories that scored as well; the chosen one won the tie on interval (see below). */
  readonly tiedWith: readonly string[];
};

// Scoring: each keyword word found in the offering's name counts 1, found only in its category
// counts half (a category is a hint, the name is the thing); the category naming the standard's
// service type ("Barbearia" for a beard trim) adds a quarter, enough to break a tie and never
// enough to beat a longer match in the name.
const NAME_WORD = 1;
const CATEGORY_WORD = 0.5;
const SERVICE_TYPE_BONUS = 0.25;

type CompiledKeyword = {
  readonly text: string;
  readonly language: KeywordLanguage;
  readonly tokens: KeywordToken[];
};
type Compiled = { readonly standard: IndustryStandard; readonly keywords: readonly CompiledKeyword[] };

const compiledCache = new WeakMap<readonly IndustryStandard[], readonly Compiled[]>();

function compile(standards: readonly IndustryStandard[]): readonly Compiled[] {
  let compiled = compiledCache.get(standards);
  if (!compiled) {
    compiled = standards.map((standard) => ({
      standard,
      keywords: (Object.entries(standard.keywords) as [KeywordLanguage, readonly string[]][]).flatMap(
        ([language, texts]) => texts.map((text) => ({ text, language, tokens: compileKeyword(text) })),
      ),
    }));
    compiledCache.set(standards, compiled);
  }
  return compiled;
}

const aliasTokens = Object.fromEntries(
  Object.entries(SERVICE_TYPE_ALIASES).map(([type, aliases]) => [type, aliases.flatMap(compileKeyword)]),
) as Record<string, KeywordToken[]>;

type Candidate = Omit<IndustryMatch, 'tiedWith'>;

function scoreKeyword(tokens: readonly KeywordToken[], name: readonly string[], category: readonly string[]) {
  let score = 0;
  let fromName = 0;
  for (const token of tokens) {
    if (name.some((word) => tokenMatches(token, word))) {
      score += NAME_WORD;
      fromName += 1;
    } else if (category.some((word) => tokenMatches(token, word))) {
      score += CATEGORY_WORD;
    } else {
      return null;
    }
  }
  const via = fromName === tokens.length ? 'name' : fromName === 0 ? 'category' : 'name_and_category';
  return { score, via } as const;
}

/**
 * The industry standard an offering is, judged by its name and (optionally) the tenant's category
 * for it; null when nothing matches. The most specific match wins: more keyword words matched
 * beats fewer ("Manicure gel" → gel manicure, not manicure). On a tie, a category that refines
 * another beats it ("Corte de pelo hombre" matches both `corte* pelo` and `corte* hombre*`: men's
 * cut); between unrelated categories — usually a combo such as "Corte + escova" — the longer
 * interval wins, because reminding someone too early is the costlier mistake: a message they did
 * not need, and a customer wrongly flagged AT_RISK.
 */
export function matchIndustryStandard(
  offeringName: string,
  category?: string | null,
  standards: readonly IndustryStandard[] = INDUSTRY_STANDARDS,
): IndustryMatch | null {
  const name = tokenize(offeringName);
  const categoryWords = category ? tokenize(category) : [];
  if (name.length === 0 && categoryWords.length === 0) return null;

  const candidates: Candidate[] = [];
  for (const { standard, keywords } of compile(standards)) {
    let best: Candidate | null = null;
    for (const keyword of keywords) {
      const scored = scoreKeyword(keyword.tokens, name, categoryWords);
      if (scored && (!best || scored.score > best.score)) {
        best = { standard, keyword: keyword.text, language: keyword.language, ...scored };
      }
    }
    if (!best) continue;
    const typeWords = aliasTokens[standard.serviceType] ?? [];
    const namesType = categoryWords.some((word) => typeWords.some((token) => tokenMatches(token, word)));
    candidates.push(namesType ? { ...best, score: best.score + SERVICE_TYPE_BONUS } : best);
  }
  if (candidates.length === 0) return null;

  const top = Math.max(...candidates.map((c) => c.score));
  const tied = candidates.filter((c) => top - c.score < 1e-9);
  const refined = new Set(tied.map((c) => c.standard.refines).filter((key) => key !== undefined));
  const narrowest = tied.filter((c) => !refined.has(c.standard.key));
  const pool = narrowest.length > 0 ? narrowest : tied;
  const chosen = pool.reduce((a, b) =>
    b.standard.intervalDays > a.standard.intervalDays ||
    (b.standard.intervalDays === a.standard.intervalDays && b.standard.confidence > a.standard.confidence)
      ? b
      : a,
  );
  return {
    ...chosen,
    tiedWith: pool.filter((c) => c !== chosen).map((c) => c.standard.key),
  };
}
