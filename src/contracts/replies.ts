import { z } from 'zod';
import { REPLY_LABELS, REPLY_LANGUAGES } from '../domain/replies/types.ts';

/** Reply classification (issue 6): what a customer's answer means. */

export const MAX_REPLY_TEXT = 4000;

export const classifyReplyBodySchema = z.object({
  text: z
    .string()
    .min(1)
    .max(MAX_REPLY_TEXT)
    .refine((text) => text.trim() !== '', 'must not be blank')
    .describe("the customer's reply, as received"),
  locale: z
    .string()
    .min(2)
    .max(35)
    .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as pt-BR, ru, en or es')
    .optional()
    .describe('a hint (pt-BR, ru, en, es…); the text decides when absent'),
});
export type ClassifyReplyBody = z.infer<typeof classifyReplyBodySchema>;

export const replyClassificationSchema = z.object({
  label: z.enum(REPLY_LABELS),
  confidence: z.number().min(0).max(1),
  date: z.iso
    .date()
    .optional()
    .describe("reschedule / away_until: the customer's date, YYYY-MM-DD in the tenant's time zone"),
  by: z
    .enum(['rules', 'model'])
    .describe('rules and lexicon, or the model for what the rules left undecided'),
  language: z.enum(REPLY_LANGUAGES).nullable(),
});
export type ReplyClassificationResponse = z.infer<typeof replyClassificationSchema>;
