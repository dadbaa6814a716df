import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AttemptFilters } from '../../adapters/db/reactivation/attempts.repository.ts';
import { scan } from '../../app/detection/index.ts';
import { invalid } from '../../app/errors.ts';
import {
  approveAttempt,
  cancelAttempt,
  decideBatch,
  getAttempt,
  listAttempts,
  recordOutcome,
  rejectAttempt,
  startAttempt,
} from '../../app/reactivation/attempts.ts';
import { reactivationMetrics } from '../../app/reactivation/metrics.ts';
import type { Planner } from '../../app/reactivation/planner.ts';
import { errorResponseSchema, idParamsSchema } from '../../contracts/common.ts';
import { candidatesQuerySchema, candidatesResponseSchema } from '../../contracts/detection.ts';
import {
  approveBodySchema,
  attemptListQuerySchema,
  attemptPageSchema,
  attemptSchema,
  batchApproveBodySchema,
  batchRejectBodySchema,
  batchResultSchema,
  cancelBodySchema,
  createAttemptBodySchema,
  customerParamsSchema,
  inboxQuerySchema,
  metricsQuerySchema,
  metricsSchema,
  outcomeBodySchema,
  planBodySchema,
  planResultSchema,
  rejectBodySchema,
  startBodySchema,
} from '../../contracts/reactivation.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

const HOUR_MS = 3_600_000;

type FilterQuery = {
  strategy?: AttemptFilters['strategies'];
  triggerState?: AttemptFilters['triggerStates'];
  offeringId?: string;
  minValue?: number;
  maxValue?: number;
  olderThanHours?: number;
  newerThanHours?: number;
  ids?: readonly string[];
};

/** The inbox's filters (query string or batch body) as the repository's. */
function toFilters(q: FilterQuery, now = Date.now()): AttemptFilters {
  if (q.minValue !== undefined && q.maxValue !== undefined && q.minValue > q.maxValue) {
    throw invalid('minValue', 'must not be above maxValue');
  }
  return {
    ...(q.strategy ? { strategies: q.strategy } : {}),
    ...(q.triggerState ? { triggerStates: q.triggerState } : {}),
    ...(q.offeringId ? { offeringId: q.offeringId } : {}),
    ...(q.minValue !== undefined ? { minValueAtRisk: q.minValue } : {}),
    ...(q.maxValue !== undefined ? { maxValueAtRisk: q.maxValue } : {}),
    ...(q.olderThanHours !== undefined ? { createdBefore: new Date(now - q.olderThanHours * HOUR_MS) } : {}),
    ...(q.newerThanHours !== undefined ? { createdAfter: new Date(now - q.newerThanHours * HOUR_MS) } : {}),
    ...(q.ids ? { ids: q.ids } : {}),
  };
}

const actorOf = (request: FastifyRequest, given?: string | null) => given ?? `api-key:${request.apiKeyName}`;

const attemptResponses = {
  200: attemptSchema,
  400: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
};

/**
 * Seed 000's /v1/reactivation set — candidates, attempts and their lifecycle, history, metrics,
 * strategy effectiveness — plus the approval inbox (seed 002) and planning on demand.
 */
export function reactivationRoutes({
  db,
  planner,
  publicUrl,
}: RouteDeps & { planner: Planner }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['reactivation'];

    app.get(
      '/reactivation/candidates',
      {
        schema: {
          tags,
          summary: 'Reactivation candidates in priority order (the same scan as GET /v1/candidates)',
          querystring: candidatesQuerySchema,
          response: { 200: candidatesResponseSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { asOf, state, minRisk, vip, offeringId, limit, cursor } = request.query;
        return asJson(
          await scan(db, request.tenantId, {
            ...(asOf ? { asOf } : {}),
            filters: {
              ...(state ? { states: state } : {}),
              ...(minRisk !== undefined ? { minRisk } : {}),
              ...(vip !== undefined ? { vip } : {}),
              ...(offeringId ? { offeringId } : {}),
            },
            limit,
            ...(cursor ? { cursor } : {}),
          }),
        );
      },
    );

    app.post(
      '/reactivation/attempts',
      {
        schema: {
          tags,
          summary:
            'Create an attempt for one candidate now: decide (or use the given strategy), hold out as control ' +
            'by the stable draw, find slots, write the message; 409 with the reasons when the customer is not a candidate',
          body: createAttemptBodySchema,
          response: {
            201: attemptSchema,
            400: errorResponseSchema,
            404: errorResponseSchema,
            409: errorResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const { customerId, strategy, asOf, actor } = request.body;
        const attempt = await planner.createOne(db, request.tenantId, customerId, {
          actor: actorOf(request, actor),
          ...(strategy ? { strategy } : {}),
          ...(asOf ? { asOf } : {}),
        });
        return reply.code(201).send(asJson(attempt));
      },
    );

    app.get(
      '/reactivation/attempts',
      {
        schema: {
          tags,
          summary:
            'Attempts, oldest first, filtered by status, strategy, trigger state, offering, value, age, control',
          querystring: attemptListQuerySchema,
          response: { 200: attemptPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { status, control, customerId, limit, cursor, ...rest } = request.query;
        const filters = {
          ...toFilters(rest),
          ...(status ? { statuses: status } : {}),
          ...(control !== undefined ? { control } : {}),
          ...(customerId ? { customerId } : {}),
        };
        return asJson(
          await listAttempts(db, request.tenantId, filters, { limit, ...(cursor ? { cursor } : {}) }),
        );
      },
    );

    app.get(
      '/reactivation/attempts/:id',
      {
        schema: {
          tags,
          summary: 'One attempt with its explanation, message and every status change',
          params: idParamsSchema,
          response: { 200: attemptSchema, 404: errorResponseSchema },
        },
      },
      async (request) => asJson(await getAttempt(db, request.tenantId, request.params.id)),
    );

    app.post(
      '/reactivation/attempts/:id/start',
      {
        schema: {
          tags,
          summary: 'APPROVED → IN_PROGRESS: the attempt is being worked (sent, or an operator is on it)',
          params: idParamsSchema,
          body: startBodySchema,
          response: attemptResponses,
        },
      },
      async (request) => {
        const body = request.body ?? {};
        return asJson(
          await startAttempt(db, request.tenantId, request.params.id, {
            actor: actorOf(request, body.actor),
            ...(body.channel ? { channel: body.channel } : {}),
            ...(body.assignedTo ? { assignedTo: body.assignedTo } : {}),
          }),
        );
      },
    );

    app.post(
      '/reactivation/attempts/:id/outcome',
      {
        schema: {
          tags,
          summary:
            'IN_PROGRESS → WON (REACTIVATED, PARTIAL) or LOST (NO_RESPONSE, DECLINED, CHURNED), with the next order, discount given and cost',
          params: idParamsSchema,
          body: outcomeBodySchema,
          response: attemptResponses,
        },
      },
      async (request) => {
        const { outcome, notes, nextOrderAt, nextOrderValue, discountGivenPct, cost, actor } = request.body;
        return asJson(
          await recordOutcome(db, request.tenantId, request.params.id, {
            actor: actorOf(request, actor),
            outcome,
            ...(notes !== undefined ? { notes } : {}),
            ...(nextOrderAt ? { nextOrderAt: new Date(nextOrderAt) } : {}),
            ...(nextOrderValue !== undefined ? { nextOrderValue } : {}),
            ...(discountGivenPct !== undefined ? { discountGivenPct } : {}),
            ...(cost !== undefined ? { cost } : {}),
          }),
        );
      },
    );

    app.post(
      '/reactivation/attempts/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel an open attempt',
          params: idParamsSchema,
          body: cancelBodySchema,
          response: attemptResponses,
        },
      },
      async (request) =>
        asJson(
          await cancelAttempt(db, request.tenantId, request.params.id, {
            actor: actorOf(request, request.body?.actor),
            reason: request.body?.reason ?? 'cancelled',
          }),
        ),
    );

    app.get(
      '/reactivation/active',
      {
        schema: {
          tags,
          summary: 'Open attempts: PLANNED, SUGGESTED, APPROVED and IN_PROGRESS',
          querystring: attemptListQuerySchema.omit({ status: true }),
          response: { 200: attemptPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { control, customerId, limit, cursor, ...rest } = request.query;
        return asJson(
          await listAttempts(
            db,
            request.tenantId,
            {
              ...toFilters(rest),
              statuses: ['PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS'],
              ...(control !== undefined ? { control } : {}),
              ...(customerId ? { customerId } : {}),
            },
            { limit, ...(cursor ? { cursor } : {}) },
          ),
        );
      },
    );

    app.get(
      '/reactivation/history/:customerId',
      {
        schema: {
          tags,
          summary: "A customer's attempts, oldest first",
          params: customerParamsSchema,
          querystring: attemptListQuerySchema.pick({ limit: true, cursor: true }),
          response: { 200: attemptPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) =>
        asJson(
          await listAttempts(
            db,
            request.tenantId,
            { customerId: request.params.customerId },
            { limit: request.query.limit, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) },
          ),
        ),
    );

    app.get(
      '/reactivation/metrics',
      {
        schema: {
          tags,
          summary:
            'KPIs of attempts created in [from, to): win rate, revenue of next orders, days to order, cost, discount, lift over control',
          querystring: metricsQuerySchema,
          response: { 200: metricsSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const range = await planner.resolveRange(db, request.tenantId, request.query);
        return asJson(await reactivationMetrics(db, request.tenantId, range));
      },
    );

    app.get(
      '/reactivation/strategy-effectiveness',
      {
        schema: {
          tags,
          summary:
            "Each strategy's win rate, revenue per attempt and cost per win, beside its own control group",
          querystring: metricsQuerySchema,
          response: { 200: metricsSchema.shape.byStrategy, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const range = await planner.resolveRange(db, request.tenantId, request.query);
        return asJson((await reactivationMetrics(db, request.tenantId, range)).byStrategy);
      },
    );

    app.post(
      '/reactivation/plan',
      {
        schema: {
          tags,
          summary:
            "Run the day's planning now (what the daily run does): expire old suggestions, then create attempts for " +
            'the top candidates — suggestions in SUGGEST_ONLY mode, approved ones in AUTO_SEND',
          body: planBodySchema,
          response: { 200: planResultSchema, 400: errorResponseSchema },
        },
      },
      async (request) =>
        asJson(
          await planner.run(db, request.tenantId, {
            origin: 'plan',
            actor: actorOf(request),
            ...(request.body?.asOf ? { asOf: request.body.asOf } : {}),
            ...(request.body?.limit ? { limit: request.body.limit } : {}),
          }),
        ),
    );

    // The approval inbox: suggestions waiting for a person.

    app.get(
      '/reactivation/inbox',
      {
        schema: {
          tags: ['approval'],
          summary:
            'Suggestions waiting for approval, oldest first, filtered by strategy, state, offering, value, age',
          querystring: inboxQuerySchema,
          response: { 200: attemptPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { limit, cursor, ...rest } = request.query;
        return asJson(
          await listAttempts(
            db,
            request.tenantId,
            { ...toFilters(rest), statuses: ['SUGGESTED'] },
            { limit, ...(cursor ? { cursor } : {}) },
          ),
        );
      },
    );

    app.post(
      '/reactivation/inbox/:id/approve',
      {
        schema: {
          tags: ['approval'],
          summary:
            'Approve a suggestion, optionally with an edited text (checked: length, placeholders, offer, language)',
          params: idParamsSchema,
          body: approveBodySchema,
          response: attemptResponses,
        },
      },
      async (request) => {
        const body = request.body ?? {};
        return asJson(
          await approveAttempt(
            db,
            request.tenantId,
            request.params.id,
            {
              actor: actorOf(request, body.actor),
              ...(body.text !== undefined ? { text: body.text } : {}),
              ...(body.note ? { note: body.note } : {}),
            },
            planner.checkText,
            publicUrl ? { publicUrl } : {},
          ),
        );
      },
    );

    app.post(
      '/reactivation/inbox/:id/reject',
      {
        schema: {
          tags: ['approval'],
          summary: 'Reject a suggestion with a reason',
          params: idParamsSchema,
          body: rejectBodySchema,
          response: attemptResponses,
        },
      },
      async (request) =>
        asJson(
          await rejectAttempt(db, request.tenantId, request.params.id, {
            actor: actorOf(request, request.body.actor),
            reason: request.body.reason,
          }),
        ),
    );

    app.post(
      '/reactivation/inbox/approve',
      {
        schema: {
          tags: ['approval'],
          summary:
            'Approve every suggestion matching the filter (e.g. {"triggerState":["AT_RISK"],"offeringId":"…"}), at most 1,000 per call',
          body: batchApproveBodySchema,
          response: { 200: batchResultSchema, 400: errorResponseSchema },
        },
      },
      async (request) =>
        decideBatch(db, request.tenantId, toFilters(request.body.filter), {
          kind: 'approve',
          input: { actor: actorOf(request, request.body.actor) },
          checkText: planner.checkText,
        }),
    );

    app.post(
      '/reactivation/inbox/reject',
      {
        schema: {
          tags: ['approval'],
          summary: 'Reject every suggestion matching the filter, with a reason, at most 1,000 per call',
          body: batchRejectBodySchema,
          response: { 200: batchResultSchema, 400: errorResponseSchema },
        },
      },
      async (request) =>
        decideBatch(db, request.tenantId, toFilters(request.body.filter), {
          kind: 'reject',
          input: { actor: actorOf(request, request.body.actor), reason: request.body.reason },
        }),
    );
  };
}
