import type { SelectQueryBuilder } from 'kysely';
import { invalid } from '../../app/errors.ts';

/**
 * Keyset pagination over (a timestamp column, id) — created_at unless a list orders by when
 * things happen: stable under inserts, no OFFSET scans. Cursors carry millisecond timestamps,
 * which is why every created_at default is truncated to milliseconds.
 */
export interface PageCursor {
  at: string;
  id: string;
  /** Only in lists that merge several kinds of rows, such as a customer's timeline. */
  type?: string;
}

export function encodeCursor(at: Date, id: string, type?: string): string {
  const parts = type === undefined ? [at.toISOString(), id] : [at.toISOString(), id, type];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): PageCursor {
  try {
    const [at, id, type] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error();
    if (type !== undefined && typeof type !== 'string') throw new Error();
    return type === undefined ? { at, id } : { at, id, type };
  } catch {
    throw invalid('query.cursor', 'not a cursor returned by this API');
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the helper works over any table that has created_at and id
type AnySelect = SelectQueryBuilder<any, any, any>;

export function applyPage<Q extends AnySelect>(
  query: Q,
  table: string,
  cursor: string | undefined,
  limit: number,
  column = 'created_at',
): Q {
  const key = `${table}.${column}`;
  let q = query
    .orderBy(key)
    .orderBy(`${table}.id`)
    .limit(limit + 1) as Q;
  if (cursor) {
    const { at, id } = decodeCursor(cursor);
    q = q.where((eb) =>
      eb.or([eb(key, '>', new Date(at)), eb.and([eb(key, '=', new Date(at)), eb(`${table}.id`, '>', id)])]),
    ) as Q;
  }
  return q;
}

type DateColumn<R> = { [K in keyof R]-?: R[K] extends Date ? K : never }[keyof R];

/** Splits the extra row fetched by applyPage off into the next cursor; `column` as given to applyPage. */
export function toPage<R extends { id: string; created_at: Date }>(
  rows: R[],
  limit: number,
  column = 'created_at' as DateColumn<R>,
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1]!;
  return { rows: page, nextCursor: encodeCursor(last[column] as Date, last.id) };
}
