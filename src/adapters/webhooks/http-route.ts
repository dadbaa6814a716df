import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { type ReceivePorts, receiveWebhook } from './receive.ts';
import type { ProviderWebhook } from './shared.ts';

/** Far above any real delivery (a Hotmart purchase is ~3 KB, 500 orders ~500 KB), far below harm. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /webhooks/{provider}/{tenantId}` for one provider. The body is kept as the exact bytes
 * whatever its content type — signatures cover them — and parsed only after verification; larger
 * than WEBHOOK_BODY_LIMIT is a 413 before any of it is read into memory.
 */
export function providerWebhookRoutes(webhook: ProviderWebhook, ports: ReceivePorts): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // Scoped to this plugin: the API's own JSON parsing is untouched.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post<{ Params: { tenantId: string }; Querystring: Record<string, unknown> }>(
      `/webhooks/${webhook.provider}/:tenantId`,
      { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { hide: true } },
      async (request, reply) => {
        const answer = await receiveWebhook(webhook, ports, {
          tenantId: request.params.tenantId,
          raw: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          headers: request.headers,
          query: request.query ?? {},
        });
        return reply.code(answer.status).send(answer.body);
      },
    );
  };
}
