import { formatDate, type LocalDate, localDate } from './dates.ts';
import { REPLY_LABELS, type ReplyLabel, type ReplyLanguage } from './types.ts';

/**
 * What the model is asked when the rules cannot decide: the labels with one line each, today's
 * local date and weekday (so "next Friday" resolves the same way the rules would), and strict
 * JSON back. Kept short — this runs on inbound replies, and a small model follows a short
 * instruction better than a long one.
 */
export const REPLY_PROMPT_VERSION = 'reply-classify-1';

const MEANING: Readonly<Record<ReplyLabel, string>> = {
  positive: 'accepts the offer or wants to book',
  negative: 'declines, not interested, not now',
  neutral: 'a question, thanks or greeting that decides nothing',
  opt_out: 'asks to stop receiving messages or to be removed',
  reschedule: 'wants another day or time (give the date if named)',
  other_offering: 'asks for a different service or product',
  other_staff: 'wants a different professional',
  away_until: 'temporarily unavailable until a date (give the date if named)',
};

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface ReplyPromptMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export function buildReplyPrompt(
  text: string,
  context: { readonly now: Date; readonly timeZone: string; readonly language: ReplyLanguage | null },
): ReplyPromptMessage[] {
  const today: LocalDate = localDate(context.now, context.timeZone);
  const weekday =
    WEEKDAY_NAMES[(new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7];
  const labels = REPLY_LABELS.map((label) => `- ${label}: ${MEANING[label]}`).join('\n');
  return [
    {
      role: 'system',
      content:
        "You classify a customer's reply to a salon, clinic, school or shop that invited them back. " +
        `Labels:\n${labels}\n` +
        `Today is ${weekday} ${formatDate(today)}. A date is the local calendar date YYYY-MM-DD, the next ` +
        'occurrence of what the customer named; omit it when none was named.\n' +
        'Answer with JSON only, no prose: {"label": "...", "confidence": 0.0-1.0, "date": "YYYY-MM-DD"}',
    },
    {
      role: 'user',
      content: `${context.language ? `Language: ${context.language}\n` : ''}Reply:\n${text}`,
    },
  ];
}

/** The JSON inside a model answer: code fences and text around the object removed. */
export function extractJson(answer: string): string | undefined {
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  return start >= 0 && end > start ? answer.slice(start, end + 1) : undefined;
}
