import { z } from 'zod';
import { isoDateTime } from './common.ts';

/** Dialog contexts for chat assistants (seed 003's `pendingAction`), read by phone. */

export const contextParamsSchema = z.object({
  phone: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('the customer’s phone in any common format; national numbers are read in the tenant’s country'),
});

const namedSchema = z.object({ id: z.string(), name: z.string() });

export const pendingActionSchema = z.object({
  type: z.literal('reactivation_response'),
  campaign: z.string().describe("'daily_run', 'plan', 'api' or a campaign id"),
  attemptId: z.string(),
  messageId: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  suggestedOffering: namedSchema.nullable(),
  suggestedStaff: namedSchema.nullable(),
  suggestedSlot: z
    .object({
      start: isoDateTime,
      end: isoDateTime,
      staffId: z.string().nullable(),
      staffName: z.string().nullable(),
    })
    .nullable(),
  daysInactive: z.number().nullable(),
  offerPct: z.number().nullable().describe('the offer the message made, percent; null when none'),
  messageText: z.string(),
  messageSentAt: isoDateTime,
  channel: z.string(),
  locale: z.string().nullable(),
});

export const dialogContextSchema = z.object({
  tenantId: z.string(),
  phone: z.string().describe('E.164'),
  pendingAction: pendingActionSchema.nullable(),
  lastReply: z
    .object({
      text: z.string(),
      label: z.string(),
      confidence: z.number(),
      date: z.string().optional(),
      at: isoDateTime,
    })
    .optional()
    .describe('the customer’s latest answer, once one came'),
  updatedAt: isoDateTime,
});

export const contextResponseSchema = z.object({
  context: dialogContextSchema,
  prompt: z
    .string()
    .describe('instructions for the chat assistant, in English; they name the language to answer in'),
  source: z
    .enum(['redis', 'postgres'])
    .describe('postgres: Redis is not configured, or was down when it was written'),
  ttlSeconds: z.number().int().nullable().describe('seconds until it expires; null when it does not'),
});
export type ContextResponse = z.infer<typeof contextResponseSchema>;
