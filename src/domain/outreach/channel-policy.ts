import type { Caps } from './caps.ts';
import type { Channel } from './channel.ts';

/**
 * What a new sender of each channel starts with, and how the queue treats the channel after a
 * crash. Every default can be changed per sender except `resendSafe`, which is a property of the
 * provider.
 */
export interface ChannelPolicy {
  /** Caps a sender gets when none are given. */
  readonly caps: Caps;
  /** Least seconds between two hand-offs to one recipient from one sender. */
  readonly recipientGapSeconds: number;
  /** Whether a new sender starts at warm-up level 1 rather than warmed. */
  readonly warmUp: boolean;
  /**
   * Whether the same message may be handed to the provider again when the outcome of a hand-off
   * is unknown (its worker died, its call timed out), because the provider recognises the repeat
   * by the idempotency key. Where false, such a message waits in doubt for reconciliation.
   */
  readonly resendSafe: boolean;
}

export const CHANNEL_POLICIES: Readonly<Record<Channel, ChannelPolicy>> = Object.freeze({
  /**
   * Seed 003 sent WhatsApp messages 2 s apart ("no hard limit, but avoid bursts") and at most 300
   * a day. Rekindle allows one a second (Cloud API takes 80/s, but a number that sends at that
   * rate is a spam signal), 200 an hour and 1,000 in 24 hours once warmed (Meta's second tier).
   * WhatsApp refuses more than about one message every 6 s to the same user (error 131056).
   * The Cloud API has no idempotency key: a repeat is a second message on the customer's phone.
   */
  whatsapp: {
    caps: { perSecond: 1, perHour: 200, perDay: 1000 },
    recipientGapSeconds: 6,
    warmUp: true,
    resendSafe: false,
  },
  /**
   * Chatwoot relays into the conversation's own channel (often the same WhatsApp number), so it
   * gets WhatsApp's pace, without warm-up (the number behind it is the inbox's, not new to us).
   * Its message API takes no idempotency key.
   */
  chatwoot: {
    caps: { perSecond: 1, perHour: 200, perDay: 1000 },
    recipientGapSeconds: 6,
    warmUp: false,
    resendSafe: false,
  },
  /**
   * Google Workspace refuses more than 2,000 messages a day from one mailbox; most providers allow
   * a few a second. The Message-ID is derived from the idempotency key, and mail systems fold
   * copies with one Message-ID into one (Gmail does); SMTP itself promises nothing.
   */
  email: {
    caps: { perSecond: 5, perHour: 500, perDay: 2000 },
    recipientGapSeconds: 0,
    warmUp: false,
    resendSafe: true,
  },
  /**
   * The tenant's own endpoint sets its limits; a tenant relaying to an unofficial WhatsApp gateway
   * (Evolution API, Z-API) should give the sender WhatsApp's caps and a warm-up. The payload
   * carries the `Idempotency-Key`, and the endpoint is expected to honour it.
   */
  webhook: {
    caps: { perSecond: null, perHour: null, perDay: null },
    recipientGapSeconds: 0,
    warmUp: false,
    resendSafe: true,
  },
  /** A dry run: nothing reaches anyone, so nothing needs pacing, and a repeat harms no one. */
  log: {
    caps: { perSecond: null, perHour: null, perDay: null },
    recipientGapSeconds: 0,
    warmUp: false,
    resendSafe: true,
  },
});
