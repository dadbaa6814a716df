import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';

export interface ListenStats {
  /** Inbox events waiting or given up on, by provider. */
  inbox: { provider: string; status: 'pending' | 'processing' | 'failed'; count: number }[];
  /** Replies classified in the last 24 hours, by label. */
  repliesLastDay: { label: string; count: number }[];
  /** Conversions credited in the last 24 hours, treated and control, with their value. */
  conversionsLastDay: { control: boolean; count: number; value: number }[];
}

/**
 * Listening figures across every tenant (read at scrape time, as the owner, like the queue's):
 * one statement, a handful of rows.
 */
export async function listenStats(db: DbOrTrx): Promise<ListenStats> {
  const rows = await sql<{
    kind: string;
    key: string;
    flag: boolean | null;
    n: number;
    value: string | number;
  }>`
    select 'inbox' as kind, provider || ':' || status as key, null::boolean as flag, count(*)::int as n, 0 as value
    from inbox_events where status in ('pending', 'processing', 'failed') group by provider, status
    union all
    select 'reply', label, null, count(*)::int, 0
    from replies where received_at > now() - interval '1 day' group by label
    union all
    select 'conversion', '', control, count(*)::int, coalesce(sum(value), 0)
    from conversions where created_at > now() - interval '1 day' group by control`.execute(db);
  const stats: ListenStats = { inbox: [], repliesLastDay: [], conversionsLastDay: [] };
  for (const r of rows.rows) {
    if (r.kind === 'inbox') {
      const [provider, status] = r.key.split(':') as [string, ListenStats['inbox'][number]['status']];
      stats.inbox.push({ provider, status, count: r.n });
    } else if (r.kind === 'reply') stats.repliesLastDay.push({ label: r.key, count: r.n });
    else stats.conversionsLastDay.push({ control: r.flag === true, count: r.n, value: Number(r.value) });
  }
  return stats;
}
