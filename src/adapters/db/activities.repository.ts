import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import type { ActivityKind, ActivityStatus } from './schema.ts';
import { tenantRows } from './tenant-rows.ts';

export const activityRows = tenantRows('activities');

export interface ActivityFilter {
  customerId?: string | undefined;
  offeringId?: string | undefined;
  staffId?: string | undefined;
  status?: ActivityStatus | undefined;
  kind?: ActivityKind | undefined;
  /** occurred_at >= from */
  from?: Date | undefined;
  /** occurred_at < to */
  to?: Date | undefined;
}

/** Activities in the order they happened (occurred_at, then id), one page at a time. */
export async function listActivities(
  db: DbOrTrx,
  tenantId: string,
  filter: ActivityFilter,
  page: { cursor?: string | undefined; limit: number },
) {
  let q = db
    .selectFrom('activities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.and({
        customer_id: filter.customerId,
        offering_id: filter.offeringId,
        staff_id: filter.staffId,
        status: filter.status,
        kind: filter.kind,
      }),
    );
  if (filter.from) q = q.where('occurred_at', '>=', filter.from);
  if (filter.to) q = q.where('occurred_at', '<', filter.to);
  const rows = await applyPage(q, 'activities', page.cursor, page.limit, 'occurred_at').execute();
  return toPage(rows, page.limit, 'occurred_at');
}
