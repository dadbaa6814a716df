import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearDialogContext, lookUpDialogContext } from '../../app/dialog/lookup.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import { contextParamsSchema, contextResponseSchema } from '../../contracts/contexts.ts';
import type { RouteDeps } from './deps.ts';

/** Seed 003's dialog context, for a chat assistant talking to a customer. */
export function contextRoutes({ db, dialog }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contexts/:phone',
      {
        schema: {
          tags: ['contexts'],
          summary:
            'What the customer at this phone is answering: the pending reactivation message (what it suggested, ' +
            'their last answer and its class) and a ready prompt telling a chat assistant what to do next',
          params: contextParamsSchema,
          response: { 200: contextResponseSchema, 400: errorResponseSchema, 404: errorResponseSchema },
        },
      },
      async (request) => lookUpDialogContext(db, dialog, request.tenantId, request.params.phone),
    );

    app.delete(
      '/contexts/:phone',
      {
        schema: {
          tags: ['contexts'],
          summary: 'Forget the customer’s dialog context, e.g. once the assistant has made the booking',
          params: contextParamsSchema,
          response: { 204: z.null(), 400: errorResponseSchema },
        },
      },
      async (request, reply) => {
        await clearDialogContext(db, dialog, request.tenantId, request.params.phone);
        return reply.code(204).send(null);
      },
    );
  };
}
