import type { Strategy, Tone } from '../reactivation/attempt.ts';
import type { MessageChannel } from './limits.ts';

/** Everything a message may say, decided before writing (by strategy, offer and slot finding). */
export interface MessageContext {
  readonly tenant: {
    readonly name: string;
    /** IANA zone: slots are written in the business's local time. */
    readonly timeZone: string;
    /** BCP 47: the language when the customer's is unknown or not one Rekindle writes. */
    readonly locale: string;
    /** How the business talks, in the owner's words ("warm, informal"); given to the model only. */
    readonly tone?: string;
  };
  readonly customer: {
    readonly id: string;
    readonly name: string | null;
    readonly locale: string | null;
  };
  readonly channel: MessageChannel;
  /** The first message on this channel after a silence (the 250-character WhatsApp rule). */
  readonly firstTouch: boolean;
  readonly tone: Tone;
  readonly strategy: Strategy;
  /** 1 for the first attempt; varies the wording between attempts. */
  readonly attemptNumber: number;
  readonly daysInactive: number;
  readonly lastOffering: { readonly name: string } | null;
  readonly suggestedOfferings: readonly { readonly name: string }[];
  /** The staff member the customer knows (PERSONAL_CONTACT speaks in their voice). */
  readonly staff: { readonly name: string } | null;
  /** What to offer, in percent (0 = no offer). Clamped to `maxDiscountPct`. */
  readonly offerPct: number;
  /** The hard ceiling: a text promising more is never sent. */
  readonly maxDiscountPct: number;
  readonly slots: readonly { readonly start: Date; readonly staffName: string | null }[];
}
