import type { SelectQueryBuilder } from 'kysely';
import { invalid } from '../../app/errors.ts';

/**
 * Keyset pagination over (created_at, id): stable under inserts, no OFFSET scans. Cursors carry
 * millisecond timestamps, which is why every created_at default is truncated to milliseconds.
 */
export interface PageCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): PageCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)))
      throw new Error();
    return { createdAt, id };
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
): Q {
  let q = query
    .orderBy(`${table}.created_at`)
    .orderBy(`${table}.id`)
    .limit(limit + 1) as Q;
  if (cursor) {
    const { createdAt, id } = decodeCursor(cursor);
    q = q.where((eb) =>
      eb.or([
        eb(`${table}.created_at`, '>', new Date(createdAt)),
        eb.and([eb(`${table}.created_at`, '=', new Date(createdAt)), eb(`${table}.id`, '>', id)]),
      ]),
    ) as Q;
  }
  return q;
}

/** Splits the extra row fetched by applyPage off into the next cursor. */
export function toPage<R extends { created_at: Date; id: string }>(
  rows: R[],
  limit: number,
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(page[page.length - 1]!) };
}
