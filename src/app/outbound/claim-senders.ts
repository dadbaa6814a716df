import type { Trx } from '../../adapters/db/kysely.ts';
import {
  type CandidateRow,
  countUsage,
  handoffAt,
  lastHandoffsTo,
  warmupEvidence,
} from '../../adapters/db/outbound/claim-reads.repository.ts';
import type { SenderPatchRow } from '../../adapters/db/outbound/claim-writes.repository.ts';
import type { SenderRow } from '../../adapters/db/schema.ts';
import { exhaustedWindows, hasAnyCap, type Usage, WINDOW_MS } from '../../domain/outreach/caps.ts';
import type { SenderState } from '../../domain/outreach/claim-plan.ts';
import { reviewWarmup, WARMED_LEVEL } from '../../domain/outreach/warmup.ts';
import { effectiveCaps } from './sender-caps.ts';

/** What a claim learns about the senders it has locked: warm-up, counts, pace, next room. */

/** How often a warming sender's evidence is read again once its time at the level is served. */
const WARMUP_RECHECK_MS = 3_600_000;

export async function reviewSenderWarmup(
  trx: Trx,
  s: SenderRow,
  now: Date,
): Promise<Partial<SenderPatchRow> | null> {
  if (s.warmup_level >= WARMED_LEVEL) return null;
  if (s.warmup_checked_at && now.getTime() - s.warmup_checked_at.getTime() < WARMUP_RECHECK_MS) return null;
  const levelSince = s.warmup_level_since ?? s.warmup_started_at ?? s.created_at;
  const base = { level: s.warmup_level, levelSince, now, quality: s.quality };
  // The time at the level is checked first, without reading any evidence.
  const early = reviewWarmup({ ...base, handOffs: 0, failures: 0 });
  if (early.change === 'hold' && !early.due) return null;
  const evidence = await warmupEvidence(trx, { tenantId: s.tenant_id, id: s.id }, levelSince);
  const decision = reviewWarmup({ ...base, ...evidence });
  return decision.change === 'advance'
    ? { warmup: { level: decision.level, since: now }, warmupCheckedAt: now }
    : { warmupCheckedAt: now };
}

export async function senderStates(
  trx: Trx,
  senderRows: readonly SenderRow[],
  patches: ReadonlyMap<string, SenderPatchRow>,
  rows: readonly CandidateRow[],
  now: Date,
): Promise<SenderState[]> {
  // Only capped senders need counting: an uncapped one (a dry-run log) would cost a scan of its
  // day of hand-offs for nothing.
  const capped = senderRows.filter((s) => hasAnyCap(effectiveCaps(s, patches.get(s.id)?.warmup?.level)));
  const refs = capped.map((s) => ({ tenantId: s.tenant_id, id: s.id }));
  const usage = new Map((await countUsage(trx, refs, now)).map((u) => [u.sender_id, u]));
  const paced = senderRows.filter((s) => s.recipient_gap_seconds > 0);
  const maxGapMs = Math.max(0, ...paced.map((s) => s.recipient_gap_seconds * 1000));
  const last = await lastHandoffsTo(
    trx,
    paced.map((s) => ({ tenantId: s.tenant_id, id: s.id })),
    rows.map((r) => r.recipient),
    now,
    maxGapMs,
  );
  return senderRows.map((s) => {
    const p = patches.get(s.id);
    const u = usage.get(s.id);
    const counted: Usage = {
      perSecond: u?.per_second ?? 0,
      perHour: u?.per_hour ?? 0,
      perDay: u?.per_day ?? 0,
    };
    return {
      id: s.id,
      tenantId: s.tenant_id,
      channel: s.channel,
      usable: s.health === 'healthy' || p?.resume === true,
      caps: effectiveCaps(s, p?.warmup?.level),
      usage: counted,
      recipientGapMs: s.recipient_gap_seconds * 1000,
      lastToRecipient: new Map(last.filter((l) => l.sender_id === s.id).map((l) => [l.recipient, l.at])),
    };
  });
}

/**
 * When the sender next has room: for each window whose cap is used up, the moment its oldest
 * hand-off that must slide out does; the latest of those, since every window needs room.
 */
export async function nextCapacity(
  trx: Trx,
  sender: SenderState,
  claimedHere: number,
  now: Date,
): Promise<Date> {
  const usage: Usage = {
    perSecond: sender.usage.perSecond + claimedHere,
    perHour: sender.usage.perHour + claimedHere,
    perDay: sender.usage.perDay + claimedHere,
  };
  let latest: number | undefined;
  for (const window of exhaustedWindows(sender.caps, usage)) {
    const offset = usage[window] - sender.caps[window]!;
    const at = await handoffAt(
      trx,
      { tenantId: sender.tenantId, id: sender.id },
      now,
      WINDOW_MS[window],
      offset,
    );
    if (at) latest = Math.max(latest ?? 0, at.getTime() + WINDOW_MS[window]);
  }
  // Without a ledger row to go by (caps lowered below what was already sent), look again in a second.
  return new Date(latest ?? now.getTime() + 1000);
}
