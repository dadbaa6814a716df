import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getTenantView, updateTenant } from '../../app/tenant-settings.ts';
import { errorResponseSchema, isoDateTime } from '../../contracts/common.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

const tenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  locale: z.string(),
  currency: z.string(),
  createdAt: isoDateTime,
  settings: z.record(z.string(), z.unknown()).describe('what the tenant stored: only the values it chose'),
  effective: z
    .object({
      detection: z.record(z.string(), z.unknown()),
      reactivation: z.record(z.string(), z.unknown()),
      outreach: z.record(z.string(), z.unknown()),
      listening: z.record(z.string(), z.unknown()),
    })
    .describe('every setting in force, defaults filled in'),
});

const patchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    timezone: z.string().min(1).max(100).optional(),
    locale: z.string().min(2).max(10).optional(),
    currency: z.string().length(3).optional(),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('merged into what is stored, key by key; null removes a key so its default applies again'),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');

/** The calling tenant: its zone, language, currency, and detection and reactivation settings. */
export function tenantRoutes({
  db,
  onTenantChanged,
}: RouteDeps & { onTenantChanged?: (tenantId: string) => Promise<void> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tenant',
      {
        schema: {
          tags: ['tenant'],
          summary: 'The tenant with its stored settings and the effective ones (defaults filled in)',
          response: { 200: tenantSchema },
        },
      },
      async (request) => asJson(await getTenantView(db, request.tenantId)),
    );

    app.patch(
      '/tenant',
      {
        schema: {
          tags: ['tenant'],
          summary:
            'Change name, timezone, locale, currency or settings ({ detection, reactivation, outreach, listening }); the merged settings ' +
            'are validated whole and every bad field is named',
          body: patchSchema,
          response: { 200: tenantSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const updated = await updateTenant(db, request.tenantId, request.body);
        await onTenantChanged?.(request.tenantId);
        return asJson(updated);
      },
    );
  };
}
