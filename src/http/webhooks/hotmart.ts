// PLACEHOLDER (helper B): /webhooks/hotmart/:tenantId
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../routes/deps.ts';

export function hotmartWebhookRoutes(_deps: RouteDeps): FastifyPluginAsync {
  return async () => {};
}
