import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listIntegrations, putIntegration, removeIntegration } from '../../app/integrations.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import {
  integrationListSchema,
  integrationParamsSchema,
  integrationPutSchema,
  integrationSchema,
} from '../../contracts/integrations.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

/** The tenant's Hotmart, Chatwoot and orders integrations: the secrets their webhooks are verified with. */
export function integrationRoutes({ db, publicUrl }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/integrations',
      {
        schema: {
          tags: ['integrations'],
          summary: 'The connected providers, with masked secrets and the webhook URL to give each provider',
          response: { 200: integrationListSchema },
        },
      },
      async (request) => asJson({ items: await listIntegrations(db, request.tenantId, publicUrl) }),
    );

    app.put(
      '/integrations/:provider',
      {
        schema: {
          tags: ['integrations'],
          summary:
            'Connect hotmart, chatwoot or orders, or replace its secret (Hotmart: the hottok; Chatwoot: the ' +
            "webhook's secret; orders: the signing key). Settings are replaced when given, kept when omitted",
          params: integrationParamsSchema,
          body: integrationPutSchema,
          response: { 201: integrationSchema, 200: integrationSchema, 400: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const { integration, created } = await putIntegration(
          db,
          request.tenantId,
          request.params.provider,
          request.body,
          publicUrl,
        );
        return reply.code(created ? 201 : 200).send(asJson(integration));
      },
    );

    app.delete(
      '/integrations/:provider',
      {
        schema: {
          tags: ['integrations'],
          summary: 'Disconnect a provider: its webhook answers 401 from then on',
          params: integrationParamsSchema,
          response: { 204: z.null(), 400: errorResponseSchema, 404: errorResponseSchema },
        },
      },
      async (request, reply) => {
        await removeIntegration(db, request.tenantId, request.params.provider);
        return reply.code(204).send(null);
      },
    );
  };
}
