import { sql } from 'kysely';
import type { CustomerListQuery } from '../../contracts/customers.ts';
import type { DbOrTrx } from './kysely.ts';
import { applyPage, toPage } from './pagination.ts';
import type { CustomerRow, CustomerRowUpdate, NewCustomerRow } from './schema.ts';

export async function findCustomer(
  db: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
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
  return db.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCustomer(db: DbOrTrx, tenantId: string, id: string, patch: CustomerRowUpdate) {
  return db
    .updateTable('customers')
    .set({ ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCustomer(db: DbOrTrx, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('customers')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listCustomers(db: DbOrTrx, tenantId: string, query: CustomerListQuery) {
  let q = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
  if (query.state) q = q.where('lifecycle_state', '=', query.state);
  if (query.vip !== undefined) q = q.where('vip', '=', query.vip);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = any(tags)`);
  if (query.externalId) q = q.where('external_id', '=', query.externalId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('name', 'ilike', like),
        eb('email', 'ilike', like),
        eb('phone', 'like', like),
        eb('external_id', '=', query.q!),
      ]),
    );
  }
  const rows = await applyPage(q, 'customers', query.cursor, query.limit).execute();
  return toPage(rows, query.limit);
}
