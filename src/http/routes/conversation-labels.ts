import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { conversationLabelReport } from '../../app/listen/conversation-labels.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import {
  conversationLabelSummaryQuerySchema,
  conversationLabelSummarySchema,
} from '../../contracts/conversation-labels.ts';
import type { RouteDeps } from './deps.ts';

/**
 * The tag analytics of seed 002 §4.2: how the labels agents put on Chatwoot conversations
 * (`satisfeito`, `problema_acesso`…) add up, per label and status (registered under /v1).
 */
export function conversationLabelRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/conversation-labels/summary',
      {
        schema: {
          tags: ['replies'],
          summary:
            'Chat conversations (Chatwoot) last updated in [from, to) per label they carry now, with the share ' +
            'of all matched conversations and the count per status',
          querystring: conversationLabelSummaryQuerySchema,
          response: { 200: conversationLabelSummarySchema, 400: errorResponseSchema },
        },
      },
      async (request) => conversationLabelReport(db, request.tenantId, request.query),
    );
  };
}
