import {
  deleteIntegration,
  findIntegration,
  type IntegrationRow,
  listIntegrationRows,
  touchIntegration,
  upsertIntegration,
} from '../adapters/db/integrations.repository.ts';
import { type Db, withTenant } from '../adapters/db/kysely.ts';
import type { Credentials, ReceivePorts } from '../adapters/webhooks/receive.ts';
import { uuidSchema } from '../contracts/common.ts';
import {
  type IntegrationProvider,
  type IntegrationPut,
  integrationProviderSchema,
  integrationPutSchema,
} from '../contracts/integrations.ts';
import { AppError, notFound } from './errors.ts';
import type { Inbox } from './inbox/types.ts';
import { maskSecret } from './outbound/index.ts';
import { getTenant } from './tenants.ts';

/** An integration as the API and the CLI show it: the secret masked, the webhook URL to give the provider. */
export interface Integration {
  provider: IntegrationProvider;
  secret: string;
  settings: Record<string, unknown>;
  webhookUrl: string;
  createdAt: Date;
  updatedAt: Date;
  lastEventAt: Date | null;
}

/** `/webhooks/{provider}/{tenantId}`, under the public URL when one is configured. */
export function webhookUrl(provider: IntegrationProvider, tenantId: string, publicUrl?: string): string {
  const path = `/webhooks/${provider}/${tenantId}`;
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : path;
}

function toIntegration(row: IntegrationRow, publicUrl: string | undefined): Integration {
  return {
    provider: row.provider,
    secret: maskSecret(row.secret),
    settings: row.settings,
    webhookUrl: webhookUrl(row.provider, row.tenant_id, publicUrl),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastEventAt: row.last_event_at,
  };
}

/** The provider named by a path segment or a command-line argument, or a 400 naming it. */
export function parseProvider(value: string, field = 'provider'): IntegrationProvider {
  const parsed = integrationProviderSchema.safeParse(value);
  if (!parsed.success) {
    const message = `"${value}" is not a provider; use one of hotmart, chatwoot, orders`;
    throw new AppError('validation_error', `${field}: ${message}`, { issues: [{ field, message }] });
  }
  return parsed.data;
}

export async function listIntegrations(db: Db, tenantId: string, publicUrl?: string): Promise<Integration[]> {
  const rows = await withTenant(db, tenantId, (trx) => listIntegrationRows(trx, tenantId));
  return rows.map((row) => toIntegration(row, publicUrl));
}

/** A secret and settings as `putIntegration` takes them, or a validation error naming the field. */
export function parseIntegrationInput(input: unknown): IntegrationPut {
  const parsed = integrationPutSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : 'body',
    message: issue.message,
  }));
  const first = issues[0]!;
  throw new AppError('validation_error', `${first.field}: ${first.message}`, { issues });
}

/**
 * Connects a provider, or replaces its secret: a provider's webhooks are verified with the secret
 * stored here from the next delivery on. Settings are replaced when given and kept when not.
 */
export async function putIntegration(
  db: Db,
  tenantId: string,
  provider: IntegrationProvider,
  input: unknown,
  publicUrl?: string,
): Promise<{ integration: Integration; created: boolean }> {
  const { secret, settings } = parseIntegrationInput(input);
  const { row, created } = await withTenant(db, tenantId, (trx) =>
    upsertIntegration(trx, { tenantId, provider, secret, settings }),
  );
  return { integration: toIntegration(row, publicUrl), created };
}

export async function removeIntegration(
  db: Db,
  tenantId: string,
  provider: IntegrationProvider,
): Promise<void> {
  const removed = await withTenant(db, tenantId, (trx) => deleteIntegration(trx, tenantId, provider));
  if (!removed) throw notFound('integration', provider);
}

/** What a webhook needs before it can verify a delivery: does the tenant exist, and its secret for the provider. */
export async function webhookCredentials(
  db: Db,
  tenantId: string,
  provider: IntegrationProvider,
): Promise<Credentials> {
  if (!uuidSchema.safeParse(tenantId).success) return { kind: 'no_tenant' };
  if (!(await getTenant(db, tenantId))) return { kind: 'no_tenant' };
  const row = await withTenant(db, tenantId, (trx) => findIntegration(trx, tenantId, provider));
  return row ? { kind: 'found', secret: row.secret, settings: row.settings } : { kind: 'no_integration' };
}

export async function markIntegrationUsed(
  db: Db,
  tenantId: string,
  provider: IntegrationProvider,
  at: Date,
): Promise<void> {
  await withTenant(db, tenantId, (trx) => touchIntegration(trx, tenantId, provider, at));
}

/** What the provider webhooks need: the tenant's credentials, the inbox, and the clock. */
export function webhookPorts({ db, inbox }: { db: Db; inbox: Inbox }): ReceivePorts {
  return {
    credentials: (tenantId, provider) => webhookCredentials(db, tenantId, provider),
    accept: (tenantId, provider, events, headers) => inbox.accept(tenantId, provider, events, headers),
    used: (tenantId, provider, at) => markIntegrationUsed(db, tenantId, provider, at),
    now: () => new Date(),
  };
}
