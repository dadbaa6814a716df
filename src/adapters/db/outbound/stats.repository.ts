import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';

/** Queue figures for metrics, for one tenant or (tenantId null) across all of them. */

export interface DepthRow {
  queued: number;
  due: number;
  sending: number;
  in_doubt: number;
}

const tenantFilter = (tenantId: string | null, column = sql.ref('tenant_id')) =>
  tenantId ? sql`and ${column} = ${tenantId}::uuid` : sql``;

export async function queueDepth(db: DbOrTrx, tenantId: string | null, now: Date): Promise<DepthRow> {
  const result = await sql<DepthRow>`
    select count(*) filter (where status = 'queued')::int as queued,
      count(*) filter (where status = 'queued' and scheduled_for <= ${now})::int as due,
      count(*) filter (where status = 'sending' and lease_owner is not null)::int as sending,
      count(*) filter (where status = 'sending' and reconcile_reason is not null)::int as in_doubt
    from messages where status in ('queued', 'sending') ${tenantFilter(tenantId)}`.execute(db);
  return result.rows[0] ?? { queued: 0, due: 0, sending: 0, in_doubt: 0 };
}

export async function handoffsSince(db: DbOrTrx, tenantId: string | null, since: Date): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from sender_handoffs where at > ${since} ${tenantFilter(tenantId)}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export async function failuresByCode(
  db: DbOrTrx,
  tenantId: string | null,
  since: Date,
): Promise<{ code: string; count: number }[]> {
  const result = await sql<{ code: string; count: number }>`
    select coalesce(last_error_code, 'unknown') as code, count(*)::int as count
    from messages where status = 'failed' and failed_at > ${since} ${tenantFilter(tenantId)}
    group by 1 order by 2 desc, 1`.execute(db);
  return result.rows;
}

export interface SenderUsageRow {
  tenant_id: string;
  id: string;
  channel: string;
  name: string;
  health: string;
  quality: string;
  warmup_level: number;
  per_second_cap: number | null;
  hourly_cap: number | null;
  daily_cap: number | null;
  last_second: number;
  last_hour: number | null;
  last_day: number | null;
}

/**
 * Each sender with its hand-offs in the last second, hour and day. The hour and the day are
 * counted only where they are capped (warm-up included): an uncapped sender's day can be millions
 * of ledger rows, too many to count on every metrics scrape, and there is no cap to compare with.
 */
export async function senderUsage(
  db: DbOrTrx,
  tenantId: string | null,
  now: Date,
): Promise<SenderUsageRow[]> {
  const result = await sql<SenderUsageRow>`
    select s.tenant_id, s.id, s.channel, s.name, s.health, s.quality, s.warmup_level,
      s.per_second_cap, s.hourly_cap, s.daily_cap,
      (select count(*)::int from sender_handoffs h
        where h.tenant_id = s.tenant_id and h.sender_id = s.id
          and h.at > ${now}::timestamptz - interval '1 second') as last_second,
      case when s.hourly_cap is not null or s.warmup_level < 5 then
        (select count(*)::int from sender_handoffs h
          where h.tenant_id = s.tenant_id and h.sender_id = s.id
            and h.at > ${now}::timestamptz - interval '1 hour') end as last_hour,
      case when s.daily_cap is not null or s.warmup_level < 5 then
        (select count(*)::int from sender_handoffs h
          where h.tenant_id = s.tenant_id and h.sender_id = s.id
            and h.at > ${now}::timestamptz - interval '1 day') end as last_day
    from senders s
    where true ${tenantFilter(tenantId, sql.ref('s.tenant_id'))}
    order by s.tenant_id, s.created_at, s.id`.execute(db);
  return result.rows;
}
