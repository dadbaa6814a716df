// PLACEHOLDER (helper B): /v1/integrations
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from './deps.ts';

export function integrationRoutes(_deps: RouteDeps): FastifyPluginAsyncZod {
  return async () => {};
}
