import { customerRows } from '../adapters/db/customers.repository.ts';
import { type Db, type Trx, withTenant } from '../adapters/db/kysely.ts';
import { decodeCursor, encodeCursor } from '../adapters/db/pagination.ts';
import type { TenantTable } from '../adapters/db/tenant-rows.ts';
import { listTimelineKeys, type TimelineTable } from '../adapters/db/timeline.repository.ts';
import type { TimelineItem, TimelineItemType, TimelineQuery } from '../contracts/timeline.ts';
import { activities } from './activities.ts';
import { bookings } from './bookings.ts';
import { notFound } from './errors.ts';
import type { RecordRules } from './records.ts';

/** Where one type of timeline entry comes from, and how to load the entries of a page. */
interface TimelineSource extends TimelineTable {
  load(trx: Trx, tenantId: string, ids: string[]): Promise<TimelineItem[]>;
}

/** A source over a record defined with defineRecord: `toEntry` adds `type` and `at` to its item. */
function recordSource<T extends TenantTable & TimelineTable['table'], Item>(
  type: TimelineItemType,
  at: string,
  rules: Pick<RecordRules<T, Item, never, never, never>, 'rows' | 'toItem'>,
  toEntry: (item: Item) => TimelineItem,
): TimelineSource {
  return {
    type,
    table: rules.rows.table,
    at,
    load: async (trx, tenantId, ids) =>
      (await rules.rows.findMany(trx, tenantId, ids)).map((row) => toEntry(rules.toItem(row))),
  };
}

/**
 * Every type of timeline entry. A new one (message, reply, attempt…) is one more source here,
 * over a table with tenant_id, id and customer_id, and one more member of timelineItemSchema.
 */
const sources: TimelineSource[] = [
  recordSource('activity', 'occurred_at', activities.rules, (activity) => ({
    type: 'activity',
    at: activity.occurredAt,
    ...activity,
  })),
  recordSource('booking', 'starts_at', bookings.rules, (booking) => ({
    type: 'booking',
    at: booking.startsAt,
    ...booking,
  })),
];

/** Everything that happened or will happen to a customer, newest first, one page at a time. */
export async function customerTimeline(
  db: Db,
  tenantId: string,
  customerId: string,
  query: TimelineQuery,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, async (trx) => {
    if (!(await customerRows.find(trx, tenantId, customerId))) throw notFound('customer', customerId);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const keys = await listTimelineKeys(trx, tenantId, customerId, sources, after, query.limit + 1);
    const page = keys.slice(0, query.limit);
    const loaded = new Map<string, TimelineItem>();
    for (const source of sources) {
      const ids = page.filter((key) => key.type === source.type).map((key) => key.id);
      if (ids.length === 0) continue;
      for (const item of await source.load(trx, tenantId, ids)) loaded.set(`${item.type}:${item.id}`, item);
    }
    const last = page[page.length - 1];
    return {
      // A row deleted between the two reads is left out rather than failing the page.
      items: page.flatMap((key) => loaded.get(`${key.type}:${key.id}`) ?? []),
      nextCursor: keys.length > query.limit && last ? encodeCursor(last.at, last.id, last.type) : null,
    };
  });
}
