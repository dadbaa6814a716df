import type { Db } from '../../adapters/db/kysely.ts';
import { appendEvents, type EventRow } from '../../adapters/db/outbound/claim-writes.repository.ts';
import { type FencedRow, writeFenced, writeSent } from '../../adapters/db/outbound/outcomes.repository.ts';
import { pauseAndMove } from '../../adapters/db/outbound/senders.repository.ts';
import { recordAttemptContacts } from '../../adapters/db/reactivation/attempts.repository.ts';
import type { AfterSend } from '../../domain/outreach/retry.ts';
import { levelAfterPause } from '../../domain/outreach/warmup.ts';
import type { ClaimedMessage } from './claimed.ts';

export interface Outcome {
  readonly claimed: ClaimedMessage;
  readonly after: AfterSend;
}

export interface OutcomeWritten {
  readonly id: string;
  /** False when the worker had lost its lease: the new holder's outcome stands, this one is dropped. */
  readonly written: boolean;
  /** The sender this outcome paused, and where its queued messages went (null: waiting, no healthy sender). */
  readonly paused?: { readonly senderId: string; readonly movedTo: string | null; readonly moved: number };
}

/**
 * Writes the outcomes of finished hand-offs in one short transaction: acceptances first (never
 * fenced: the provider has the message), then the fenced outcomes, then the audit, and last the
 * senders to pause — message rows before sender rows, the order every writer follows, so the
 * writers cannot deadlock with the claims (which lock messages, then senders).
 */
export async function recordOutcomes(
  db: Db,
  outcomes: readonly Outcome[],
  now: Date = new Date(),
): Promise<OutcomeWritten[]> {
  if (outcomes.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const sent = outcomes.filter((o) => o.after.kind === 'sent');
    const tenantOf = new Map(sent.map((o) => [o.claimed.message.id, o.claimed.message.tenantId]));
    const accepted = await writeSent(
      trx,
      sent.map(({ claimed, after }) => ({
        tenantId: claimed.message.tenantId,
        id: claimed.message.id,
        providerMessageId: after.kind === 'sent' ? after.providerMessageId : '',
        sentAs: after.kind === 'sent' ? after.as : 'text',
      })),
      now,
    );
    // the attempts behind these messages reached their customer (scan: contacted today, min gap)
    await recordAttemptContacts(
      trx,
      accepted.map((a) => ({ tenantId: tenantOf.get(a.id)!, messageId: a.id })),
      now,
    );
    const fenced = outcomes.flatMap((o) => fencedRow(o));
    const written = new Set([...(await writeFenced(trx, fenced, now)), ...accepted.map((a) => a.id)]);
    const fromOf = new Map(accepted.map((a) => [a.id, a.from_status]));
    await appendEvents(
      trx,
      outcomes.flatMap((o) =>
        written.has(o.claimed.message.id) ? [outcomeEvent(o, fromOf.get(o.claimed.message.id))] : [],
      ),
    );

    const paused = new Map<string, NonNullable<OutcomeWritten['paused']>>();
    for (const { claimed, after } of outcomes) {
      if (after.kind !== 'pause_sender' || paused.has(claimed.sender.id)) continue;
      const result = await pauseAndMove(trx, claimed.message.tenantId, claimed.sender.id, {
        health: 'paused',
        reason: `${after.code}: ${after.message}`.slice(0, 500),
        now,
        pausedUntil: after.pausedUntil,
        demote: levelAfterPause,
      });
      if (result)
        paused.set(claimed.sender.id, {
          senderId: claimed.sender.id,
          movedTo: result.movedTo,
          moved: result.moved,
        });
    }
    return outcomes.map(({ claimed, after }) => {
      const pause = after.kind === 'pause_sender' ? paused.get(claimed.sender.id) : undefined;
      return {
        id: claimed.message.id,
        written: written.has(claimed.message.id),
        ...(pause ? { paused: pause } : {}),
      };
    });
  });
}

function fencedRow({ claimed, after }: Outcome): FencedRow[] {
  const base = {
    tenantId: claimed.message.tenantId,
    id: claimed.message.id,
    owner: claimed.workerId,
    attempt: claimed.attempt,
  };
  switch (after.kind) {
    case 'sent':
      return [];
    case 'retry':
      return [
        { ...base, status: 'queued', scheduledFor: after.at, errorCode: after.code, error: after.message },
      ];
    case 'failed':
      return [{ ...base, status: 'failed', errorCode: after.code, error: after.message }];
    case 'in_doubt':
      return [
        {
          ...base,
          status: 'sending',
          errorCode: after.code,
          error: after.message,
          reconcileReason: `the call to ${claimed.message.id}'s provider ended without an answer (${after.code}); the provider may have it and cannot recognise a repeat`,
        },
      ];
    case 'pause_sender':
      return [
        after.retryAt
          ? {
              ...base,
              status: 'queued',
              scheduledFor: after.retryAt,
              errorCode: after.code,
              error: after.message,
            }
          : {
              ...base,
              status: 'failed',
              errorCode: after.code,
              error: `${after.message} (no attempts left)`,
            },
      ];
  }
}

function outcomeEvent({ claimed, after }: Outcome, sentFrom: EventRow['from'] | undefined): EventRow {
  const base = {
    tenantId: claimed.message.tenantId,
    messageId: claimed.message.id,
    actor: `worker:${claimed.workerId}`,
    attempt: claimed.attempt,
  };
  switch (after.kind) {
    case 'sent':
      return {
        ...base,
        from: sentFrom ?? 'sending',
        to: 'sent',
        note:
          sentFrom && sentFrom !== 'sending'
            ? `accepted by the provider after the queue had moved it to ${sentFrom}`
            : null,
        details: { providerMessageId: after.providerMessageId, as: after.as, senderId: claimed.sender.id },
      };
    case 'retry':
      return {
        ...base,
        from: 'sending',
        to: 'queued',
        code: after.code,
        note: after.message,
        details: { retryAt: after.at.toISOString() },
      };
    case 'failed':
      return { ...base, from: 'sending', to: 'failed', code: after.code, note: after.message };
    case 'in_doubt':
      return {
        ...base,
        from: 'sending',
        to: 'sending',
        code: after.code,
        note: `in doubt: ${after.message}`,
      };
    case 'pause_sender':
      return {
        ...base,
        from: 'sending',
        to: after.retryAt ? 'queued' : 'failed',
        code: after.code,
        note: `sender ${claimed.sender.id} paused: ${after.message}`,
      };
  }
}
