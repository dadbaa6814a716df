import { type Caps, remainingCapacity, type Usage } from './caps.ts';
import type { Channel } from './channel.ts';
import type { MessageKind, SkipReason } from './message.ts';
import { nextOpening, type SendWindow } from './send-window.ts';

/**
 * The claim-time checks (issue 5 §2), decided for a batch at once so that a message queued
 * yesterday obeys today's state: who may still be messaged, whether the tenant's window is open,
 * which sender has room, and the pace to one recipient. Pure: the claim transaction gathers the
 * state under its locks, this decides, the transaction writes the decisions.
 */

export interface Candidate {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string | null;
  readonly kind: MessageKind;
  readonly channel: Channel;
  readonly recipient: string;
  readonly senderId: string | null;
  /** `sending`: its lease expired, so its worker died or stalled mid-hand-off. */
  readonly status: 'queued' | 'sending';
  readonly attempts: number;
  readonly maxAttempts: number;
  /** The customer (or the customer with this phone or e-mail) has opted out or denied consent. */
  readonly optedOut: boolean;
  readonly blacklisted: boolean;
}

export interface TenantRules {
  readonly timeZone: string;
  readonly window: SendWindow;
  readonly onePerDayKinds: readonly MessageKind[];
}

export interface SenderState {
  readonly id: string;
  readonly tenantId: string;
  readonly channel: Channel;
  /** Healthy, or paused with a pause that has run out. */
  readonly usable: boolean;
  /** The caps in force, warm-up included. */
  readonly caps: Caps;
  /** Hand-offs already in each window ending now. */
  readonly usage: Usage;
  readonly recipientGapMs: number;
  /** The last hand-off to each recipient of this batch, within the gap. */
  readonly lastToRecipient: ReadonlyMap<string, Date>;
}

export interface ClaimInput {
  readonly now: Date;
  /** In claim order: priority, then how long each has been due. */
  readonly candidates: readonly Candidate[];
  /** At most this many are claimed; candidates beyond are left as they are. */
  readonly limit: number;
  readonly tenants: ReadonlyMap<string, TenantRules>;
  readonly senders: readonly SenderState[];
  /**
   * By `sameKindKey`: the messages of that kind handed to the customer today (their tenant's day),
   * in flight or sent. A candidate's own earlier hand-off (a lapsed lease) does not count against it.
   */
  readonly reachedToday: ReadonlyMap<string, readonly string[]>;
  readonly resendSafe: (channel: Channel) => boolean;
}

export type ClaimDecision =
  | { readonly id: string; readonly kind: 'claim'; readonly senderId: string }
  | { readonly id: string; readonly kind: 'skip'; readonly reason: SkipReason }
  | {
      readonly id: string;
      readonly kind: 'reschedule';
      readonly at: Date;
      readonly reason: 'window_closed' | 'recipient_pace';
    }
  | { readonly id: string; readonly kind: 'in_doubt'; readonly reason: string }
  | { readonly id: string; readonly kind: 'fail'; readonly code: string; readonly message: string }
  /** No sender with room (or none usable): left queued, untouched; a lapsed lease is returned to the queue. */
  | { readonly id: string; readonly kind: 'wait'; readonly reason: 'sender_capacity' | 'no_sender' };

export interface ClaimPlan {
  readonly decisions: readonly ClaimDecision[];
  /** Senders with no room left after this batch: the claim records when room frees up. */
  readonly exhaustedSenders: readonly string[];
}

export const sameKindKey = (tenantId: string, customerId: string, kind: MessageKind) =>
  `${tenantId}:${customerId}:${kind}`;

export function planClaim(input: ClaimInput): ClaimPlan {
  const { now } = input;
  const room = new Map(input.senders.map((s) => [s.id, remainingCapacity(s.caps, s.usage)]));
  const senders = new Map(input.senders.map((s) => [s.id, s]));
  const lastTo = new Map<string, Date>();
  const reachedInBatch = new Set<string>();
  const reached = (key: string, id: string) =>
    reachedInBatch.has(key) || (input.reachedToday.get(key) ?? []).some((other) => other !== id);
  const decisions: ClaimDecision[] = [];
  const touched = new Set<string>();
  let claimed = 0;

  const pick = (c: Candidate): SenderState | 'none' | 'full' => {
    const assigned = c.senderId ? senders.get(c.senderId) : undefined;
    if (assigned?.usable) {
      touched.add(assigned.id);
      return room.get(assigned.id)! > 0 ? assigned : 'full';
    }
    // Unassigned, or its sender was paused: any usable sender of the tenant and channel, the one
    // with the most room first, so that several numbers share the load.
    const usable = input.senders.filter(
      (s) => s.tenantId === c.tenantId && s.channel === c.channel && s.usable,
    );
    if (usable.length === 0) return 'none';
    for (const s of usable) touched.add(s.id);
    const best = usable
      .filter((s) => room.get(s.id)! > 0)
      .sort((a, b) => room.get(b.id)! - room.get(a.id)! || a.id.localeCompare(b.id))[0];
    return best ?? 'full';
  };

  for (const c of input.candidates) {
    if (claimed >= input.limit) break;
    if (c.status === 'sending' && !input.resendSafe(c.channel)) {
      decisions.push({
        id: c.id,
        kind: 'in_doubt',
        reason: `lease expired during hand-off ${c.attempts}: the ${c.channel} provider may have the message and cannot recognise a repeat; waiting for its status webhook or an operator`,
      });
      continue;
    }
    if (c.status === 'sending' && c.attempts >= c.maxAttempts) {
      decisions.push({
        id: c.id,
        kind: 'fail',
        code: 'lease_expired',
        message: `the worker stopped during each of ${c.attempts} hand-offs`,
      });
      continue;
    }
    if (c.blacklisted) {
      decisions.push({ id: c.id, kind: 'skip', reason: 'blacklisted' });
      continue;
    }
    // the one message an opted-out customer still gets: the confirmation of their opt-out
    if (c.optedOut && c.kind !== 'opt_out_confirmation') {
      decisions.push({ id: c.id, kind: 'skip', reason: 'opted_out' });
      continue;
    }
    const rules = input.tenants.get(c.tenantId);
    if (!rules) throw new Error(`no send rules for tenant ${c.tenantId}`);
    const opening = nextOpening(now, rules.timeZone, rules.window);
    if (opening?.getTime() !== now.getTime()) {
      // A window with no days at all is refused by the settings; a week later is a safe answer.
      const at = opening ?? new Date(now.getTime() + 7 * 86_400_000);
      decisions.push({ id: c.id, kind: 'reschedule', at, reason: 'window_closed' });
      continue;
    }
    const dayKey =
      c.customerId && rules.onePerDayKinds.includes(c.kind)
        ? sameKindKey(c.tenantId, c.customerId, c.kind)
        : null;
    if (dayKey && reached(dayKey, c.id)) {
      decisions.push({ id: c.id, kind: 'skip', reason: 'same_kind_today' });
      continue;
    }
    const sender = pick(c);
    if (sender === 'none' || sender === 'full') {
      decisions.push({ id: c.id, kind: 'wait', reason: sender === 'none' ? 'no_sender' : 'sender_capacity' });
      continue;
    }
    const paceKey = `${sender.id}\u0000${c.recipient}`;
    const last = lastTo.get(paceKey) ?? sender.lastToRecipient.get(c.recipient);
    if (sender.recipientGapMs > 0 && last && now.getTime() - last.getTime() < sender.recipientGapMs) {
      decisions.push({
        id: c.id,
        kind: 'reschedule',
        at: new Date(last.getTime() + sender.recipientGapMs),
        reason: 'recipient_pace',
      });
      continue;
    }
    room.set(sender.id, room.get(sender.id)! - 1);
    lastTo.set(paceKey, now);
    if (dayKey) reachedInBatch.add(dayKey);
    decisions.push({ id: c.id, kind: 'claim', senderId: sender.id });
    claimed++;
  }
  const exhaustedSenders = [...touched].filter((id) => room.get(id) === 0);
  return { decisions, exhaustedSenders };
}
