import type { ActivityInput, BookingInput, CustomerInput } from '../../contracts/ingest.ts';

/**
 * What the webhooks of every provider are turned into before anything acts on them: one
 * provider-neutral event per thing that happened. A webhook parses its delivery into these (after
 * verifying it), stores each in the inbox under its `key`, and the inbox processor acts on them.
 * Instants are ISO strings so an event survives the JSON round trip through the inbox unchanged.
 */
export type InboundEvent =
  | InboundMessageEvent
  | OrderEvent
  | BookingEvent
  | SubscriptionCancelledEvent
  | CourseAccessEvent
  | ConversationEvent;

/** A customer wrote to the tenant (WhatsApp, or a Chatwoot conversation). */
export interface InboundMessageEvent {
  type: 'message';
  channel: 'whatsapp' | 'chatwoot';
  /** E.164 phone (with +) when the provider gives one; else an e-mail or the provider's contact id. */
  from: string;
  /** What the customer wrote; for a button tap, the button's title (its payload is below). */
  text: string;
  at: string;
  providerMessageId: string;
  /** The provider id of our message the customer replied to (WhatsApp `context.id`), when given. */
  replyTo?: string;
  /** A quick-reply or interactive button's payload / id. */
  buttonPayload?: string;
  contactName?: string;
  email?: string;
  /** Chatwoot: the conversation's display id; answers go back into it. */
  conversationId?: string;
}

/**
 * An order or purchase, created or changed: `activity.status` 'completed' for a paid one,
 * 'cancelled' for a refund, cancellation or chargeback (the same `activity.externalId` as the
 * purchase, so the purchase itself is updated, never doubled).
 */
export interface OrderEvent {
  type: 'order';
  source: 'hotmart' | 'orders';
  customer: CustomerInput;
  activity: ActivityInput;
  /** Provider's reason for a status change: 'refunded', 'cancelled', 'chargeback', 'approved'… */
  reason?: string;
}

export interface BookingEvent {
  type: 'booking';
  source: 'orders';
  customer: CustomerInput;
  booking: BookingInput;
}

/** Hotmart SUBSCRIPTION_CANCELLATION: a strong churn signal, recorded on the customer. */
export interface SubscriptionCancelledEvent {
  type: 'subscription_cancelled';
  source: 'hotmart';
  customer: CustomerInput;
  offering: { externalId: string; name: string };
  plan?: string;
  at: string;
}

/** Hotmart club: a student's first access to a course, or a completed module. */
export interface CourseAccessEvent {
  type: 'course_access';
  source: 'hotmart';
  customer: CustomerInput;
  kind: 'first_access' | 'module_completed';
  /** The course (its product). */
  offering: { externalId: string; name: string };
  /** module_completed: the module, an offering whose parent is the course. */
  module?: { externalId: string; name: string };
  /** Recorded as an activity (kind 'lesson' for a first access, 'module_completion' for a module). */
  activity: ActivityInput;
  at: string;
}

/** A chat conversation's status or labels changed (Chatwoot), for the tag analytics. */
export interface ConversationEvent {
  type: 'conversation';
  provider: 'chatwoot';
  conversationId: string;
  status?: string;
  /** The labels after the change; absent when the event did not touch them. */
  labels?: string[];
  /** The contact's phone (E.164) or e-mail, when the payload names one. */
  contact?: string;
  at: string;
}

/** One event as a webhook hands it to the inbox: keyed so a redelivery stores nothing new. */
export interface KeyedEvent {
  /** Deterministic per provider event: Hotmart's envelope id, Chatwoot's delivery id, WhatsApp's wamid… */
  key: string;
  event: InboundEvent;
}
