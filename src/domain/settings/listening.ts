import { z } from 'zod';
import { deepFreeze, type ParsedSettings, parseSettings } from './parse-settings.ts';

/**
 * How a tenant listens (issue 6): `tenants.settings.listening`. What a reply does, how long a
 * chat assistant's dialog context lives, and how long after a touch an order still counts for it.
 */

const confirmationSchema = z
  .strictObject({
    /**
     * WhatsApp's Business Messaging Policy asks businesses to honour opt-out requests and
     * acknowledging one in the conversation is common practice; Chatwoot conversations are mostly
     * WhatsApp ones. An e-mail opt-out gets no e-mail back (mail after "unsubscribe" reads as spam),
     * and a webhook channel's receiver decides for itself.
     */
    whatsapp: z.boolean().default(true),
    chatwoot: z.boolean().default(true),
    email: z.boolean().default(false),
    webhook: z.boolean().default(false),
  })
  .prefault({});

const notifySchema = z.strictObject({
  /** The channel the operator is told on (the tenant needs a sender for it). */
  channel: z.enum(['whatsapp', 'email', 'webhook', 'chatwoot', 'log']),
  /** Their phone, e-mail address or endpoint reference, as the channel wants it. */
  recipient: z.string().trim().min(1).max(320),
});

export const listeningSettingsSchema = z
  .strictObject({
    /**
     * Days after a touch (a delivered message, a click on its link, an answer) in which an order
     * or booking is credited to the attempt. Seven days covers a salon's "book this week" and an
     * online course's "come back to module 2"; a longer window credits returns that would have
     * happened anyway, which the control group then has to absorb.
     */
    attributionWindowDays: z.number().int().min(1).max(90).default(7),
    /**
     * How long the dialog context of a sent message lives. Seed 003's chat assistant read it for
     * as long as the customer might answer; 72 hours spans a weekend and WhatsApp's 24-hour
     * service window three times over. Answers after it are still classified and acted on; only
     * the assistant no longer sees the pending action.
     */
    dialogTtlHours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(72),
    /** "Another day" without a date snoozes the customer this many days (seed 004 edge case 3). */
    rescheduleDays: z.number().int().min(1).max(90).default(7),
    /**
     * The rules answer first; below this confidence they are undecided and the model, when one is
     * configured, is asked (an opt-out the rules found never is).
     */
    minConfidence: z.number().min(0).max(1).default(0.6),
    optOutConfirmation: confirmationSchema,
    /** The replies an operator must see (positive, reschedule, other offering/staff, questions) go here. */
    notify: notifySchema.optional(),
  })
  .prefault({});

export type ListeningSettings = z.output<typeof listeningSettingsSchema>;
export type ParsedListeningSettings = ParsedSettings<ListeningSettings>;

export function parseListeningSettings(input: unknown): ParsedListeningSettings {
  return parseSettings(listeningSettingsSchema, input);
}

export const DEFAULT_LISTENING_SETTINGS: ListeningSettings = deepFreeze(
  listeningSettingsSchema.parse(undefined),
);

/** The settings in force for a tenant's stored settings; invalid stored ones fall back to the defaults. */
export function listeningSettingsOf(settings: unknown): ListeningSettings {
  const parsed = parseListeningSettings((settings as { listening?: unknown } | null)?.listening);
  return parsed.ok ? parsed.settings : DEFAULT_LISTENING_SETTINGS;
}
