import type { FastifyPluginAsync } from 'fastify';
import { chatwootWebhook } from '../../adapters/webhooks/chatwoot.ts';
import { providerWebhookRoutes } from '../../adapters/webhooks/http-route.ts';
import { webhookPorts } from '../../app/integrations.ts';
import type { RouteDeps } from '../routes/deps.ts';

/** `POST /webhooks/chatwoot/{tenantId}`: see src/adapters/webhooks/chatwoot.ts for verification and mapping. */
export function chatwootWebhookRoutes(deps: RouteDeps): FastifyPluginAsync {
  return providerWebhookRoutes(chatwootWebhook, webhookPorts(deps));
}
