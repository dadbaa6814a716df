import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import type { MessageTemplate, TrackedLinkTable } from './schema.ts';

export type TrackedLinkRow = Selectable<TrackedLinkTable>;
export type NewTrackedLinkRow = Insertable<TrackedLinkTable>;

/**
 * Inserts the link unless its code is taken — by any tenant, through the unique index on code.
 * False on a collision, so the caller draws another code; the transaction stays usable (a failed
 * insert would abort it).
 */
export async function insertTrackedLink(db: DbOrTrx, row: NewTrackedLinkRow): Promise<boolean> {
  const inserted = await db
    .insertInto('tracked_links')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('code')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * The link a public /r/{code} names, whichever tenant owns it. Called on the owner connection
 * outside withTenant (the code carries no tenant; codes are unique across tenants), like
 * getTenant; every write that follows runs inside withTenant for the tenant found here.
 */
export async function findLinkByCode(db: DbOrTrx, code: string): Promise<TrackedLinkRow | undefined> {
  return db.selectFrom('tracked_links').selectAll().where('code', '=', code).executeTakeFirst();
}

export interface NewLinkClick {
  tenantId: string;
  code: string;
  customerId: string | null;
  attemptId: string | null;
  at: Date;
  userAgent: string | null;
  isPreview: boolean;
}

export async function insertLinkClick(db: DbOrTrx, click: NewLinkClick): Promise<void> {
  await db
    .insertInto('link_clicks')
    .values({
      tenant_id: click.tenantId,
      code: click.code,
      customer_id: click.customerId,
      attempt_id: click.attemptId,
      at: click.at,
      user_agent: click.userAgent,
      is_preview: click.isPreview,
    })
    .execute();
}

/** One more counted click; the first one also sets first_clicked_at. */
export async function countClick(db: DbOrTrx, tenantId: string, code: string, at: Date): Promise<void> {
  await db
    .updateTable('tracked_links')
    .set({
      clicks: sql`clicks + 1`,
      first_clicked_at: sql`coalesce(first_clicked_at, ${at}::timestamptz)`,
    })
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .execute();
}

/**
 * Stores a message's text and template with their addresses swapped for short links, and
 * metadata.links.
 */
export async function setTrackedText(
  db: DbOrTrx,
  tenantId: string,
  messageId: string,
  tracked: { body: string | null; template: MessageTemplate | null; metadata: Record<string, unknown> },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      body: tracked.body,
      template: tracked.template === null ? null : JSON.stringify(tracked.template),
      metadata: JSON.stringify(tracked.metadata),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .execute();
}

export interface LinkFilters {
  customerId?: string;
  attemptId?: string;
  messageId?: string;
  /** Only links clicked (true) or never clicked (false); preview fetches do not count. */
  clicked?: boolean;
}

export type LinkListRow = TrackedLinkRow & { last_clicked_at: Date | null; previews: number };

/**
 * A tenant's links, oldest first, with the time of the last counted click and how many preview
 * fetches there were. Keyset pagination over (created_at, code): a link's key is its code.
 */
export async function listLinkRows(
  db: DbOrTrx,
  tenantId: string,
  f: LinkFilters,
  page: { limit: number; cursor?: string },
): Promise<{ rows: LinkListRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('tracked_links as l')
    .selectAll('l')
    .select((eb) => [
      eb
        .selectFrom('link_clicks as c')
        .select((c) => c.fn.max('c.at').as('at'))
        .whereRef('c.tenant_id', '=', 'l.tenant_id')
        .whereRef('c.code', '=', 'l.code')
        .where('c.is_preview', '=', false)
        .as('last_clicked_at'),
      eb
        .selectFrom('link_clicks as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.tenant_id', '=', 'l.tenant_id')
        .whereRef('c.code', '=', 'l.code')
        .where('c.is_preview', '=', true)
        .as('previews'),
    ])
    .where('l.tenant_id', '=', tenantId);
  if (f.customerId) query = query.where('l.customer_id', '=', f.customerId);
  if (f.attemptId) query = query.where('l.attempt_id', '=', f.attemptId);
  if (f.messageId) query = query.where('l.message_id', '=', f.messageId);
  if (f.clicked !== undefined) query = query.where('l.clicks', f.clicked ? '>' : '=', 0);
  if (page.cursor) {
    const { at, id: code } = decodeCursor(page.cursor);
    const after = new Date(at);
    query = query.where((eb) =>
      eb.or([
        eb('l.created_at', '>', after),
        eb.and([eb('l.created_at', '=', after), eb('l.code', '>', code)]),
      ]),
    );
  }
  const rows = (await query
    .orderBy('l.created_at')
    .orderBy('l.code')
    .limit(page.limit + 1)
    .execute()) as LinkListRow[];
  if (rows.length <= page.limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, page.limit);
  const last = kept[kept.length - 1]!;
  return { rows: kept, nextCursor: encodeCursor(last.created_at, last.code) };
}
