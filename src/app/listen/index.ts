import type { Logger } from 'pino';
import type { Db } from '../../adapters/db/kysely.ts';
import type { ReplyClassifier } from '../../domain/replies/types.ts';
import { createDialogStore } from '../dialog/store.ts';
import type { DialogStore } from '../dialog/types.ts';
import { createInbox } from '../inbox/inbox.ts';
import { createInboxProcessor, type InboxProcessor } from '../inbox/processor.ts';
import type { Inbox } from '../inbox/types.ts';

export { attributeReturns, closeAttributionWindows } from './attribution.ts';
export { rememberSent } from './remember-sent.ts';
export { handleInboundMessage, type ListenDeps, type ReplyOutcome } from './replies.ts';

/** The listening side of a process: the inbox webhooks write to, its processor, and the dialog store. */
export interface Listening {
  inbox: Inbox;
  processor: InboxProcessor;
  dialog: DialogStore;
  classifier: ReplyClassifier;
  /** Looks for leftovers every `sweepMs` (events a crash or a failure left pending). */
  startSweeping(sweepMs?: number): void;
  close(): Promise<void>;
}

export function createListening(options: {
  db: Db;
  classifier: ReplyClassifier;
  redisUrl?: string;
  logger?: Logger;
}): Listening {
  const { db, classifier, logger } = options;
  const dialog = createDialogStore({
    db,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(logger ? { logger } : {}),
  });
  const processor = createInboxProcessor({ db, classifier, dialog, ...(logger ? { logger } : {}) });
  const inbox = createInbox({ db, onStored: (tenantId) => processor.kick(tenantId) });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  return {
    inbox,
    processor,
    dialog,
    classifier,
    startSweeping(sweepMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => {
        sweeping = processor.sweep().catch((error: unknown) => {
          logger?.error({ err: error }, 'inbox sweep failed');
        });
      }, sweepMs);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await sweeping;
      await processor.idle();
      await dialog.close();
    },
  };
}
