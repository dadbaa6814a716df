import { type Db, type DbOrTrx, withTenant } from '../../adapters/db/kysely.ts';
import {
  failuresByCode,
  handoffsSince,
  queueDepth,
  senderUsage,
} from '../../adapters/db/outbound/stats.repository.ts';
import type { Caps } from '../../domain/outreach/caps.ts';
import type { Channel } from '../../domain/outreach/channel.ts';
import { effectiveCaps } from './sender-caps.ts';

export interface QueueStats {
  at: Date;
  depth: {
    /** Waiting, due or not. */
    queued: number;
    /** Waiting and due now: the backlog the workers have not caught up with. */
    due: number;
    /** Held by a worker right now. */
    sending: number;
    /** Waiting for a status webhook or an operator (see src/app/outbound/claim.ts). */
    inDoubt: number;
  };
  /** Hand-offs to providers in the last minute: the send rate. */
  handOffsLastMinute: number;
  /** Messages that failed in the last 24 hours, by the provider's (or the queue's) code. */
  failuresLastDay: { code: string; count: number }[];
  senders: {
    tenantId: string;
    id: string;
    channel: Channel;
    name: string;
    health: 'healthy' | 'paused' | 'banned';
    quality: 'high' | 'medium' | 'low' | 'unknown';
    warmupLevel: number;
    /** Caps in force (warm-up included). */
    caps: Caps;
    /** Hand-offs in each window ending now; the hour and day only where capped (see senderUsage). */
    usage: { perSecond: number; perHour: number | null; perDay: number | null };
  }[];
}

/**
 * Queue depth, send rate, failures by code and sender health, for `/metrics` and the dashboard.
 * Without a tenant: across every tenant (for the operator of the installation, as the connecting
 * role); with one: inside that tenant's row-level security.
 */
export async function queueStats(
  db: Db,
  options: { tenantId?: string; now?: Date } = {},
): Promise<QueueStats> {
  const now = options.now ?? new Date();
  const read = async (q: DbOrTrx): Promise<QueueStats> => {
    const tenantId = options.tenantId ?? null;
    const depth = await queueDepth(q, tenantId, now);
    const senders = await senderUsage(q, tenantId, now);
    return {
      at: now,
      depth: { queued: depth.queued, due: depth.due, sending: depth.sending, inDoubt: depth.in_doubt },
      handOffsLastMinute: await handoffsSince(q, tenantId, new Date(now.getTime() - 60_000)),
      failuresLastDay: await failuresByCode(q, tenantId, new Date(now.getTime() - 86_400_000)),
      senders: senders.map((s) => ({
        tenantId: s.tenant_id,
        id: s.id,
        channel: s.channel as Channel,
        name: s.name,
        health: s.health as QueueStats['senders'][number]['health'],
        quality: s.quality as QueueStats['senders'][number]['quality'],
        warmupLevel: s.warmup_level,
        caps: effectiveCaps(s),
        usage: { perSecond: s.last_second, perHour: s.last_hour, perDay: s.last_day },
      })),
    };
  };
  return options.tenantId ? withTenant(db, options.tenantId, read) : read(db);
}
