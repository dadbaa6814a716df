import type { CandidateRow } from '../../adapters/db/outbound/claim-reads.repository.ts';
import type { EventRow, SettledRow } from '../../adapters/db/outbound/claim-writes.repository.ts';
import type { ClaimDecision } from '../../domain/outreach/claim-plan.ts';

/** A claim's decisions as row changes and the audit lines that explain them. */

export interface Settled {
  readonly row: SettledRow;
  readonly code: string;
  readonly note: string;
}

const SKIP_NOTES: Record<string, string> = {
  opted_out: 'the customer opted out or denied consent',
  blacklisted: 'the customer is blacklisted',
  same_kind_today: 'the customer already got a message of this kind today',
};

/** Every decision but a claim, as the row change it makes and the audit line that explains it. */
export function settle(d: ClaimDecision, row: CandidateRow): Settled[] {
  const base = { tenantId: row.tenant_id, id: row.id };
  switch (d.kind) {
    case 'claim':
      return [];
    case 'skip':
      return [
        {
          row: { ...base, status: 'skipped', skipReason: d.reason },
          code: d.reason,
          note: SKIP_NOTES[d.reason]!,
        },
      ];
    case 'reschedule':
      return [
        {
          row: { ...base, status: 'queued', scheduledFor: d.at },
          code: d.reason,
          note: `${d.reason === 'window_closed' ? "the tenant's send window is closed" : 'too soon after the last message to this recipient'}; next try ${d.at.toISOString()}`,
        },
      ];
    case 'in_doubt':
      return [
        { row: { ...base, status: 'sending', reconcileReason: d.reason }, code: 'in_doubt', note: d.reason },
      ];
    case 'fail':
      return [
        {
          row: { ...base, status: 'failed', errorCode: d.code, error: d.message },
          code: d.code,
          note: d.message,
        },
      ];
    case 'wait':
      // A queued message waits untouched; a lapsed one goes back to the queue. With no usable
      // sender it loses its paused one, so that any sender of the channel may take it later.
      if (row.status === 'queued' && (d.reason === 'sender_capacity' || row.sender_id === null)) return [];
      return [
        {
          row: { ...base, status: 'queued', clearSender: d.reason === 'no_sender' },
          code: d.reason,
          note:
            d.reason === 'no_sender'
              ? 'no usable sender of the channel; waiting for one'
              : 'lease lapsed; back in the queue until its sender has room',
        },
      ];
  }
}

export function claimEvent(
  d: ClaimDecision & { kind: 'claim' },
  row: CandidateRow,
  attempt: number,
  actor: string,
): EventRow {
  return {
    tenantId: row.tenant_id,
    messageId: row.id,
    actor,
    from: row.status,
    to: 'sending',
    attempt,
    note:
      row.status === 'sending'
        ? 'lease lapsed; handed off again (the provider recognises the idempotency key)'
        : `hand-off ${attempt}`,
    details: { senderId: d.senderId },
  };
}

export function settledEvent(s: Settled, row: CandidateRow, actor: string): EventRow {
  return {
    tenantId: row.tenant_id,
    messageId: row.id,
    actor,
    from: row.status,
    to: s.row.status,
    attempt: row.attempts,
    code: s.code,
    note: s.note,
    ...(s.row.scheduledFor ? { details: { scheduledFor: s.row.scheduledFor.toISOString() } } : {}),
  };
}
