import { z } from 'zod';
import { instantQuery, isoDateTime, listQuery } from './common.ts';

/**
 * The tag analytics of seed 002 §4.2: agents (or the assistant) label Chatwoot conversations
 * (`satisfeito`, `problema_acesso`…) and Rekindle keeps each conversation's current labels and
 * status, as the Chatwoot webhook delivers them, to count them.
 */

/** The statuses a Chatwoot conversation can have. */
export const CHATWOOT_STATUSES = ['open', 'resolved', 'pending', 'snoozed'] as const;

/** Where labelled conversations come from (the webhooks that write them). */
export const CONVERSATION_PROVIDERS = ['chatwoot'] as const;

/** The byStatus key of conversations whose status the provider never gave. */
export const UNKNOWN_STATUS = 'unknown';

export const conversationLabelSummaryQuerySchema = z.object({
  from: instantQuery
    .optional()
    .describe('conversations last updated at or after; a plain date is midnight in the tenant zone'),
  to: instantQuery
    .optional()
    .describe('conversations last updated before (exclusive); a plain date is midnight in the tenant zone'),
  status: listQuery(CHATWOOT_STATUSES).describe(
    `only conversations whose current status is one of these, comma-separated (${CHATWOOT_STATUSES.join(',')})`,
  ),
  provider: z.enum(CONVERSATION_PROVIDERS).optional().describe('only this provider; default all'),
});

const count = z.number().int().nonnegative();

export const conversationLabelSummarySchema = z.object({
  from: isoDateTime.nullable().describe('the instant `from` resolved to, null when not given'),
  to: isoDateTime.nullable().describe('the instant `to` resolved to, null when not given'),
  conversations: count.describe('conversations matched by the filters, labelled or not'),
  labelled: count.describe('of those, how many carry at least one label'),
  labels: z
    .array(
      z.object({
        label: z.string().describe('as Chatwoot stores it (lowercase slugs)'),
        conversations: count.describe('matched conversations carrying this label now'),
        share: z
          .number()
          .min(0)
          .max(1)
          .nullable()
          .describe(
            'conversations / all matched conversations, rounded to 4 decimals; null when none matched',
          ),
        byStatus: z
          .record(z.string(), count)
          .describe(
            `the same conversations by current status: every Chatwoot status (0 when none), any other status as ` +
              `stored, and "${UNKNOWN_STATUS}" for those whose status was never given`,
          ),
      }),
    )
    .describe('one line per label, most conversations first, then by label'),
});

export type ConversationLabelSummary = z.infer<typeof conversationLabelSummarySchema>;
export type ConversationLabelSummaryQuery = z.infer<typeof conversationLabelSummaryQuerySchema>;
