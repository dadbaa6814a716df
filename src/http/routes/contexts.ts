// PLACEHOLDER (helper C): GET /v1/contexts/:phone
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from './deps.ts';

export function contextRoutes(_deps: RouteDeps): FastifyPluginAsyncZod {
  return async () => {};
}
