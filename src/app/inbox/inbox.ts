import { storeInboxEvents } from '../../adapters/db/inbox.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import type { Inbox } from './types.ts';

export interface InboxOptions {
  db: Db;
  /** Called after new events were stored: processes them outside the provider's request. */
  onStored?: (tenantId: string) => void;
}

export function createInbox({ db, onStored }: InboxOptions): Inbox {
  return {
    async accept(tenantId, provider, events, headers) {
      const fresh = await withTenant(db, tenantId, (trx) =>
        storeInboxEvents(
          trx,
          tenantId,
          events.map((e) => ({
            provider,
            eventKey: e.key,
            eventType: e.event.type,
            payload: e.event,
            ...(headers ? { headers } : {}),
          })),
        ),
      );
      if (fresh.size > 0) onStored?.(tenantId);
      return { received: events.length, new: fresh.size };
    },
    process(tenantId) {
      onStored?.(tenantId);
    },
  };
}
