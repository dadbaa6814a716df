import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import * as repo from '../adapters/db/customers.repository.ts';
import { type Db, type Trx, withTenant } from '../adapters/db/kysely.ts';
import type { CustomerRow, CustomerRowUpdate } from '../adapters/db/schema.ts';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerPatch } from '../contracts/customers.ts';
import { normalizePhone, phoneProblem, resolveDefaultCountry } from '../domain/contacts/phone.ts';
import { conflictOnDuplicate, invalid, notFound } from './errors.ts';
import type { RecordUseCases } from './records.ts';
import { getTenant } from './tenants.ts';

export async function createCustomer(db: Db, tenantId: string, input: CustomerCreate): Promise<Customer> {
  return withTenant(db, tenantId, async (trx) => {
    const phone = input.phone ? await phoneFor(trx, tenantId, input.phone) : null;
    const row = await conflictOnDuplicate(
      () =>
        repo.insertCustomer(trx, {
          tenant_id: tenantId,
          external_id: input.externalId ?? randomUUID(),
          name: input.name ?? null,
          phone,
          email: input.email ?? null,
          locale: input.locale ?? null,
          tags: input.tags ?? [],
          attributes: JSON.stringify(input.attributes ?? {}),
          vip: input.vip ?? false,
          consent: input.consent ?? 'unknown',
          blacklisted: input.blacklisted ?? false,
          opted_out_at: input.optedOut ? new Date() : null,
        }),
      () => `a customer with externalId "${input.externalId}" already exists`,
    );
    return toCustomer(row);
  });
}

export async function getCustomer(db: Db, tenantId: string, id: string): Promise<Customer> {
  const row = await withTenant(db, tenantId, (trx) => repo.findCustomer(trx, tenantId, id));
  if (!row) throw notFound('customer', id);
  return toCustomer(row);
}

export async function updateCustomer(
  db: Db,
  tenantId: string,
  id: string,
  patch: CustomerPatch,
): Promise<Customer> {
  return withTenant(db, tenantId, async (trx) => {
    const existing = await repo.findCustomer(trx, tenantId, id);
    if (!existing) throw notFound('customer', id);
    const changes: CustomerRowUpdate = {};
    if (patch.externalId !== undefined) changes.external_id = patch.externalId;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.phone !== undefined)
      changes.phone = patch.phone ? await phoneFor(trx, tenantId, patch.phone) : null;
    if (patch.email !== undefined) changes.email = patch.email;
    if (patch.locale !== undefined) changes.locale = patch.locale;
    if (patch.tags !== undefined) changes.tags = patch.tags;
    if (patch.attributes !== undefined) changes.attributes = JSON.stringify(patch.attributes);
    if (patch.vip !== undefined) changes.vip = patch.vip;
    if (patch.consent !== undefined) changes.consent = patch.consent;
    if (patch.blacklisted !== undefined) changes.blacklisted = patch.blacklisted;
    if (patch.optedOut !== undefined) {
      changes.opted_out_at = patch.optedOut ? (existing.opted_out_at ?? new Date()) : null;
      changes.opt_out_reason = patch.optedOut
        ? (patch.optedOutReason ?? existing.opt_out_reason ?? 'api')
        : null;
    }
    const row = await conflictOnDuplicate(
      () => repo.updateCustomer(trx, tenantId, id, changes),
      () => `a customer with externalId "${patch.externalId}" already exists`,
    );
    if (!row) throw notFound('customer', id);
    return toCustomer(row);
  });
}

export async function deleteCustomer(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await withTenant(db, tenantId, (trx) => repo.deleteCustomer(trx, tenantId, id));
  if (!deleted) throw notFound('customer', id);
}

export async function listCustomers(db: Db, tenantId: string, query: CustomerListQuery) {
  const page = await withTenant(db, tenantId, (trx) => repo.listCustomers(trx, tenantId, query));
  return { items: page.rows.map(toCustomer), nextCursor: page.nextCursor };
}

/** A phone in any common format as E.164, national numbers in the tenant's country; else a 400. */
export async function phoneFor(trx: Trx, tenantId: string, raw: string): Promise<string> {
  const tenant = await getTenant(trx, tenantId);
  const country = tenant ? resolveDefaultCountry(tenant.settings.defaultCountry, tenant.locale) : undefined;
  const e164 = normalizePhone(raw, country);
  if (e164 === undefined) throw invalid('phone', phoneProblem(raw, country));
  return e164;
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    locale: row.locale,
    tags: row.tags,
    attributes: row.attributes,
    vip: row.vip,
    consent: row.consent,
    optedOut: row.opted_out_at !== null,
    optedOutAt: iso(row.opted_out_at),
    blacklisted: row.blacklisted,
    firstActivityAt: iso(row.first_activity_at),
    lastActivityAt: iso(row.last_activity_at),
    activityCount: row.activity_count,
    totalSpent: Number(row.total_spent),
    lifecycleState: row.lifecycle_state,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** Used by stats and the CLI. */
export async function tenantStats(db: Db, tenantId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const [customers, activities] = await Promise.all([
      trx
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('activities')
        .select((eb) => [
          eb.fn.countAll<number>().as('count'),
          sql<number>`coalesce(sum(amount) filter (where status = 'completed'), 0)`.as('revenue'),
        ])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      customers: Number(customers.count),
      activities: Number(activities.count),
      revenue: Number(activities.revenue),
    };
  });
}

/** The five use cases under the names every record's routes use (see http/routes/crud.ts). */
export const customers: RecordUseCases<Customer, CustomerCreate, CustomerPatch, CustomerListQuery> = {
  create: createCustomer,
  get: getCustomer,
  update: updateCustomer,
  remove: deleteCustomer,
  list: listCustomers,
};
