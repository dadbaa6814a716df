import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import type { CustomerRow } from '../schema.ts';

/**
 * The customer a bare address belongs to: the one with this E.164 phone, or this e-mail in any
 * case. The oldest when several share it (a shared family phone): it only decides whose opt-out
 * and daily limit the message answers to, and any of them opting out blocks it at claim time.
 */
export async function findCustomerByAddress(
  db: DbOrTrx,
  tenantId: string,
  address: { phone?: string; email?: string },
): Promise<CustomerRow | undefined> {
  if (!address.phone && !address.email) return undefined;
  let query = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
  query = address.phone
    ? query.where('phone', '=', address.phone)
    : query.where(sql`lower(email)`, '=', address.email!.toLowerCase());
  return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function findCustomerForMessage(
  db: DbOrTrx,
  tenantId: string,
  ref: { id?: string; externalId?: string },
): Promise<CustomerRow | undefined> {
  let query = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
  if (ref.id) query = query.where('id', '=', ref.id);
  else if (ref.externalId) query = query.where('external_id', '=', ref.externalId);
  else return undefined;
  return query.executeTakeFirst();
}
