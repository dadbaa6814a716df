import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import type { BookingStatus } from './schema.ts';
import { tenantRows } from './tenant-rows.ts';

export const bookingRows = tenantRows('bookings');

export interface BookingFilter {
  customerId?: string | undefined;
  staffId?: string | undefined;
  status?: BookingStatus | undefined;
  /** starts_at >= from */
  from?: Date | undefined;
  /** starts_at < to */
  to?: Date | undefined;
  /** true: booked or confirmed and starting from now on; false: all the others */
  upcoming?: boolean | undefined;
}

/** Bookings in the order they start (starts_at, then id), one page at a time. */
export async function listBookings(
  db: DbOrTrx,
  tenantId: string,
  filter: BookingFilter,
  page: { cursor?: string | undefined; limit: number },
) {
  let q = db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.and({ customer_id: filter.customerId, staff_id: filter.staffId, status: filter.status }),
    );
  if (filter.from) q = q.where('starts_at', '>=', filter.from);
  if (filter.to) q = q.where('starts_at', '<', filter.to);
  if (filter.upcoming !== undefined) {
    const upcoming = sql<boolean>`(status in ('booked', 'confirmed') and starts_at >= now())`;
    q = q.where(filter.upcoming ? upcoming : sql<boolean>`not ${upcoming}`);
  }
  const rows = await applyPage(q, 'bookings', page.cursor, page.limit, 'starts_at').execute();
  return toPage(rows, page.limit, 'starts_at');
}
