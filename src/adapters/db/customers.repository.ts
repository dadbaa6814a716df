import { sql } from 'kysely';
import type { CustomerListQuery } from '../../contracts/customers.ts';
import { personMatches } from './filters.ts';
import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import type { CustomerRow, CustomerRowUpdate, NewCustomerRow } from './schema.ts';
import { tenantRows } from './tenant-rows.ts';

export const customerRows = tenantRows('customers');

export async function findCustomer(
  db: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<CustomerRow | undefined> {
  return customerRows.find(db, tenantId, id);
}

export async function findCustomerByExternalId(db: DbOrTrx, tenantId: string, externalId: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function insertCustomer(db: DbOrTrx, row: NewCustomerRow): Promise<CustomerRow> {
  return customerRows.insert(db, row);
}

export async function updateCustomer(db: DbOrTrx, tenantId: string, id: string, patch: CustomerRowUpdate) {
  return customerRows.update(db, tenantId, id, patch);
}

export async function deleteCustomer(db: DbOrTrx, tenantId: string, id: string): Promise<boolean> {
  return (await customerRows.remove(db, tenantId, id)) !== undefined;
}

export async function listCustomers(db: DbOrTrx, tenantId: string, query: CustomerListQuery) {
  let q = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
  if (query.state) q = q.where('lifecycle_state', '=', query.state);
  if (query.vip !== undefined) q = q.where('vip', '=', query.vip);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = any(tags)`);
  if (query.externalId) q = q.where('external_id', '=', query.externalId);
  if (query.q) q = q.where(personMatches(query.q));
  const rows = await applyPage(q, 'customers', query.cursor, query.limit).execute();
  return toPage(rows, query.limit);
}
