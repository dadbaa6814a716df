import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from './deps.ts';

export function catalogRoutes(_deps: RouteDeps): FastifyPluginAsyncZod {
  return async () => {};
}
