import type { Db } from '../../adapters/db/kysely.ts';
import type { DialogStore } from '../../app/dialog/types.ts';
import type { Inbox } from '../../app/inbox/types.ts';
import type { ReplyClassifier } from '../../domain/replies/types.ts';

/** What route plugins need; wired in build-app.ts. */
export interface RouteDeps {
  db: Db;
  /** Reply classification: rules and lexicon, the model (when configured) for the rest. */
  classifier: ReplyClassifier;
  /** Dialog contexts for chat assistants: Redis, or PostgreSQL without it. */
  dialog: DialogStore;
  /** Where webhooks hand their verified events. */
  inbox: Inbox;
  /** Base of public links (tracked links, webhook URLs shown to the user), when known. */
  publicUrl?: string;
}
