// PLACEHOLDER (helper B): /webhooks/orders/:tenantId
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../routes/deps.ts';

export function ordersWebhookRoutes(_deps: RouteDeps): FastifyPluginAsync {
  return async () => {};
}
