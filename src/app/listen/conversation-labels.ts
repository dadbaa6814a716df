import type { Db } from '../../adapters/db/kysely.ts';
import { withTenant } from '../../adapters/db/kysely.ts';
import {
  countConversationLabels,
  type LabelCount,
} from '../../adapters/db/listen/conversation-labels.repository.ts';
import {
  CHATWOOT_STATUSES,
  type ConversationLabelSummary,
  type ConversationLabelSummaryQuery,
  UNKNOWN_STATUS,
} from '../../contracts/conversation-labels.ts';
import { rateOf } from '../../domain/analytics/rates.ts';
import { toInstantRange } from '../instants.ts';

type LabelLine = ConversationLabelSummary['labels'][number];
/** byStatus while counting: a Map, so whatever status a provider sends stays a plain key. */
type Counting = Pick<LabelLine, 'label' | 'conversations'> & { byStatus: Map<string, number> };

/** The grouped counts as the dashboard reads them: a line per label, most conversations first. */
function toSummary(rows: LabelCount[], range: { from?: Date; to?: Date }): ConversationLabelSummary {
  let conversations = 0;
  let labelled = 0;
  const lines = new Map<string, Counting>();
  for (const row of rows) {
    if (row.level === 'total') {
      conversations = row.conversations;
      labelled = row.labelled;
      continue;
    }
    let line = lines.get(row.label);
    if (!line) {
      const byStatus = new Map<string, number>(CHATWOOT_STATUSES.map((s) => [s, 0]));
      line = { label: row.label, conversations: 0, byStatus };
      lines.set(row.label, line);
    }
    const status = row.status ?? UNKNOWN_STATUS;
    line.conversations += row.conversations;
    line.byStatus.set(status, (line.byStatus.get(status) ?? 0) + row.conversations);
  }
  const labels = [...lines.values()]
    .sort((a, b) => b.conversations - a.conversations || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map(
      (line): LabelLine => ({
        ...line,
        share: rateOf(line.conversations, conversations),
        byStatus: Object.fromEntries(line.byStatus),
      }),
    );
  return {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    conversations,
    labelled,
    labels,
  };
}

/**
 * Seed 002 §4.2's tag analytics: how many of the tenant's chat conversations last updated in
 * [from, to) carry each label now, and in which status. A plain date in `from`/`to` is midnight
 * in the tenant's zone.
 */
export async function conversationLabelReport(
  db: Db,
  tenantId: string,
  query: ConversationLabelSummaryQuery,
): Promise<ConversationLabelSummary> {
  return withTenant(db, tenantId, async (trx) => {
    const { from, to } = await toInstantRange(trx, tenantId, { from: query.from, to: query.to });
    const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const rows = await countConversationLabels(trx, tenantId, {
      ...range,
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.provider ? { provider: query.provider } : {}),
    });
    return toSummary(rows, range);
  });
}
