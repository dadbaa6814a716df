import { z } from 'zod';

/**
 * A tenant's connections to the systems that call Rekindle's webhooks: Hotmart (its hottok),
 * Chatwoot (the webhook's secret) and the generic signed `orders` endpoint (a shared key). The
 * secret is written once and only ever shown masked.
 */
export const INTEGRATION_PROVIDERS = ['hotmart', 'chatwoot', 'orders'] as const;
export const integrationProviderSchema = z.enum(INTEGRATION_PROVIDERS);
export type IntegrationProvider = z.infer<typeof integrationProviderSchema>;

/**
 * Non-secret options: scalars under short names. Known ones are type-checked:
 * `acceptTestEvents` (Hotmart: store the test-button payloads whose product id is 0) is a boolean.
 */
export const integrationSettingsSchema = z
  .record(
    z.string().trim().min(1).max(100),
    z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((settings) => Object.keys(settings).length <= 50, 'at most 50 settings')
  .superRefine((settings, ctx) => {
    if ('acceptTestEvents' in settings && typeof settings.acceptTestEvents !== 'boolean')
      ctx.addIssue({ code: 'custom', path: ['acceptTestEvents'], message: 'true or false' });
  });
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

export const integrationSecretSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(500, 'at most 500 characters')
  .refine((secret) => secret.trim() === secret, 'no leading or trailing spaces');

export const integrationPutSchema = z.object({
  secret: integrationSecretSchema,
  /** Replaces all settings when given; kept as they are when omitted. */
  settings: integrationSettingsSchema.optional(),
});
export type IntegrationPut = z.infer<typeof integrationPutSchema>;

export const integrationParamsSchema = z.object({ provider: integrationProviderSchema });

export const integrationSchema = z.object({
  provider: integrationProviderSchema,
  /** Masked: the last four characters of a long secret, never the whole. */
  secret: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Where the provider should POST: `{PUBLIC_URL}/webhooks/{provider}/{tenantId}`, or the path alone. */
  webhookUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The last verified delivery, if any. */
  lastEventAt: z.string().nullable(),
});
export type IntegrationView = z.infer<typeof integrationSchema>;

export const integrationListSchema = z.object({ items: z.array(integrationSchema) });
