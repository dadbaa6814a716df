import { sql } from 'kysely';
import type { Db, Trx } from '../../adapters/db/kysely.ts';
import {
  type CandidateRow,
  lockCustomers,
  lockDueMessages,
  lockLapsedLeases,
  lockSenders,
  reachedSince,
} from '../../adapters/db/outbound/claim-reads.repository.ts';
import {
  appendEvents,
  pruneHandoffs,
  type SenderPatchRow,
  writeClaims,
  writeSenderPatches,
  writeSettled,
} from '../../adapters/db/outbound/claim-writes.repository.ts';
import type { SenderRow } from '../../adapters/db/schema.ts';
import { CHANNEL_POLICIES } from '../../domain/outreach/channel-policy.ts';
import {
  type Candidate,
  planClaim,
  sameKindKey,
  type TenantRules,
} from '../../domain/outreach/claim-plan.ts';
import { startOfLocalDay } from '../../domain/outreach/send-window.ts';
import {
  DEFAULT_OUTREACH_SETTINGS,
  type OutreachSettings,
  parseOutreachSettings,
} from '../../domain/settings/outreach.ts';
import { isValidTimeZone } from '../tenants.ts';
import { claimEvent, settle, settledEvent } from './claim-audit.ts';
import { nextCapacity, reviewSenderWarmup, senderStates } from './claim-senders.ts';
import { type ClaimedMessage, toOutboundMessage, toSenderConfig } from './claimed.ts';

/*
 * WHAT THE SEND QUEUE GUARANTEES, AND WHAT IT DOES NOT
 *
 * Terms: a *hand-off* is one claim of a message followed by one call to its channel. A channel is
 * *resend-safe* when its provider recognises a repeat of the same idempotency key (the webhook
 * channel's `Idempotency-Key`, honoured by the receiving endpoint; e-mail's Message-ID, folded by
 * the receiving mail systems; the log channel); WhatsApp Cloud API and Chatwoot are not.
 *
 * 1. Nothing is lost. A message exists once its enqueue commits. Every state but one leaves by
 *    itself, whichever processes die: `queued` is claimed when due; `sending` under a lease becomes
 *    claimable again when the lease lapses. The exception is a message *in doubt* (below), which
 *    waits for a status webhook or an operator and is counted apart in the queue stats.
 * 2. One holder at a time. Claims lock rows with FOR UPDATE SKIP LOCKED and set a lease (owner,
 *    expiry) in the same transaction. A lease is taken over only after it lapses, and outcome
 *    writes are fenced by (lease owner, attempt number): a worker whose lease was taken over
 *    cannot overwrite the new holder's result. The dispatcher aborts each provider call at its
 *    send timeout, well inside the lease, so a live worker never overlaps the next holder.
 * 3. One logical send, one message at the provider. The idempotency key is unique per tenant, so
 *    a repeated enqueue returns the existing message. A message goes to a provider again only
 *    (a) after the provider answered that it did not take it (a retryable error), or (b) when the
 *    outcome is unknown — the lease lapsed, or the call threw or timed out — and the channel is
 *    resend-safe. On a channel that is not, an unknown outcome leaves the message `sending` with
 *    `reconcile_reason` set and no lease: *in doubt*. WhatsApp's status webhook carries the key
 *    back (biz_opaque_callback_data) and settles it as sent/delivered/read/failed; otherwise an
 *    operator retries it (knowingly risking a duplicate) or cancels it. A provider's "accepted" is
 *    always recorded, even after the lease was lost: what the provider has wins over the queue.
 *    NOT guaranteed: a WhatsApp message in doubt whose status webhook never comes stays in doubt;
 *    a webhook endpoint that ignores Idempotency-Key may receive a message twice after a crash;
 *    e-mail is folded by Message-ID in the recipient's mail system (Gmail does), which SMTP does
 *    not promise. Between the provider's answer and the status write a crash leaves the message
 *    to (a)/(b); a failed status write is retried in memory by the dispatcher first.
 * 4. Claim-time checks see the state committed when the claim runs, after its locks: opted out,
 *    consent denied or blacklisted → `skipped`; the same kind already handed to the customer on
 *    the tenant's local day → `skipped`; the tenant's window closed → back to `queued` at the next
 *    opening (never failed). An opt-out committed after the claim, during the one hand-off that
 *    follows it, is not seen by that hand-off (at most the send timeout).
 * 5. Caps are exact across any number of processes. A claim locks each sender row it may use,
 *    counts the sender's hand-offs in the sliding second, hour and 24 hours from the ledger
 *    (`sender_handoffs`), claims at most what is left and writes one ledger row per hand-off
 *    before it commits. Every hand-off counts, retries and re-sends included, so the provider sees
 *    at most the cap. Counts are by the claim's timestamp (the database clock); the provider sees
 *    each call after the claim-to-send latency (milliseconds: a dispatcher claims only for slots it
 *    has free), by which a per-second cap observed at the provider can be off.
 * 6. "One message of a kind per customer per day" holds across processes: claims take an advisory
 *    lock per customer before they look, and count messages in flight as sent.
 * 7. Nothing is handed off outside the window; a hand-off made at the window's last instant reaches
 *    the provider the send latency later.
 * 8. A paused or banned sender gets no new hand-offs: its messages are filtered out and its health
 *    is checked again under its lock. Calls already in flight when it is paused finish.
 * 9. Order is priority (10 first), then the longest due, across tenants — at claim. Sends finish in
 *    any order, and a retried message waits for its backoff.
 * 10. Tenancy: the claim and the outcome writes serve every tenant, so they run as the connecting
 *    role, outside row-level security; every statement repeats the tenant id read from the row.
 */

export interface ClaimOptions {
  /** Names the lease owner in the rows and in the audit. */
  readonly workerId: string;
  /** Hand at most this many messages over. */
  readonly limit: number;
  /** How long the worker owns each message; must exceed its send timeout. */
  readonly leaseMs: number;
  /** Tests inject the time; otherwise the database's clock, one clock for every process. */
  readonly now?: Date;
}

/** Claims up to `limit` due messages for one worker, in one short transaction. See the guarantees above. */
export async function claimMessages(db: Db, options: ClaimOptions): Promise<ClaimedMessage[]> {
  return db.transaction().execute((trx) => claimIn(trx, options));
}

async function claimIn(trx: Trx, options: ClaimOptions): Promise<ClaimedMessage[]> {
  const now = options.now ?? (await databaseNow(trx));
  const lapsed = await lockLapsedLeases(trx, now, options.limit);
  // Twice the batch: some candidates are skipped or rescheduled instead of claimed.
  const due = await lockDueMessages(trx, now, 2 * options.limit - lapsed.length);
  const rows = [...lapsed, ...due];
  if (rows.length === 0) return [];

  const rules = tenantRules(rows);
  const pairs = uniqueBy(
    rows.map((r) => ({ tenantId: r.tenant_id, channel: r.channel })),
    (p) => `${p.tenantId}:${p.channel}`,
  );
  const senderRows = await lockSenders(trx, pairs);
  const patches = new Map<string, SenderPatchRow>();
  const patch = (s: SenderRow, change: Partial<SenderPatchRow>) =>
    patches.set(s.id, { ...(patches.get(s.id) ?? { tenantId: s.tenant_id, id: s.id }), ...change });
  for (const s of senderRows) {
    if (s.health === 'paused' && s.paused_until && s.paused_until <= now) patch(s, { resume: true });
    const warmup = await reviewSenderWarmup(trx, s, now);
    if (warmup) patch(s, warmup);
  }

  const senders = await senderStates(trx, senderRows, patches, rows, now);
  const reachedToday = await customersReachedToday(trx, rows, rules, now);
  const plan = planClaim({
    now,
    candidates: rows.map(toCandidate),
    limit: options.limit,
    tenants: new Map([...rules].map(([id, r]) => [id, r.rules])),
    senders,
    reachedToday,
    resendSafe: (channel) => CHANNEL_POLICIES[channel].resendSafe,
  });

  const byId = new Map(rows.map((r) => [r.id, r]));
  const actor = `worker:${options.workerId}`;
  const leaseExpiresAt = new Date(now.getTime() + options.leaseMs);
  const claims = plan.decisions.filter((d) => d.kind === 'claim');
  const claimed = await writeClaims(
    trx,
    claims.map((d) => {
      const row = byId.get(d.id)!;
      return { tenantId: row.tenant_id, id: d.id, senderId: d.senderId, recipient: row.recipient };
    }),
    options.workerId,
    now,
    leaseExpiresAt,
  );
  const settled = plan.decisions.flatMap((d) => settle(d, byId.get(d.id)!));
  await writeSettled(
    trx,
    settled.map((s) => s.row),
    now,
  );
  const attemptOf = new Map(claimed.map((c) => [c.id, c.attempts]));
  await appendEvents(trx, [
    ...claims.map((d) => claimEvent(d, byId.get(d.id)!, attemptOf.get(d.id)!, actor)),
    ...settled.map((s) => settledEvent(s, byId.get(s.row.id)!, actor)),
  ]);

  for (const id of plan.exhaustedSenders) {
    const row = senderRows.find((s) => s.id === id)!;
    // Already known to be full until later: its messages were not among the candidates.
    if (row.next_capacity_at && row.next_capacity_at > now && !claims.some((d) => d.senderId === id))
      continue;
    const state = senders.find((s) => s.id === id)!;
    const claimedHere = claims.filter((d) => d.senderId === id).length;
    patch(row, {
      nextCapacityAt: await nextCapacity(trx, state, claimedHere, now),
    });
  }
  await writeSenderPatches(trx, [...patches.values()]);
  await pruneHandoffs(
    trx,
    uniqueBy(
      claims.map((d) => ({ tenantId: byId.get(d.id)!.tenant_id, id: d.senderId })),
      (s) => s.id,
    ),
    now,
  );

  const sendersById = new Map(senderRows.map((s) => [s.id, s]));
  return claims.map((d) => {
    const row = byId.get(d.id)!;
    return {
      message: toOutboundMessage(row, rules.get(row.tenant_id)!.settings, now),
      sender: toSenderConfig(sendersById.get(d.senderId)!),
      attempt: attemptOf.get(d.id)!,
      maxAttempts: row.max_attempts,
      workerId: options.workerId,
      leaseExpiresAt,
      resendSafe: CHANNEL_POLICIES[row.channel].resendSafe,
    };
  });
}

async function databaseNow(trx: Trx): Promise<Date> {
  const result = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(trx);
  return result.rows[0]!.now;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

function tenantRules(
  rows: readonly CandidateRow[],
): Map<string, { rules: TenantRules; settings: OutreachSettings }> {
  const out = new Map<string, { rules: TenantRules; settings: OutreachSettings }>();
  for (const row of rows) {
    if (out.has(row.tenant_id)) continue;
    const parsed = parseOutreachSettings(row.outreach);
    // Settings are validated when written; a row edited by hand falls back to the defaults, which
    // are the conservative window, rather than stopping every tenant's claims.
    const settings = parsed.ok ? parsed.settings : DEFAULT_OUTREACH_SETTINGS;
    const timeZone = isValidTimeZone(row.timezone) ? row.timezone : 'UTC';
    out.set(row.tenant_id, {
      settings,
      rules: { timeZone, window: settings.window, onePerDayKinds: settings.onePerDayKinds },
    });
  }
  return out;
}

function toCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    senderId: row.sender_id,
    status: row.status === 'sending' ? 'sending' : 'queued',
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    optedOut: row.opted_out,
    blacklisted: row.blacklisted,
  };
}

/** Locks the customers whose once-a-day kinds are among the candidates, then reads who was reached today. */
async function customersReachedToday(
  trx: Trx,
  rows: readonly CandidateRow[],
  rules: ReadonlyMap<string, { rules: TenantRules }>,
  now: Date,
): Promise<Map<string, string[]>> {
  const asks = rows.flatMap((row) => {
    const r = rules.get(row.tenant_id)!.rules;
    if (!row.customer_id || !r.onePerDayKinds.includes(row.kind)) return [];
    return [
      {
        tenantId: row.tenant_id,
        customerId: row.customer_id,
        kind: row.kind,
        since: startOfLocalDay(now, r.timeZone),
      },
    ];
  });
  if (asks.length === 0) return new Map();
  await lockCustomers(
    trx,
    asks.map((a) => customerLockKey(a.customerId)),
  );
  const found = await reachedSince(
    trx,
    uniqueBy(asks, (a) => sameKindKey(a.tenantId, a.customerId, a.kind)),
  );
  const reached = new Map<string, string[]>();
  for (const f of found) {
    const key = sameKindKey(f.tenant_id, f.customer_id, f.kind as Candidate['kind']);
    reached.set(key, [...(reached.get(key) ?? []), f.id]);
  }
  return reached;
}

/** A signed 64-bit advisory lock key from a customer id (random UUIDs: collisions only make claims wait). */
function customerLockKey(customerId: string): bigint {
  const high = BigInt(`0x${customerId.replaceAll('-', '').slice(0, 16)}`);
  return BigInt.asIntN(64, high);
}
