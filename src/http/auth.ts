import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../adapters/db/kysely.ts';
import { AppError } from '../app/errors.ts';
import { findApiKey } from '../app/tenants.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer-key hook on every /v1 route; empty elsewhere. */
    tenantId: string;
    /** The API key's name: who acted, in audit trails (`api-key:<name>`). */
    apiKeyName: string;
  }
}

/**
 * Every /v1 route needs `Authorization: Bearer <api key>`. Missing, malformed, unknown and
 * revoked keys all get the same 401, so the answer reveals nothing about which keys exist.
 */
export function registerBearerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('tenantId', '');
  app.decorateRequest('apiKeyName', '');
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match?.[1] ? await findApiKey(db, match[1]) : undefined;
    if (!key) {
      throw new AppError('unauthorized', 'missing or invalid API key: send Authorization: Bearer <api key>');
    }
    request.tenantId = key.tenantId;
    request.apiKeyName = key.name;
  });
}
