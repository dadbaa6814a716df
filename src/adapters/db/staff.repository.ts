import type { StaffListQuery } from '../../contracts/staff.ts';
import { personMatches } from './filters.ts';
import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import { tenantRows } from './tenant-rows.ts';

export const staffRows = tenantRows('staff');

export async function listStaff(db: DbOrTrx, tenantId: string, query: StaffListQuery) {
  let q = db.selectFrom('staff').selectAll().where('tenant_id', '=', tenantId);
  if (query.active !== undefined) q = q.where('active', '=', query.active);
  if (query.q) q = q.where(personMatches(query.q));
  const rows = await applyPage(q, 'staff', query.cursor, query.limit).execute();
  return toPage(rows, query.limit);
}
