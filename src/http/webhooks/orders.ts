import type { FastifyPluginAsync } from 'fastify';
import { providerWebhookRoutes } from '../../adapters/webhooks/http-route.ts';
import { ordersWebhook } from '../../adapters/webhooks/orders.ts';
import { webhookPorts } from '../../app/integrations.ts';
import type { RouteDeps } from '../routes/deps.ts';

/** `POST /webhooks/orders/{tenantId}`: see src/adapters/webhooks/orders.ts for verification and mapping. */
export function ordersWebhookRoutes(deps: RouteDeps): FastifyPluginAsync {
  return providerWebhookRoutes(ordersWebhook, webhookPorts(deps));
}
