import type { Logger } from 'pino';
import {
  type ClaimedInboxEvent,
  claimInboxEvents,
  finishInboxEvent,
  tenantsWithInboxWork,
} from '../../adapters/db/inbox.repository.ts';
import { withTenant } from '../../adapters/db/kysely.ts';
import type { InboundEvent } from '../../domain/inbound/events.ts';
import {
  applyBooking,
  applyConversation,
  applyCourseAccess,
  applyOrder,
  applySubscriptionCancelled,
  EventRejected,
} from '../listen/events.ts';
import { handleInboundMessage, type ListenDeps } from '../listen/replies.ts';

/** Tries before an event that keeps failing is left as `failed` for a person to look at. */
const MAX_TRIES = 5;
/** An event `processing` for longer than this belonged to a processor that died. */
const STALE_SECONDS = 300;
const BATCH = 20;
/** Customers whose events are processed at once. */
const LANES = 4;

/**
 * Events of one customer (by who wrote or whom the order names), or of one chat conversation,
 * share a lane, in arrival order: a conversation's label and status changes can carry the same
 * second, and only their order says which came last.
 */
export function laneOf(row: Pick<ClaimedInboxEvent, 'id' | 'payload'>): string {
  const event = row.payload as {
    type?: string;
    from?: string;
    conversationId?: string;
    customer?: { externalId?: string; email?: string };
  };
  if (event.type === 'message' && event.from) return `from:${event.from}`;
  if (event.type === 'conversation' && event.conversationId) return `conversation:${event.conversationId}`;
  if (event.customer?.externalId) return `customer:${event.customer.externalId}`;
  if (event.customer?.email) return `customer:${event.customer.email}`;
  return `event:${row.id}`;
}

export interface InboxProcessor {
  /** Processes the tenant's pending events soon, outside the caller (a webhook's request). */
  kick(tenantId: string): void;
  /** Processes the tenant's pending events now; resolves with how many were handled. */
  drain(tenantId: string): Promise<number>;
  /** Every tenant's leftovers: pending events, and events a dead processor held. */
  sweep(): Promise<number>;
  /** Resolves when no kicked drain is running (tests, shutdown). */
  idle(): Promise<void>;
}

function isInboundEvent(payload: unknown): payload is InboundEvent {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { type?: unknown }).type === 'string'
  );
}

export function createInboxProcessor(
  deps: ListenDeps & { logger?: Pick<Logger, 'info' | 'warn' | 'error'> },
): InboxProcessor {
  const running = new Map<string, Promise<number>>();
  const again = new Set<string>();

  async function handle(tenantId: string, row: ClaimedInboxEvent): Promise<string> {
    const event = row.payload;
    if (!isInboundEvent(event))
      throw new EventRejected('not a provider-neutral event (stored by an older version)');
    switch (event.type) {
      case 'message': {
        const outcome = await handleInboundMessage(deps, tenantId, row.provider, row.event_key, event);
        return `${outcome.classification.label} (${outcome.classification.by}, ${outcome.classification.confidence.toFixed(2)}): ${outcome.note}`;
      }
      case 'order':
        return (await applyOrder(deps, tenantId, event)).note;
      case 'booking':
        return (await applyBooking(deps, tenantId, event)).note;
      case 'subscription_cancelled':
        return (await applySubscriptionCancelled(deps, tenantId, event)).note;
      case 'course_access':
        return (await applyCourseAccess(deps, tenantId, event)).note;
      case 'conversation':
        return (await applyConversation(deps, tenantId, event)).note;
    }
  }

  async function process(tenantId: string, row: ClaimedInboxEvent): Promise<void> {
    let status: 'processed' | 'failed' | 'pending' = 'processed';
    let note: string | null;
    try {
      note = await handle(tenantId, row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // a payload that cannot be stored fails for good; anything else (the database, a
      // provider) is tried again by the sweep, up to MAX_TRIES
      status = error instanceof EventRejected || row.attempts >= MAX_TRIES ? 'failed' : 'pending';
      note = message;
      deps.logger?.warn(
        { err: error, tenantId, provider: row.provider, eventKey: row.event_key, attempts: row.attempts },
        status === 'failed' ? 'inbox event failed' : 'inbox event will be retried',
      );
    }
    await withTenant(deps.db, tenantId, (trx) => finishInboxEvent(trx, tenantId, row.id, status, note));
  }

  /**
   * Claims and processes batches until none is left. One customer's events go in arrival order
   * (a "yes" after a "stop" must not overtake it); different customers' go side by side, so a
   * burst of opt-outs after a campaign does not queue behind itself.
   */
  async function drain(tenantId: string): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await withTenant(deps.db, tenantId, (trx) => claimInboxEvents(trx, tenantId, BATCH));
      if (rows.length === 0) return handled;
      const lanes = new Map<string, ClaimedInboxEvent[]>();
      for (const row of rows) {
        const lane = laneOf(row);
        lanes.set(lane, [...(lanes.get(lane) ?? []), row]);
      }
      const queue = [...lanes.values()];
      const workers = Array.from({ length: Math.min(LANES, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) {
          for (const row of lane) await process(tenantId, row);
        }
      });
      await Promise.all(workers);
      handled += rows.length;
    }
  }

  function start(tenantId: string): Promise<number> {
    const run = drain(tenantId)
      .catch((error: unknown) => {
        deps.logger?.error({ err: error, tenantId }, 'inbox drain failed');
        return 0;
      })
      .finally(() => {
        running.delete(tenantId);
        if (again.delete(tenantId)) void start(tenantId);
      });
    running.set(tenantId, run);
    return run;
  }

  return {
    kick(tenantId) {
      if (running.has(tenantId)) again.add(tenantId);
      else void start(tenantId);
    },
    drain,
    async sweep() {
      const tenants = await tenantsWithInboxWork(deps.db, STALE_SECONDS);
      let handled = 0;
      for (const tenantId of tenants) handled += await drain(tenantId);
      return handled;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}
