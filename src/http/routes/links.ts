// PLACEHOLDER (helper D): GET /r/:code (public) — registered outside /v1
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from './deps.ts';

export function linkRedirectRoutes(_deps: RouteDeps): FastifyPluginAsync {
  return async () => {};
}
