import type { z } from 'zod';
import type { Channel } from '../../domain/outreach/channel.ts';
import { chatwootSecrets, chatwootSettings } from './chatwoot/client.ts';
import { smtpSecrets, smtpSettings } from './smtp/client.ts';
import { webhookSecrets, webhookSettings } from './webhook/client.ts';
import { whatsAppCloudSecrets, whatsAppCloudSettings } from './whatsapp-cloud/client.ts';

/** Each channel's settings and secrets schemas: what its client will read at send time. */
const SCHEMAS: Record<Channel, { settings: z.ZodType; secrets: z.ZodType } | null> = {
  whatsapp: { settings: whatsAppCloudSettings, secrets: whatsAppCloudSecrets },
  chatwoot: { settings: chatwootSettings, secrets: chatwootSecrets },
  email: { settings: smtpSettings, secrets: smtpSecrets },
  webhook: { settings: webhookSettings, secrets: webhookSecrets },
  log: null,
};

/**
 * A sender's configuration checked when it is added or changed, with the client's own schemas, so
 * a missing token is a 400 naming `secrets.accessToken` now rather than a paused sender at the
 * first send. Unknown keys pass: a later client version may read them.
 */
export function senderConfigIssues(
  channel: Channel,
  settings: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, unknown>>,
): { field: string; message: string }[] {
  const schemas = SCHEMAS[channel];
  if (!schemas) return [];
  const issues: { field: string; message: string }[] = [];
  for (const [part, schema, value] of [
    ['settings', schemas.settings, settings],
    ['secrets', schemas.secrets, secrets],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      issues.push({ field: [part, ...issue.path.map(String)].join('.'), message: issue.message });
    }
  }
  return issues;
}
