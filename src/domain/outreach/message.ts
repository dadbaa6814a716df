/**
 * The vocabulary of an outbound message (issue 5): one item of the durable send queue, which is
 * also the record of what was sent to whom.
 */

/**
 * queued: waiting for its time (scheduled_for) and a worker.
 * sending: handed to a worker under a lease. A `sending` message with no lease is *in doubt*: its
 *   worker died after handing it to a provider that cannot be asked again safely; a status
 *   webhook or an operator settles it (see the guarantees in src/app/outbound/claim.ts).
 * sent / delivered / read: the provider accepted it, then reported delivery and reading.
 * failed: gave up (a permanent error, or the last allowed attempt failed).
 * cancelled: an operator withdrew it before it went out.
 * skipped: the claim-time checks refused it (opted out, already messaged today…): never sent.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses after which the queue never touches the message again (a webhook may still advance sent → read). */
export const FINAL_STATUSES = ['sent', 'delivered', 'read', 'failed', 'cancelled', 'skipped'] as const;

/** The provider has it: the customer got (or is getting) the message. */
export const REACHED_STATUSES = ['sent', 'delivered', 'read'] as const;

export function isReached(status: MessageStatus): boolean {
  return (REACHED_STATUSES as readonly string[]).includes(status);
}

/**
 * What a message is for. The kind decides "one message of the same kind per customer per day"
 * (DESIGN non-negotiable 3, seed 003's dedup) and the default priority.
 */
export const MESSAGE_KINDS = [
  'reactivation',
  'follow_up',
  'campaign',
  'onboarding',
  'direct',
  'opt_out_confirmation',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 10;

/**
 * Priority 1–10, **10 most urgent** (seed 001: "1-10, maior = mais urgente"). Seed 001 queued
 * campaigns at 3 and follow-ups at 4 so that answers to people in a conversation go first. A
 * direct send is an operator (or an integration) waiting on the result, so it goes ahead of
 * everything automated; onboarding follows an event that just happened (a purchase), and is worth
 * less the later it comes; reactivation is the daily batch. An opt-out's confirmation answers a
 * customer who just wrote, and is the last thing they get: it goes first.
 */
export const DEFAULT_PRIORITY: Readonly<Record<MessageKind, number>> = Object.freeze({
  opt_out_confirmation: 10,
  direct: 8,
  onboarding: 6,
  reactivation: 5,
  follow_up: 4,
  campaign: 3,
});

/** Why a claim refused a message for good (status `skipped`). */
export const SKIP_REASONS = ['opted_out', 'blacklisted', 'same_kind_today'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
