import { z } from 'zod';
import { REPLY_LABELS } from '../domain/replies/types.ts';
import { booleanQuery, isoDateTime, listQuery, pageQuerySchema, pageSchema } from './common.ts';

export const replySchema = z.object({
  id: z.uuid(),
  channel: z.string(),
  from: z.string(),
  customerId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  messageId: z.uuid().nullable().describe('the outbound message it answers'),
  text: z.string(),
  label: z.enum(REPLY_LABELS),
  confidence: z.number(),
  awayUntil: z.string().nullable().describe('reschedule / away_until: the date the customer named'),
  classifiedBy: z.enum(['rules', 'model']),
  action: z.string().describe('suppressed, declined, in_progress, snoozed, preferences or noted'),
  actionNote: z.string().nullable(),
  receivedAt: isoDateTime,
});

export const repliesQuerySchema = pageQuerySchema.extend({
  label: listQuery(REPLY_LABELS),
  customerId: z.uuid().optional(),
  attemptId: z.uuid().optional(),
});
export const replyPageSchema = pageSchema(replySchema);

export const conversionSchema = z.object({
  attemptId: z.uuid(),
  customerId: z.uuid(),
  control: z.boolean(),
  source: z.object({ kind: z.enum(['activity', 'booking']), id: z.uuid() }),
  value: z.number(),
  occurredAt: isoDateTime,
  touch: z.enum(['message', 'click', 'reply', 'control']).describe('the last touch before it, credited'),
  touchedAt: isoDateTime,
});

export const conversionsQuerySchema = pageQuerySchema.extend({
  control: booleanQuery,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const conversionPageSchema = pageSchema(conversionSchema).extend({
  totals: z.object({
    treated: z.object({ conversions: z.number(), revenue: z.number() }),
    control: z.object({ conversions: z.number(), revenue: z.number() }),
  }),
});

const INBOX_STATUSES = ['pending', 'processing', 'processed', 'failed', 'ignored'] as const;
const PROVIDERS = ['whatsapp', 'chatwoot', 'hotmart', 'orders'] as const;

export const inboxEventSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  key: z.string(),
  type: z.string(),
  status: z.enum(INBOX_STATUSES),
  tries: z.number().int(),
  note: z.string().nullable().describe('what processing did, or why it failed'),
  receivedAt: isoDateTime,
  processedAt: isoDateTime.nullable(),
  event: z.unknown(),
});

export const inboxQuerySchema = pageQuerySchema.extend({
  status: listQuery(INBOX_STATUSES),
  provider: listQuery(PROVIDERS),
});
export const inboxPageSchema = pageSchema(inboxEventSchema);
