// PLACEHOLDER (helper A): POST /v1/replies/classify
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from './deps.ts';

export function replyRoutes(_deps: RouteDeps): FastifyPluginAsyncZod {
  return async () => {};
}
