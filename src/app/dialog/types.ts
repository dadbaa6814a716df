import type { AttemptSlot } from '../../adapters/db/schema.ts';

/**
 * Seed 003's dialog context: what a chat assistant needs to know about a customer it is talking
 * to — above all, that they are answering a reactivation message, and which.
 */
export interface PendingAction {
  type: 'reactivation_response';
  /** The campaign or run that sent it: 'daily_run', 'plan', 'api', or a campaign id. */
  campaign: string;
  attemptId: string;
  messageId: string;
  customerId: string;
  customerName: string | null;
  suggestedOffering: { id: string; name: string } | null;
  suggestedStaff: { id: string; name: string } | null;
  suggestedSlot: AttemptSlot | null;
  daysInactive: number | null;
  /** The offer the message made, percent; null when it made none. */
  offerPct: number | null;
  messageText: string;
  messageSentAt: string;
  channel: string;
  locale: string | null;
}

export interface DialogContext {
  tenantId: string;
  /** E.164 */
  phone: string;
  pendingAction: PendingAction | null;
  /** The customer's latest answer to it, once one came. */
  lastReply?: { text: string; label: string; confidence: number; date?: string; at: string };
  updatedAt: string;
}

/**
 * Where dialog contexts live: Redis (`dialog:{tenantId}:{phone}`, with a TTL) when configured and
 * reachable, else PostgreSQL's `dialog_contexts`. Writing never throws for a storage failure —
 * sending must not fail because of the context — it reports where the context went instead.
 */
/** One context and where it was found: what `GET /v1/contexts/{phone}` shows. */
export interface DialogContextLookup {
  context: DialogContext;
  source: 'redis' | 'postgres';
  /** Seconds until it expires; null for a Redis key without a TTL. */
  ttlSeconds: number | null;
}

export interface DialogStore {
  write(context: DialogContext, ttlSeconds: number): Promise<'redis' | 'postgres' | 'failed'>;
  read(tenantId: string, phone: string): Promise<DialogContext | null>;
  clear(tenantId: string, phone: string): Promise<void>;
  /** The context with where it was found and how long it has left. */
  inspect(tenantId: string, phone: string): Promise<DialogContextLookup | null>;
  close(): Promise<void>;
}
