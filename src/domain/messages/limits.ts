/** Where a message goes. `log` is the dry-run channel that stands in for a real one. */
export const MESSAGE_CHANNELS = ['whatsapp', 'email', 'chatwoot', 'sms', 'webhook', 'log'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * The longest text, in characters (Unicode code points), each channel takes: for the first touch
 * (a customer who has not heard from the business in a while) and for later messages.
 *
 * - WhatsApp first touch 250: seed 003's measured rule ("message length < 250 chars") — a
 *   reactivation that reads like one chat bubble gets answered; a wall of text reads like spam
 *   and gets the number reported. Later messages are replies inside a conversation: 1000.
 * - E-mail 2000: room for a greeting, two short paragraphs and the slots, still one screen.
 * - Chatwoot 1000: an agent's inbox reply, the same as a later WhatsApp message.
 * - SMS 306: two concatenated GSM-7 segments (2 × 153); a third segment costs more and lands
 *   out of order on some handsets.
 * - Webhook 1000: the receiving system is unknown, so the chat limit.
 * - Log: like WhatsApp, the channel it usually stands in for.
 */
export const MESSAGE_LIMITS: Readonly<
  Record<MessageChannel, { readonly firstTouch: number; readonly later: number }>
> = {
  whatsapp: { firstTouch: 250, later: 1000 },
  email: { firstTouch: 2000, later: 2000 },
  chatwoot: { firstTouch: 1000, later: 1000 },
  sms: { firstTouch: 306, later: 306 },
  webhook: { firstTouch: 1000, later: 1000 },
  log: { firstTouch: 250, later: 1000 },
};

export function messageLimit(channel: MessageChannel, firstTouch: boolean): number {
  const limits = MESSAGE_LIMITS[channel];
  return firstTouch ? limits.firstTouch : limits.later;
}

/** Length as a person counts it, near enough: code points, so an emoji is not two characters. */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
