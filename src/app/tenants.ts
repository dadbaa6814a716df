import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../adapters/db/kysely.ts';
import type { TenantRow } from '../adapters/db/schema.ts';
import { invalid } from './errors.ts';

export interface NewTenant {
  name: string;
  timezone?: string;
  locale?: string;
  currency?: string;
  settings?: Record<string, unknown>;
}

export interface Tenant {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  currency: string;
  settings: Record<string, unknown>;
  createdAt: Date;
}

export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function validateNewTenant(
  input: NewTenant,
): Required<Omit<NewTenant, 'settings'>> & { settings: Record<string, unknown> } {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw invalid('name', 'must be 1–200 characters');
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone))
    throw invalid('timezone', `"${timezone}" is not an IANA time zone (e.g. America/Sao_Paulo)`);
  const locale = input.locale ?? 'en';
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(locale))
    throw invalid('locale', `"${locale}" is not a locale such as pt-BR, ru or en`);
  const currency = (input.currency ?? defaultCurrency(locale)).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw invalid('currency', `"${currency}" is not an ISO 4217 code such as BRL`);
  return { name, timezone, locale, currency, settings: input.settings ?? {} };
}

function defaultCurrency(locale: string): string {
  const region = locale.split('-')[1];
  return (
    (
      { BR: 'BRL', RU: 'RUB', PT: 'EUR', ES: 'EUR', MX: 'MXN', AR: 'ARS', GB: 'GBP' } as Record<
        string,
        string
      >
    )[region ?? ''] ?? (locale === 'ru' ? 'RUB' : 'USD')
  );
}

/** Creates a tenant and its first API key. The key is returned once and only its hash is kept. */
export async function createTenant(db: Db, input: NewTenant): Promise<{ tenant: Tenant; apiKey: string }> {
  const values = validateNewTenant(input);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tenants')
      .values({ ...values, settings: JSON.stringify(values.settings) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const apiKey = await issueApiKey(trx, row.id, 'default');
    return { tenant: toTenant(row), apiKey };
  });
}

export async function issueApiKey(db: DbOrTrx, tenantId: string, name: string): Promise<string> {
  const key = `rk_${randomBytes(24).toString('base64url')}`;
  await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, name, key_hash: hashApiKey(key), key_prefix: key.slice(0, 8) })
    .execute();
  return key;
}

/** API keys carry 192 random bits, so a plain SHA-256 is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Resolves a bearer key to its tenant; runs outside any tenant scope (the tenant is not known yet). */
export async function findTenantIdByApiKey(db: Db, key: string): Promise<string | undefined> {
  return (await findApiKey(db, key))?.tenantId;
}

/** The tenant and the key's name (who acts, in audit trails) for a valid, unrevoked key. */
export async function findApiKey(
  db: Db,
  key: string,
): Promise<{ tenantId: string; name: string } | undefined> {
  if (!/^rk_[A-Za-z0-9_-]{20,64}$/.test(key)) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select(['tenant_id', 'id', 'name', 'last_used_at'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  // Touch last_used_at at most once a minute, so reads do not turn into a write per request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: sql`now()` })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
  }
  return { tenantId: row.tenant_id, name: row.name };
}

export async function getTenant(db: DbOrTrx, tenantId: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
  return row ? toTenant(row) : undefined;
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map(toTenant);
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    locale: row.locale,
    currency: row.currency,
    settings: row.settings,
    createdAt: row.created_at,
  };
}
