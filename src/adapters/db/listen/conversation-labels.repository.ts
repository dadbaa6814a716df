import { sql } from 'kysely';
import type { DbOrTrx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';

export interface ConversationLabelFilters {
  /** updated_at at or after. */
  from?: Date;
  /** updated_at before. */
  to?: Date;
  statuses?: readonly string[];
  provider?: string;
}

export type LabelCount =
  /** Every matched conversation, and those with at least one label. */
  | { level: 'total'; conversations: number; labelled: number }
  /** Matched conversations carrying `label` whose current status is `status` (null: never given). */
  | { level: 'label'; label: string; status: string | null; conversations: number };

/**
 * Conversations whose last update falls in [from, to), counted as a whole and per label and
 * current status — one statement. A conversation has one status, so a label's count is the sum
 * of its statuses; `select distinct unnest` counts a label repeated in one array once.
 */
export async function countConversationLabels(
  db: DbOrTrx,
  tenantId: string,
  filters: ConversationLabelFilters,
): Promise<LabelCount[]> {
  const from = filters.from ?? null;
  const to = filters.to ?? null;
  const statuses = filters.statuses && filters.statuses.length > 0 ? toPgArray(filters.statuses) : null;
  const provider = filters.provider ?? null;
  const result = await sql<{
    level: 'total' | 'label';
    label: string | null;
    status: string | null;
    conversations: number;
    labelled: number;
  }>`
    with matched as (
      select cl.labels, cl.status
      from conversation_labels cl
      where cl.tenant_id = ${tenantId}::uuid
        and (${provider}::text is null or cl.provider = ${provider}::text)
        and (${statuses}::text is null or cl.status = any(${statuses}::text::text[]))
        and (${from}::timestamptz is null or cl.updated_at >= ${from}::timestamptz)
        and (${to}::timestamptz is null or cl.updated_at < ${to}::timestamptz)
    )
    select 'total' as level, null::text as label, null::text as status,
           count(*)::int as conversations,
           (count(*) filter (where cardinality(m.labels) > 0))::int as labelled
    from matched m
    union all
    select 'label', l.label, m.status, count(*)::int, 0
    from matched m
    cross join lateral (select distinct unnest(m.labels) as label) l
    where l.label is not null
    group by l.label, m.status`.execute(db);
  return result.rows.map(
    (r): LabelCount =>
      r.level === 'total'
        ? { level: 'total', conversations: r.conversations, labelled: r.labelled }
        : { level: 'label', label: r.label ?? '', status: r.status, conversations: r.conversations },
  );
}
