/**
 * The contract between the send queue and the channel clients (issue 5): what a channel is asked
 * to send, and the outcomes it may report. Expected outcomes are values; only bugs throw.
 */

export const CHANNELS = ['whatsapp', 'chatwoot', 'email', 'webhook', 'log'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A WhatsApp-approved template (or any provider's named template) with its parameters. */
export interface TemplateRef {
  readonly name: string;
  /** BCP 47 as the provider wants it (WhatsApp: `pt_BR`, `en_US`, `ru`, `es`). */
  readonly language: string;
  /** Body parameters in order ({{1}}, {{2}}, …). */
  readonly bodyParams: readonly string[];
}

/** One message as a channel client receives it: everything needed, nothing to look up. */
export interface OutboundMessage {
  readonly id: string;
  readonly tenantId: string;
  /**
   * Stable for one logical send, whatever the retries: the queue's idempotency key. Clients
   * pass it on where the provider accepts one (webhook `Idempotency-Key`, WhatsApp
   * `biz_opaque_callback_data`) so a retry after a crash can be recognised.
   */
  readonly idempotencyKey: string;
  /** E.164 phone for WhatsApp, e-mail address for e-mail, contact/conversation ref for Chatwoot. */
  readonly recipient: string;
  readonly customer: {
    readonly id: string | null;
    readonly name: string | null;
    readonly locale: string | null;
  };
  readonly text: string | null;
  readonly template: TemplateRef | null;
  /** E-mail only. */
  readonly subject?: string | null;
  /** WhatsApp: the customer wrote to us within the last 24 hours, so free text is allowed. */
  readonly serviceWindowOpen: boolean;
  /** Where an unsubscribe link (e-mail) points; null when the tenant has none. */
  readonly unsubscribeUrl?: string | null;
  /** Chatwoot labels to add to the conversation. */
  readonly labels?: readonly string[];
  /** Free metadata carried to webhook payloads (attempt id, campaign id…). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** One sender (WhatsApp number, mailbox, Chatwoot inbox, webhook endpoint) as a client needs it. */
export interface SenderConfig {
  readonly id: string;
  readonly channel: Channel;
  /** Non-secret settings: phone number id, API base URL, from address, inbox id, webhook URL… */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Secrets: access tokens, app secret, SMTP password, webhook signing secret… */
  readonly secrets: Readonly<Record<string, string>>;
}

export type SendResult =
  | {
      readonly kind: 'sent';
      readonly providerMessageId: string;
      /** What was actually sent: free text, or the template used instead (window closed). */
      readonly as: 'text' | 'template';
    }
  | {
      readonly kind: 'failed';
      /** Provider's error code as a string ('131047', 'EAUTH', 'http_503'…). */
      readonly code: string;
      readonly message: string;
      /**
       * retry: transient, try again later (with backoff, or after retryAfterMs);
       * fail: permanent for this message (bad number, rejected template…);
       * pause_sender: the sender itself is in trouble (ban, quality, rate limit on the number):
       * pause it and move its queued messages to a healthy sender;
       * needs_template: outside the service window and no template given.
       */
      readonly action: 'retry' | 'fail' | 'pause_sender' | 'needs_template';
      readonly retryAfterMs?: number;
      /**
       * The request may have reached the provider before the failure (a timeout, a connection
       * lost after sending, a shutdown mid-call): the queue resends only on channels that
       * recognise a repeat, and otherwise leaves the message in doubt. Absent: not taken.
       */
      readonly outcomeUnknown?: boolean;
    };

export interface SendContext {
  readonly signal: AbortSignal;
}

export interface ChannelClient {
  readonly channel: Channel;
  send(message: OutboundMessage, sender: SenderConfig, context: SendContext): Promise<SendResult>;
}
