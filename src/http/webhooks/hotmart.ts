import type { FastifyPluginAsync } from 'fastify';
import { hotmartWebhook } from '../../adapters/webhooks/hotmart.ts';
import { providerWebhookRoutes } from '../../adapters/webhooks/http-route.ts';
import { webhookPorts } from '../../app/integrations.ts';
import type { RouteDeps } from '../routes/deps.ts';

/** `POST /webhooks/hotmart/{tenantId}`: see src/adapters/webhooks/hotmart.ts for verification and mapping. */
export function hotmartWebhookRoutes(deps: RouteDeps): FastifyPluginAsync {
  return providerWebhookRoutes(hotmartWebhook, webhookPorts(deps));
}
