import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { normalizePhone, phoneProblem, resolveDefaultCountry } from '../../domain/contacts/phone.ts';
import { invalid, notFound } from '../errors.ts';
import { getTenant, type Tenant } from '../tenants.ts';
import { enrichedPrompt } from './prompt.ts';

import type { DialogContextLookup, DialogStore } from './types.ts';

export interface DialogContextView extends DialogContextLookup {
  prompt: string;
}

/**
 * A customer's dialog context with the prompt for the chat assistant; `rawPhone` in any common
 * format (national numbers in the tenant's country). A 400 naming `phone` when it is not a phone,
 * a 404 when there is no context.
 */
export async function lookUpDialogContext(
  db: Db,
  store: DialogStore,
  tenantId: string,
  rawPhone: string,
  now = new Date(),
): Promise<DialogContextView> {
  const { tenant, phone } = await tenantAndPhone(db, tenantId, rawPhone);
  const found = await store.inspect(tenantId, phone);
  if (!found) throw notFound('dialog context for', phone);
  const prompt = enrichedPrompt(found.context, {
    language: tenant.locale,
    businessName: tenant.name,
    timeZone: tenant.timezone,
    now,
  });
  return { ...found, prompt };
}

/** Forgets a customer's context (an assistant calls this once the booking is made). */
export async function clearDialogContext(
  db: Db,
  store: DialogStore,
  tenantId: string,
  rawPhone: string,
): Promise<void> {
  const { phone } = await tenantAndPhone(db, tenantId, rawPhone);
  await store.clear(tenantId, phone);
}

async function tenantAndPhone(
  db: Db,
  tenantId: string,
  rawPhone: string,
): Promise<{ tenant: Tenant; phone: string }> {
  const tenant = await withTenant(db, tenantId, (trx) => getTenant(trx, tenantId));
  if (!tenant) throw notFound('tenant', tenantId);
  const country = resolveDefaultCountry(tenant.settings.defaultCountry, tenant.locale);
  const phone = normalizePhone(rawPhone, country);
  if (phone === undefined) throw invalid('phone', phoneProblem(rawPhone, country));
  return { tenant, phone };
}
