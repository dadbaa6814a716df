import { sql } from 'kysely';
import type { Db } from '../adapters/db/kysely.ts';
import { countTenantRows } from '../adapters/db/tenant-rows.ts';
import type { IngestSummary } from '../contracts/ingest.ts';
import { generateDemoBusiness } from './demo/index.ts';
import {
  ingestActivities,
  ingestBookings,
  ingestCustomers,
  ingestOfferings,
  ingestStaff,
} from './ingest/index.ts';
import { createSender } from './outbound/index.ts';
import { createTenant, issueApiKey } from './tenants.ts';

export const DEMO_SLUG = 'demo';

export interface DemoTenantResult {
  tenantId: string;
  name: string;
  apiKey: string;
  created: boolean;
  counts: { customers: number; activities: number; bookings: number };
}

/**
 * Creates the demo tenant once — Salão Aurora with its generated history, seeded so runs are
 * comparable — and on every call issues a fresh API key (only key hashes are stored, so the
 * previous one cannot be shown again; older demo keys are revoked).
 */
export async function ensureDemoTenant(
  db: Db,
  options: { customers: number; seed: number; now: Date; onStep?: (step: string) => void },
): Promise<DemoTenantResult> {
  const existing = await db
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirst();
  if (existing) {
    const apiKey = await rotateDemoKey(db, existing.id);
    return {
      tenantId: existing.id,
      name: existing.name,
      apiKey,
      created: false,
      counts: await countRows(db, existing.id),
    };
  }

  options.onStep?.(`generating ${options.customers} customers (seed ${options.seed})`);
  const business = generateDemoBusiness({
    customers: options.customers,
    seed: options.seed,
    now: options.now,
  });
  const { tenant, apiKey } = await createTenant(db, {
    ...business.tenant,
    settings: {
      ...business.tenant.settings,
      demo: { seed: options.seed, customers: options.customers, generatedAt: options.now.toISOString() },
    },
  });
  const steps: [string, () => Promise<IngestSummary>][] = [
    ['offerings', () => ingestOfferings(db, tenant.id, business.offerings)],
    ['staff', () => ingestStaff(db, tenant.id, business.staff)],
    ['customers', () => ingestCustomers(db, tenant.id, business.customers)],
    ['activities', () => ingestActivities(db, tenant.id, business.activities)],
    ['bookings', () => ingestBookings(db, tenant.id, business.bookings)],
  ];
  for (const [name, run] of steps) {
    options.onStep?.(`loading ${name}`);
    const summary = await run();
    if (summary.rejected > 0) {
      throw new Error(
        `demo data for ${name} was rejected: ${summary.errors[0]?.message ?? 'unknown reason'}`,
      );
    }
  }
  // The demo sends nowhere: approved messages go to the log channel, which records what would be sent.
  await createSender(db, tenant.id, { channel: 'log', name: 'Dry run (log)' });
  await db.updateTable('tenants').set({ slug: DEMO_SLUG }).where('id', '=', tenant.id).execute();
  await db.updateTable('api_keys').set({ name: 'demo' }).where('tenant_id', '=', tenant.id).execute();
  return {
    tenantId: tenant.id,
    name: tenant.name,
    apiKey,
    created: true,
    counts: await countRows(db, tenant.id),
  };
}

async function rotateDemoKey(db: Db, tenantId: string): Promise<string> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('name', '=', 'demo')
    .where('revoked_at', 'is', null)
    .execute();
  return issueApiKey(db, tenantId, 'demo');
}

async function countRows(db: Db, tenantId: string) {
  return {
    customers: await countTenantRows(db, 'customers', tenantId),
    activities: await countTenantRows(db, 'activities', tenantId),
    bookings: await countTenantRows(db, 'bookings', tenantId),
  };
}
