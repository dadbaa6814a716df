import type { Trx } from '../adapters/db/kysely.ts';
import { startOfDay } from '../domain/time/start-of-day.ts';
import { getTenant } from './tenants.ts';

/**
 * A timestamp as the API accepts it: an ISO date-time with offset, or a plain date, which means
 * the start of that day in the tenant's time zone (a salon's "visit on 5 March" is local).
 */
export async function toInstant(trx: Trx, tenantId: string, value: string | Date): Promise<Date> {
  if (value instanceof Date) return value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const tenant = await getTenant(trx, tenantId);
  return startOfDay(value, tenant?.timezone ?? 'UTC');
}

/** toInstant for optional values: undefined stays undefined (not given), null stays null (cleared). */
export async function toOptionalInstant<V extends string | Date | null | undefined>(
  trx: Trx,
  tenantId: string,
  value: V,
): Promise<Date | Exclude<V, string | Date>> {
  if (value === null || value === undefined) return value as Exclude<V, string | Date>;
  return toInstant(trx, tenantId, value);
}

/** The `from` and `to` filters of a list query as instants. */
export async function toInstantRange(
  trx: Trx,
  tenantId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<{ from: Date | undefined; to: Date | undefined }> {
  return {
    from: await toOptionalInstant(trx, tenantId, range.from),
    to: await toOptionalInstant(trx, tenantId, range.to),
  };
}
