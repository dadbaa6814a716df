import { z } from 'zod';
import { CHANNELS } from '../domain/outreach/channel.ts';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '../domain/outreach/message.ts';
import { booleanQuery, instantQuery, isoDateTime, listQuery, pageQuerySchema, pageSchema } from './common.ts';

const channelSchema = z.enum(CHANNELS);
const statusSchema = z.enum(MESSAGE_STATUSES);
const kindSchema = z.enum(MESSAGE_KINDS);
/** An opt-out's confirmation is Rekindle's own to send (it reaches opted-out customers): not the API's. */
const enqueueKindSchema = z.enum(MESSAGE_KINDS.filter((k) => k !== 'opt_out_confirmation'));

const templateSchema = z.object({
  name: z.string(),
  language: z.string(),
  bodyParams: z.array(z.string()),
});

export const messageSchema = z.object({
  id: z.uuid(),
  kind: kindSchema,
  channel: channelSchema,
  status: statusSchema,
  inDoubt: z
    .boolean()
    .describe(
      'sending with no worker on it: the provider may have it; a status webhook or an operator settles it',
    ),
  reconcileReason: z.string().nullable(),
  customerId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  senderId: z.uuid().nullable(),
  recipient: z.string(),
  text: z.string().nullable(),
  template: templateSchema.nullable(),
  subject: z.string().nullable(),
  labels: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  priority: z.number().int(),
  scheduledFor: isoDateTime,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  providerMessageId: z.string().nullable(),
  sentAs: z.enum(['text', 'template']).nullable(),
  idempotencyKey: z.string(),
  lease: z.object({ owner: z.string(), expiresAt: isoDateTime }).nullable(),
  dispatchedAt: isoDateTime.nullable(),
  sentAt: isoDateTime.nullable(),
  deliveredAt: isoDateTime.nullable(),
  readAt: isoDateTime.nullable(),
  failedAt: isoDateTime.nullable(),
  skipReason: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  events: z
    .array(
      z.object({
        at: isoDateTime,
        actor: z.string(),
        from: statusSchema.nullable(),
        to: statusSchema,
        attempt: z.number().int().nullable(),
        code: z.string().nullable(),
        note: z.string().nullable(),
        details: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});

export const messagePageSchema = pageSchema(messageSchema);

export const enqueueBodySchema = z
  .strictObject({
    channel: channelSchema,
    kind: enqueueKindSchema.optional(),
    customerId: z.uuid().optional(),
    customerExternalId: z.string().min(1).max(200).optional(),
    to: z
      .string()
      .min(1)
      .max(320)
      .optional()
      .describe('E.164 phone or e-mail address, instead of a customer'),
    text: z.string().min(1).max(100_000).optional(),
    template: z
      .strictObject({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(20),
        bodyParams: z.array(z.string().max(1024)).max(20).optional(),
      })
      .optional(),
    subject: z.string().min(1).max(998).optional(),
    labels: z.array(z.string().min(1).max(100)).max(20).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    priority: z.number().int().min(1).max(10).optional().describe('1–10, 10 most urgent'),
    scheduledFor: z.string().optional().describe('ISO 8601; without an offset, in the tenant zone'),
    idempotencyKey: z.string().min(1).max(200).optional().describe('the same key twice queues one message'),
    senderId: z.uuid().optional(),
    maxAttempts: z.number().int().min(1).max(50).optional(),
    trackLinks: z
      .boolean()
      .optional()
      .describe(
        'replace each http(s) URL in the text by a tracked short link (PUBLIC_URL/r/{code}); default: on when PUBLIC_URL is set',
      ),
  })
  .refine((b) => [b.customerId, b.customerExternalId, b.to].filter(Boolean).length === 1, {
    message: 'give exactly one of customerId, customerExternalId and to',
    path: ['to'],
  })
  .refine((b) => b.text !== undefined || b.template !== undefined, {
    message: 'give text, template or both',
    path: ['text'],
  });

export const messageListQuerySchema = pageQuerySchema.extend({
  status: listQuery(MESSAGE_STATUSES),
  kind: listQuery(MESSAGE_KINDS),
  channel: listQuery(CHANNELS),
  customerId: z.uuid().optional(),
  senderId: z.uuid().optional(),
  attemptId: z.uuid().optional(),
  recipient: z.string().min(1).max(320).optional(),
  inDoubt: booleanQuery,
  from: instantQuery.optional(),
  to: instantQuery.optional(),
});

export const operatorBodySchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).optional(),
    actor: z.string().trim().min(1).max(100).optional(),
  })
  .nullish();

export const retryBodySchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).optional(),
    actor: z.string().trim().min(1).max(100).optional(),
    resendInDoubt: z
      .boolean()
      .optional()
      .describe('required for a message in doubt: the provider may deliver it a second time'),
  })
  .nullish();

const capsSchema = z.object({
  perSecond: z.number().nullable(),
  perHour: z.number().nullable(),
  perDay: z.number().nullable(),
});

export const senderSchema = z.object({
  id: z.uuid(),
  channel: channelSchema,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string()).describe('masked: at most the last four characters'),
  caps: capsSchema,
  effectiveCaps: capsSchema.describe('the caps in force now, tightened by the warm-up level'),
  recipientGapSeconds: z.number(),
  warmup: z.object({
    level: z.number().int(),
    warmed: z.boolean(),
    startedAt: isoDateTime.nullable(),
    levelSince: isoDateTime.nullable(),
  }),
  health: z.object({
    status: z.enum(['healthy', 'paused', 'banned']),
    reason: z.string().nullable(),
    pausedAt: isoDateTime.nullable(),
    pausedUntil: isoDateTime.nullable(),
  }),
  quality: z.enum(['high', 'medium', 'low', 'unknown']),
  nextCapacityAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

const capsInput = z
  .strictObject({
    perSecond: z.number().positive().nullable().optional(),
    perHour: z.number().int().positive().nullable().optional(),
    perDay: z.number().int().positive().nullable().optional(),
  })
  .describe('a number, null for no cap; absent keeps the channel default');

export const senderCreateSchema = z.strictObject({
  channel: channelSchema,
  name: z.string().trim().min(1).max(200),
  settings: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.string()).optional(),
  caps: capsInput.optional(),
  recipientGapSeconds: z.number().min(0).max(86_400).optional(),
  warmUp: z.boolean().optional().describe('start at warm-up level 1 (a new number); default by channel'),
});

export const senderPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    secrets: z.record(z.string(), z.string().nullable()).optional(),
    caps: capsInput.optional(),
    recipientGapSeconds: z.number().min(0).max(86_400).optional(),
    warmupLevel: z.number().int().min(1).max(5).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');

export const senderListQuerySchema = z.object({
  channel: channelSchema.optional(),
  health: z.enum(['healthy', 'paused', 'banned']).optional(),
});

export const pauseBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
  until: z.iso.datetime({ offset: true }).optional(),
  banned: z.boolean().optional(),
});

export const pauseResultSchema = z.object({
  sender: senderSchema,
  movedTo: z.uuid().nullable(),
  moved: z.number().int(),
});
