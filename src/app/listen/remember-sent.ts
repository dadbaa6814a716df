import type { Logger } from 'pino';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { listeningSettingsOf } from '../../domain/settings/listening.ts';
import type { DialogStore, PendingAction } from '../dialog/types.ts';
import { getTenant } from '../tenants.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Seed 003's "critical" step: after a reactivation message went out, the chat assistant's dialog
 * context for that phone gets the pending action — what was sent, when, about what — so when the
 * customer answers "yes, I'd like to book", the assistant knows what they are saying yes to. The
 * TTL is the tenant's `listening.dialogTtlHours`. Never throws: a message that went out stays
 * sent whatever happens to its context. Returns where the context went, or why none was written.
 */
export async function rememberSent(
  deps: { db: Db; dialog: DialogStore; logger?: Pick<Logger, 'warn'> },
  tenantId: string,
  messageId: string,
): Promise<'redis' | 'postgres' | 'failed' | 'skipped'> {
  try {
    const tenant = await getTenant(deps.db, tenantId);
    if (!tenant) return 'skipped';
    const row = await withTenant(deps.db, tenantId, (trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('attempts as a', (j) =>
          j.onRef('a.tenant_id', '=', 'm.tenant_id').onRef('a.id', '=', 'm.attempt_id'),
        )
        .innerJoin('customers as c', (j) =>
          j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.id', '=', 'a.customer_id'),
        )
        .leftJoin('offerings as o', (j) =>
          j.onRef('o.tenant_id', '=', 'a.tenant_id').onRef('o.id', '=', 'a.offering_id'),
        )
        .leftJoin('staff as s', (j) =>
          j.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.id', '=', 'a.staff_id'),
        )
        .select([
          'm.id as message_id',
          'm.recipient',
          'm.channel',
          'm.body',
          'm.sent_at',
          'm.kind',
          'm.campaign_id',
          'a.id as attempt_id',
          'a.origin',
          'a.days_inactive',
          'a.offer_pct',
          'a.suggested_offerings',
          'a.suggested_slot',
          'a.message_text',
          'a.message_locale',
          'c.id as customer_id',
          'c.name as customer_name',
          'c.phone',
          'o.id as offering_id',
          'o.name as offering_name',
          's.id as staff_id',
          's.name as staff_name',
        ])
        .where('m.tenant_id', '=', tenantId)
        .where('m.id', '=', messageId)
        .executeTakeFirst(),
    );
    if (!row || (row.kind !== 'reactivation' && row.kind !== 'follow_up')) return 'skipped';
    const phone = E164.test(row.recipient) ? row.recipient : row.phone;
    if (!phone || !E164.test(phone)) return 'skipped';
    const offering =
      row.suggested_offerings[0] ??
      (row.offering_id && row.offering_name ? { id: row.offering_id, name: row.offering_name } : null);
    const pendingAction: PendingAction = {
      type: 'reactivation_response',
      campaign: row.campaign_id ?? row.origin,
      attemptId: row.attempt_id,
      messageId: row.message_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      suggestedOffering: offering,
      suggestedStaff:
        row.suggested_slot?.staffId && row.suggested_slot.staffName
          ? { id: row.suggested_slot.staffId, name: row.suggested_slot.staffName }
          : row.staff_id && row.staff_name
            ? { id: row.staff_id, name: row.staff_name }
            : null,
      suggestedSlot: row.suggested_slot,
      daysInactive: row.days_inactive,
      offerPct: row.offer_pct === null ? null : Number(row.offer_pct),
      messageText: row.body ?? row.message_text ?? '',
      messageSentAt: (row.sent_at ?? new Date()).toISOString(),
      channel: row.channel,
      locale: row.message_locale,
    };
    const ttlSeconds = Math.round(listeningSettingsOf(tenant.settings).dialogTtlHours * 3600);
    return await deps.dialog.write(
      { tenantId, phone, pendingAction, updatedAt: new Date().toISOString() },
      ttlSeconds,
    );
  } catch (error) {
    deps.logger?.warn({ err: error, tenantId, messageId }, 'dialog context not written');
    return 'failed';
  }
}
