import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTenant } from '../../adapters/db/kysely.ts';
import { invalid } from '../../app/errors.ts';
import { toInstantRange } from '../../app/instants.ts';
import {
  cancelMessage,
  createSender,
  enqueueMessage,
  getMessage,
  getSender,
  listMessages,
  listSenders,
  pauseSender,
  resumeSender,
  retryMessage,
  updateSender,
} from '../../app/outbound/index.ts';
import { errorResponseSchema, idParamsSchema } from '../../contracts/common.ts';
import {
  enqueueBodySchema,
  messageListQuerySchema,
  messagePageSchema,
  messageSchema,
  operatorBodySchema,
  pauseBodySchema,
  pauseResultSchema,
  retryBodySchema,
  senderCreateSchema,
  senderListQuerySchema,
  senderPatchSchema,
  senderSchema,
} from '../../contracts/outbound.ts';
import { asJson } from '../as-json.ts';
import type { RouteDeps } from './deps.ts';

const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** The send queue (direct sends, inspection, cancel, retry) and the senders it sends through. */
export function outboundRoutes({ db, publicUrl }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/messages',
      {
        schema: {
          tags: ['messages'],
          summary:
            'Queue one message (a direct send). Idempotent on idempotencyKey: the same key answers 200 with the ' +
            'message it first queued. An opted-out or blacklisted customer gets a skipped message, never a send',
          body: enqueueBodySchema,
          response: { 201: messageSchema, 200: messageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { trackLinks, ...body } = request.body;
        if (trackLinks && !publicUrl) {
          throw invalid(
            'trackLinks',
            'tracked links need PUBLIC_URL, the address /r/{code} links are served at',
          );
        }
        const { message, created } = await enqueueMessage(db, request.tenantId, {
          ...body,
          ...(publicUrl && trackLinks !== false ? { trackLinks: { publicUrl } } : {}),
          actor: `api-key:${request.apiKeyName}`,
        });
        return reply.code(created ? 201 : 200).send(asJson(message));
      },
    );

    app.get(
      '/messages',
      {
        schema: {
          tags: ['messages'],
          summary:
            'Messages, oldest first, filtered by status, kind, channel, customer, sender, attempt, recipient, time',
          querystring: messageListQuerySchema,
          response: { 200: messagePageSchema, 400: errorResponseSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const { from, to } = await withTenant(db, request.tenantId, (trx) =>
          toInstantRange(trx, request.tenantId, { from: q.from, to: q.to }),
        );
        return asJson(
          await listMessages(
            db,
            request.tenantId,
            {
              ...(q.status ? { statuses: q.status } : {}),
              ...(q.kind ? { kinds: q.kind } : {}),
              ...(q.channel ? { channels: q.channel } : {}),
              ...(q.customerId ? { customerId: q.customerId } : {}),
              ...(q.senderId ? { senderId: q.senderId } : {}),
              ...(q.attemptId ? { attemptId: q.attemptId } : {}),
              ...(q.recipient ? { recipient: q.recipient } : {}),
              ...(q.inDoubt !== undefined ? { inDoubt: q.inDoubt } : {}),
              ...(from ? { createdAfter: from } : {}),
              ...(to ? { createdBefore: to } : {}),
            },
            { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
          ),
        );
      },
    );

    app.get(
      '/messages/:id',
      {
        schema: {
          tags: ['messages'],
          summary: 'One message with every status change and provider answer',
          params: idParamsSchema,
          response: { 200: messageSchema, 404: errorResponseSchema },
        },
      },
      async (request) => asJson(await getMessage(db, request.tenantId, request.params.id)),
    );

    app.post(
      '/messages/:id/cancel',
      {
        schema: {
          tags: ['messages'],
          summary: 'Withdraw a queued message (or one in doubt)',
          params: idParamsSchema,
          body: operatorBodySchema,
          response: { 200: messageSchema, ...errors },
        },
      },
      async (request) =>
        asJson(
          await cancelMessage(db, request.tenantId, request.params.id, {
            actor: request.body?.actor ?? `api-key:${request.apiKeyName}`,
            ...(request.body?.reason ? { reason: request.body.reason } : {}),
          }),
        ),
    );

    app.post(
      '/messages/:id/retry',
      {
        schema: {
          tags: ['messages'],
          summary:
            'Queue a failed, cancelled or skipped message again now (the claim-time checks still apply); ' +
            'a message in doubt needs resendInDoubt',
          params: idParamsSchema,
          body: retryBodySchema,
          response: { 200: messageSchema, ...errors },
        },
      },
      async (request) =>
        asJson(
          await retryMessage(db, request.tenantId, request.params.id, {
            actor: request.body?.actor ?? `api-key:${request.apiKeyName}`,
            ...(request.body?.reason ? { reason: request.body.reason } : {}),
            ...(request.body?.resendInDoubt ? { resendInDoubt: true } : {}),
          }),
        ),
    );

    app.post(
      '/senders',
      {
        schema: {
          tags: ['senders'],
          summary:
            'Add a WhatsApp number, mailbox, Chatwoot inbox, webhook endpoint or log sender, with its caps; ' +
            'secrets are stored and never shown again in full',
          body: senderCreateSchema,
          response: { 201: senderSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(asJson(await createSender(db, request.tenantId, request.body as never))),
    );

    app.get(
      '/senders',
      {
        schema: {
          tags: ['senders'],
          summary: 'Senders with caps (as set and in force), warm-up level and health',
          querystring: senderListQuerySchema,
          response: { 200: senderSchema.array(), 400: errorResponseSchema },
        },
      },
      async (request) =>
        asJson(
          await listSenders(db, request.tenantId, {
            ...(request.query.channel ? { channel: request.query.channel } : {}),
            ...(request.query.health ? { health: request.query.health } : {}),
          }),
        ),
    );

    app.get(
      '/senders/:id',
      {
        schema: {
          tags: ['senders'],
          params: idParamsSchema,
          response: { 200: senderSchema, 404: errorResponseSchema },
        },
      },
      async (request) => asJson(await getSender(db, request.tenantId, request.params.id)),
    );

    app.patch(
      '/senders/:id',
      {
        schema: {
          tags: ['senders'],
          summary:
            'Change name, settings, secrets (merged; null removes), caps, recipient gap or warm-up level',
          params: idParamsSchema,
          body: senderPatchSchema,
          response: { 200: senderSchema, ...errors },
        },
      },
      async (request) =>
        asJson(await updateSender(db, request.tenantId, request.params.id, request.body as never)),
    );

    app.post(
      '/senders/:id/pause',
      {
        schema: {
          tags: ['senders'],
          summary:
            'Pause a sender (or mark it banned); its queued messages move to a healthy sender of the channel',
          params: idParamsSchema,
          body: pauseBodySchema,
          response: { 200: pauseResultSchema, ...errors },
        },
      },
      async (request) =>
        asJson(
          await pauseSender(db, request.tenantId, request.params.id, {
            reason: request.body.reason,
            ...(request.body.until ? { until: new Date(request.body.until) } : {}),
            ...(request.body.banned ? { banned: true } : {}),
          }),
        ),
    );

    app.post(
      '/senders/:id/resume',
      {
        schema: {
          tags: ['senders'],
          summary: 'Resume a paused sender',
          params: idParamsSchema,
          response: { 200: senderSchema, ...errors },
        },
      },
      async (request) => asJson(await resumeSender(db, request.tenantId, request.params.id)),
    );
  };
}
