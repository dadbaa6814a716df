// PLACEHOLDER (helper B): /webhooks/chatwoot/:tenantId
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../routes/deps.ts';

export function chatwootWebhookRoutes(_deps: RouteDeps): FastifyPluginAsync {
  return async () => {};
}
