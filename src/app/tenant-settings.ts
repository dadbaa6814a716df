import { sql } from 'kysely';
import type { Db } from '../adapters/db/kysely.ts';
import { type DetectionSettings, parseDetectionSettings } from '../domain/settings/detection.ts';
import { type ListeningSettings, parseListeningSettings } from '../domain/settings/listening.ts';
import { type OutreachSettings, parseOutreachSettings } from '../domain/settings/outreach.ts';
import { parseReactivationSettings, type ReactivationSettings } from '../domain/settings/reactivation.ts';
import { AppError, notFound } from './errors.ts';
import { getTenant, isValidTimeZone, type Tenant } from './tenants.ts';

/** The sections of `tenants.settings`; anything else is refused so a typo is not silently kept. */
const SECTIONS = ['detection', 'reactivation', 'outreach', 'listening'] as const;
type Section = (typeof SECTIONS)[number];

export interface TenantView extends Omit<Tenant, 'settings'> {
  /** What the tenant stored: only the values they chose. */
  settings: Partial<Record<Section, unknown>>;
  /** Every setting in force, defaults filled in. */
  effective: {
    detection: DetectionSettings;
    reactivation: ReactivationSettings;
    outreach: OutreachSettings;
    listening: ListeningSettings;
  };
}

export interface TenantPatch {
  name?: string;
  timezone?: string;
  locale?: string;
  currency?: string;
  /** Merged into what is stored, key by key; a null removes a key (its default applies again). */
  settings?: Partial<Record<string, unknown>>;
}

type Issue = { field: string; message: string };

function effectiveOf(
  settings: Record<string, unknown>,
): { effective: TenantView['effective'] } | { issues: Issue[] } {
  const detection = parseDetectionSettings(settings.detection);
  const reactivation = parseReactivationSettings(settings.reactivation);
  const outreach = parseOutreachSettings(settings.outreach);
  const listening = parseListeningSettings(settings.listening);
  const issues: Issue[] = [
    ...(detection.ok
      ? []
      : detection.issues.map((i) => ({ field: `settings.detection.${i.path}`, message: i.message }))),
    ...(reactivation.ok
      ? []
      : reactivation.issues.map((i) => ({ field: `settings.reactivation.${i.path}`, message: i.message }))),
    ...(outreach.ok
      ? []
      : outreach.issues.map((i) => ({ field: `settings.outreach.${i.path}`, message: i.message }))),
    ...(listening.ok
      ? []
      : listening.issues.map((i) => ({ field: `settings.listening.${i.path}`, message: i.message }))),
  ];
  if (!detection.ok || !reactivation.ok || !outreach.ok || !listening.ok) return { issues };
  return {
    effective: {
      detection: detection.settings,
      reactivation: reactivation.settings,
      outreach: outreach.settings,
      listening: listening.settings,
    },
  };
}

function view(tenant: Tenant): TenantView {
  const result = effectiveOf(tenant.settings);
  if ('issues' in result) {
    throw new AppError('validation_error', "the tenant's stored settings are invalid; PATCH them to fix", {
      issues: result.issues,
    });
  }
  return { ...tenant, settings: tenant.settings as TenantView['settings'], effective: result.effective };
}

export async function getTenantView(db: Db, tenantId: string): Promise<TenantView> {
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return view(tenant);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge for settings: objects merge, anything else replaces, null deletes. */
export function mergeSettings(stored: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(stored) ? { ...stored } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergeSettings(out[key], value);
  }
  return out;
}

/**
 * Changes the tenant's name, zone, language, currency or settings. The merged settings are
 * validated as a whole before anything is written: every bad field is reported, with its path.
 */
export async function updateTenant(db: Db, tenantId: string, patch: TenantPatch): Promise<TenantView> {
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  const issues: Issue[] = [];
  if (patch.timezone !== undefined && !isValidTimeZone(patch.timezone)) {
    issues.push({
      field: 'timezone',
      message: `"${patch.timezone}" is not an IANA time zone (e.g. America/Sao_Paulo)`,
    });
  }
  if (patch.locale !== undefined && !/^[a-z]{2,3}(-[A-Z]{2})?$/.test(patch.locale)) {
    issues.push({ field: 'locale', message: `"${patch.locale}" is not a locale such as pt-BR, ru or en` });
  }
  if (patch.currency !== undefined && !/^[A-Z]{3}$/.test(patch.currency.toUpperCase())) {
    issues.push({ field: 'currency', message: `"${patch.currency}" is not an ISO 4217 code such as BRL` });
  }
  let settings = tenant.settings;
  if (patch.settings !== undefined) {
    for (const key of Object.keys(patch.settings)) {
      if (!(SECTIONS as readonly string[]).includes(key)) {
        issues.push({ field: `settings.${key}`, message: `unknown section; use ${SECTIONS.join(' or ')}` });
      }
    }
    settings = mergeSettings(tenant.settings, patch.settings) as Record<string, unknown>;
    const checked = effectiveOf(settings);
    if ('issues' in checked) issues.push(...checked.issues);
  }
  if (issues.length > 0) {
    throw new AppError('validation_error', issues.map((i) => `${i.field}: ${i.message}`).join('; '), {
      issues,
    });
  }
  const row = await db
    .updateTable('tenants')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.currency !== undefined ? { currency: patch.currency.toUpperCase() } : {}),
      settings: JSON.stringify(settings),
      updated_at: sql`now()`,
    })
    .where('id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return view({ ...tenant, ...row, settings: row.settings });
}
