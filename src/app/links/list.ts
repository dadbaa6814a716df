import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { type LinkFilters, type LinkListRow, listLinkRows } from '../../adapters/db/links.repository.ts';

export type { LinkFilters };

export interface TrackedLink {
  code: string;
  /** The public path; the full short link is PUBLIC_URL + path. */
  path: string;
  targetUrl: string;
  customerId: string | null;
  attemptId: string | null;
  messageId: string | null;
  channel: string | null;
  /** Counted clicks: people, not link-preview fetchers. */
  clicks: number;
  /** Preview fetches (WhatsApp, Slack, Telegram…), logged and never counted. */
  previews: number;
  firstClickedAt: Date | null;
  lastClickedAt: Date | null;
  createdAt: Date;
}

/** A tenant's tracked links with their clicks, oldest first. */
export async function listLinks(
  db: Db,
  tenantId: string,
  filters: LinkFilters,
  page: { limit: number; cursor?: string },
): Promise<{ items: TrackedLink[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, async (trx) => {
    const { rows, nextCursor } = await listLinkRows(trx, tenantId, filters, page);
    return { items: rows.map(toTrackedLink), nextCursor };
  });
}

function toTrackedLink(row: LinkListRow): TrackedLink {
  return {
    code: row.code,
    path: `/r/${row.code}`,
    targetUrl: row.target_url,
    customerId: row.customer_id,
    attemptId: row.attempt_id,
    messageId: row.message_id,
    channel: row.channel,
    clicks: row.clicks,
    previews: Number(row.previews ?? 0),
    firstClickedAt: row.first_clicked_at,
    lastClickedAt: row.last_clicked_at,
    createdAt: row.created_at,
  };
}
