import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerInsights, fitModel, recomputeTenantMedians, scan } from '../../app/detection/index.ts';
import { errorResponseSchema, idParamsSchema } from '../../contracts/common.ts';
import {
  asOfBodySchema,
  candidatesQuerySchema,
  candidatesResponseSchema,
  insightsQuerySchema,
  insightsSchema,
  mediansResponseSchema,
  modelFitResponseSchema,
} from '../../contracts/detection.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

/** Who is slipping away (candidates), one customer explained (insights), and what they rest on. */
export function detectionRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/candidates',
      {
        schema: {
          tags: ['detection'],
          summary:
            'Scan the tenant: reactivation candidates (or everyone, with all=true) in priority order, ' +
            'VIP → regular → new, then value at risk, then how overdue; with a summary of the whole tenant. ' +
            'Without asOf the scan is of the present and stores lifecycle state changes.',
          querystring: candidatesQuerySchema,
          response: { 200: candidatesResponseSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { asOf, state, minRisk, vip, offeringId, all, limit, cursor } = request.query;
        const result = await scan(db, request.tenantId, {
          ...(asOf ? { asOf } : {}),
          includeAll: all ?? false,
          filters: {
            ...(state ? { states: state } : {}),
            ...(minRisk !== undefined ? { minRisk } : {}),
            ...(vip !== undefined ? { vip } : {}),
            ...(offeringId ? { offeringId } : {}),
          },
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return asJson(result);
      },
    );

    app.get(
      '/customers/:id/insights',
      {
        schema: {
          tags: ['detection'],
          summary:
            "A customer's lifecycle state and its history, expected intervals per offering with their " +
            'sources, model figures, preferences, and why they are or are not a candidate',
          params: idParamsSchema,
          querystring: insightsQuerySchema,
          response: { 200: insightsSchema, 400: errorResponseSchema, 404: errorResponseSchema },
        },
      },
      async (request) =>
        asJson(await customerInsights(db, request.tenantId, request.params.id, request.query.asOf)),
    );

    app.post(
      '/model/fit',
      {
        schema: {
          tags: ['detection'],
          summary:
            'Fit the customer-base model (BG/NBD and Gamma-Gamma) to completed activities up to asOf ' +
            '(default now) and store it; scans use the latest fit of the week before their asOf',
          body: asOfBodySchema,
          response: { 200: modelFitResponseSchema, 400: errorResponseSchema, 409: errorResponseSchema },
        },
      },
      async (request) => asJson(await fitModel(db, request.tenantId, request.body?.asOf)),
    );

    app.post(
      '/intervals/recompute',
      {
        schema: {
          tags: ['detection'],
          summary:
            "Recompute the tenant's median interval per offering (and over all offerings) from completed " +
            'visits up to asOf (default now); scans of the present also do this when the medians are a day old',
          body: asOfBodySchema,
          response: { 200: mediansResponseSchema, 400: errorResponseSchema },
        },
      },
      async (request) => asJson(await recomputeTenantMedians(db, request.tenantId, request.body?.asOf)),
    );
  };
}
