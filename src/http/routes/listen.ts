import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTenant } from '../../adapters/db/kysely.ts';
import {
  conversionTotals,
  listConversions,
  listInboxEvents,
  listReplies,
  retryInboxEvent,
} from '../../adapters/db/listen/views.repository.ts';
import { notFound } from '../../app/errors.ts';
import { errorResponseSchema, idParamsSchema } from '../../contracts/common.ts';
import {
  conversionPageSchema,
  conversionsQuerySchema,
  inboxEventSchema,
  inboxPageSchema,
  inboxQuerySchema,
  repliesQuerySchema,
  replyPageSchema,
} from '../../contracts/listen.ts';
import type { RouteDeps } from './deps.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** What customers answered, what it earned, and what the webhooks brought in (issue 6). */
export function listenRoutes({ db, inbox }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/replies',
      {
        schema: {
          tags: ['replies'],
          summary: 'Customer answers, newest last: how each was classified and what Rekindle did about it',
          querystring: repliesQuerySchema,
          response: { 200: replyPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { limit, cursor, label, customerId, attemptId } = request.query;
        const page = await withTenant(db, request.tenantId, (trx) =>
          listReplies(
            trx,
            request.tenantId,
            {
              ...(label ? { label } : {}),
              ...(customerId ? { customerId } : {}),
              ...(attemptId ? { attemptId } : {}),
            },
            { limit, ...(cursor ? { cursor } : {}) },
          ),
        );
        return {
          items: page.rows.map((r) => ({
            id: r.id,
            channel: r.channel,
            from: r.sender,
            customerId: r.customer_id,
            attemptId: r.attempt_id,
            messageId: r.message_id,
            text: r.text,
            label: r.label,
            confidence: Number(r.confidence),
            awayUntil: r.away_until ? String(r.away_until).slice(0, 10) : null,
            classifiedBy: r.classified_by as 'rules' | 'model',
            action: r.action,
            actionNote: r.action_note,
            receivedAt: iso(r.received_at),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/conversions',
      {
        schema: {
          tags: ['replies'],
          summary:
            'Orders and bookings credited to attempts (last touch inside the attribution window), treated and control, with totals',
          querystring: conversionsQuerySchema,
          response: { 200: conversionPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { limit, cursor, control, from, to } = request.query;
        const filters = {
          ...(control !== undefined ? { control } : {}),
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
        };
        const { page, totals } = await withTenant(db, request.tenantId, async (trx) => ({
          page: await listConversions(trx, request.tenantId, filters, {
            limit,
            ...(cursor ? { cursor } : {}),
          }),
          totals: await conversionTotals(trx, request.tenantId, {
            ...(from ? { from: new Date(from) } : {}),
            ...(to ? { to: new Date(to) } : {}),
          }),
        }));
        const group = (isControl: boolean) => {
          const t = totals.find((x) => x.control === isControl);
          return { conversions: t?.conversions ?? 0, revenue: t?.revenue ?? 0 };
        };
        return {
          items: page.rows.map((r) => ({
            attemptId: r.id,
            customerId: r.customer_id,
            control: r.control,
            source: { kind: r.source_kind, id: r.source_id },
            value: Number(r.value),
            occurredAt: iso(r.occurred_at),
            touch: r.touch,
            touchedAt: iso(r.touched_at),
          })),
          nextCursor: page.nextCursor,
          totals: { treated: group(false), control: group(true) },
        };
      },
    );

    app.get(
      '/inbox/events',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Events the webhooks stored (verified, once each) and what processing made of them',
          querystring: inboxQuerySchema,
          response: { 200: inboxPageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const { limit, cursor, status, provider } = request.query;
        const page = await withTenant(db, request.tenantId, (trx) =>
          listInboxEvents(
            trx,
            request.tenantId,
            { ...(status ? { status } : {}), ...(provider ? { provider } : {}) },
            { limit, ...(cursor ? { cursor } : {}) },
          ),
        );
        return {
          items: page.rows.map((r) => ({
            id: r.id,
            provider: r.provider,
            key: r.event_key,
            type: r.event_type,
            status: r.status,
            tries: r.attempts,
            note: r.last_error,
            receivedAt: iso(r.received_at),
            processedAt: r.processed_at ? iso(r.processed_at) : null,
            event: r.payload,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/inbox/events/:id/retry',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Processes a failed event again',
          params: idParamsSchema,
          response: { 202: inboxEventSchema.pick({ id: true, status: true }), 404: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const retried = await withTenant(db, request.tenantId, (trx) =>
          retryInboxEvent(trx, request.tenantId, request.params.id),
        );
        if (!retried) throw notFound('failed inbox event', request.params.id);
        inbox.process?.(request.tenantId);
        return reply.code(202).send({ id: request.params.id, status: 'pending' as const });
      },
    );
  };
}
