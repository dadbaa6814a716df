import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import {
  type Credited,
  cancelOvertakenAttempts,
  closeLapsedWindows,
  creditConversions,
  reverseConversions,
} from '../../adapters/db/listen/attribution.repository.ts';
import { listeningSettingsOf } from '../../domain/settings/listening.ts';
import { getTenant } from '../tenants.ts';

export type { Credited };

export interface AttributionRun {
  /** Attempts that became WON, with the order or booking credited and the touch it went to. */
  credited: Credited[];
  /** Attempts not yet sent that the customer overtook by coming back on their own (CANCELLED). */
  overtaken: string[];
  /** Attempts whose window passed with no conversion (LOST, NO_RESPONSE); only from `closeWindows`. */
  closed: string[];
}

interface RunOptions {
  customerIds?: readonly string[];
  now?: Date;
  actor?: string;
}

async function scopeFor(db: Db, tenantId: string, options: RunOptions) {
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
  return {
    tenantId,
    windowDays: listeningSettingsOf(tenant.settings).attributionWindowDays,
    now: options.now ?? new Date(),
    actor: options.actor ?? 'attribution',
    ...(options.customerIds ? { customerIds: options.customerIds } : {}),
  };
}

/**
 * Credits returns to attempts (last touch inside the tenant's attribution window, see
 * creditConversions) and cancels the not-yet-sent attempts of customers who came back by
 * themselves. Runs after every order or booking that arrives (for those customers) and hourly
 * (for everyone: orders imported in bulk arrive that way).
 */
export async function attributeReturns(
  db: Db,
  tenantId: string,
  options: RunOptions = {},
): Promise<AttributionRun> {
  if (options.customerIds && options.customerIds.length === 0)
    return { credited: [], overtaken: [], closed: [] };
  const scope = await scopeFor(db, tenantId, options);
  return withTenant(db, tenantId, async (trx) => {
    const credited = await creditConversions(trx, scope);
    const overtaken = await cancelOvertakenAttempts(trx, scope);
    return { credited, overtaken, closed: [] };
  });
}

/** The hourly pass: credit what came in, then close the windows that passed with nothing. */
export async function closeAttributionWindows(
  db: Db,
  tenantId: string,
  options: RunOptions = {},
): Promise<AttributionRun> {
  const scope = await scopeFor(db, tenantId, options);
  return withTenant(db, tenantId, async (trx) => {
    const credited = await creditConversions(trx, scope);
    const overtaken = await cancelOvertakenAttempts(trx, scope);
    const closed = await closeLapsedWindows(trx, scope);
    return { credited, overtaken, closed };
  });
}

/** A credited order was refunded, cancelled or charged back: its conversion is worth nothing now. */
export async function reverseCreditedOrders(
  db: Db,
  tenantId: string,
  activityIds: readonly string[],
  reason: string,
  now: Date = new Date(),
): Promise<string[]> {
  return withTenant(db, tenantId, (trx) =>
    reverseConversions(trx, tenantId, activityIds, reason, now, 'attribution'),
  );
}
