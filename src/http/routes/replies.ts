import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTenant } from '../../adapters/db/kysely.ts';
import { getTenant } from '../../app/tenants.ts';
import { errorResponseSchema } from '../../contracts/common.ts';
import { classifyReplyBodySchema, replyClassificationSchema } from '../../contracts/replies.ts';
import { listeningSettingsOf } from '../../domain/settings/listening.ts';
import type { RouteDeps } from './deps.ts';

/** What a customer's reply means, with "tomorrow" and "dia 15" resolved in the tenant's zone. */
export function replyRoutes({ db, classifier }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/replies/classify',
      {
        schema: {
          tags: ['replies'],
          summary:
            'Classify a reply: positive, negative, neutral, opt_out, reschedule, other_offering, other_staff or ' +
            'away_until, with confidence and the named date; rules and lexicon first, the model (when configured) ' +
            'only for what they leave undecided',
          body: classifyReplyBodySchema,
          response: { 200: replyClassificationSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const tenant = await withTenant(db, request.tenantId, (trx) => getTenant(trx, request.tenantId));
        const { text, locale } = request.body;
        return classifier.classify(text, {
          now: new Date(),
          timeZone: tenant?.timezone ?? 'UTC',
          minConfidence: listeningSettingsOf(tenant?.settings).minConfidence,
          ...(locale ? { locale } : {}),
        });
      },
    );
  };
}
