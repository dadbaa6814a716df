import { z } from 'zod';
import { booleanQuery, isoDateTime, pageQuerySchema, pageSchema } from './common.ts';

export const trackedLinkSchema = z.object({
  code: z.string(),
  path: z.string().describe('the public path; the short link is PUBLIC_URL followed by it'),
  targetUrl: z.string(),
  customerId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  channel: z.string().nullable(),
  clicks: z.number().int().describe('counted clicks: people, never link-preview fetchers'),
  previews: z
    .number()
    .int()
    .describe('fetches by link-preview bots (WhatsApp, Slack, Telegram…), not counted'),
  firstClickedAt: isoDateTime.nullable(),
  lastClickedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

export const trackedLinkPageSchema = pageSchema(trackedLinkSchema);

export const linkListQuerySchema = pageQuerySchema.extend({
  customerId: z.uuid().optional(),
  attemptId: z.uuid().optional(),
  messageId: z.uuid().optional(),
  clicked: booleanQuery.describe('true: only links clicked at least once; false: only links never clicked'),
});
