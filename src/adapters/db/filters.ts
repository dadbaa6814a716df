import { type RawBuilder, sql } from 'kysely';

/** A LIKE / ILIKE pattern matching `text` anywhere, with the pattern's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The `q` filter of lists of people (customers, staff): any part of the name, e-mail or phone,
 * or the whole external id.
 */
export function personMatches(q: string): RawBuilder<boolean> {
  const like = containsPattern(q);
  return sql<boolean>`(name ilike ${like} or email ilike ${like} or phone like ${like} or external_id = ${q})`;
}
