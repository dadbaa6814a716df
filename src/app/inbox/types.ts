import type { KeyedEvent } from '../../domain/inbound/events.ts';

export type InboxProvider = 'whatsapp' | 'chatwoot' | 'hotmart' | 'orders';

/**
 * The durable inbox every webhook hands its verified events to. `accept` stores each event once
 * (provider + key: a redelivery or duplicate stores nothing) and returns at once; processing runs
 * after, outside the provider's request, and anything left over (a crash, a failure) is retried
 * by the worker's sweep.
 */
export interface Inbox {
  accept(
    tenantId: string,
    provider: InboxProvider,
    events: readonly KeyedEvent[],
    headers?: Record<string, unknown>,
  ): Promise<{ received: number; new: number }>;
  /** Starts processing the tenant's pending events (after an operator put a failed one back). */
  process?(tenantId: string): void;
}
