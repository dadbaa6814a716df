import type { MessageEventRow, MessageRow, SenderRow } from '../../adapters/db/schema.ts';
import type { Caps } from '../../domain/outreach/caps.ts';
import type { Channel, TemplateRef } from '../../domain/outreach/channel.ts';
import type { MessageKind, MessageStatus } from '../../domain/outreach/message.ts';
import { WARMED_LEVEL } from '../../domain/outreach/warmup.ts';
import { effectiveCaps } from './sender-caps.ts';

/** A message as the API, the CLI and the dashboard show it. */
export interface Message {
  id: string;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  /** `sending` with no worker on it: waiting for a status webhook or an operator (see claim.ts). */
  inDoubt: boolean;
  reconcileReason: string | null;
  customerId: string | null;
  attemptId: string | null;
  campaignId: string | null;
  senderId: string | null;
  recipient: string;
  text: string | null;
  template: TemplateRef | null;
  subject: string | null;
  labels: string[];
  metadata: Record<string, unknown>;
  priority: number;
  scheduledFor: Date;
  attempts: number;
  maxAttempts: number;
  lastError: { code: string | null; message: string | null } | null;
  providerMessageId: string | null;
  sentAs: 'text' | 'template' | null;
  idempotencyKey: string;
  lease: { owner: string; expiresAt: Date } | null;
  dispatchedAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  skipReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  events?: MessageEvent[];
}

export interface MessageEvent {
  at: Date;
  actor: string;
  from: MessageStatus | null;
  to: MessageStatus;
  attempt: number | null;
  code: string | null;
  note: string | null;
  details: Record<string, unknown>;
}

export function toMessage(row: MessageRow, events?: readonly MessageEventRow[]): Message {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    inDoubt: row.reconcile_reason !== null,
    reconcileReason: row.reconcile_reason,
    customerId: row.customer_id,
    attemptId: row.attempt_id,
    campaignId: row.campaign_id,
    senderId: row.sender_id,
    recipient: row.recipient,
    text: row.body,
    template: row.template,
    subject: row.subject,
    labels: row.labels,
    metadata: row.metadata,
    priority: row.priority,
    scheduledFor: row.scheduled_for,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError:
      row.last_error_code || row.last_error ? { code: row.last_error_code, message: row.last_error } : null,
    providerMessageId: row.provider_message_id,
    sentAs: row.sent_as,
    idempotencyKey: row.idempotency_key,
    lease:
      row.lease_owner && row.lease_expires_at
        ? { owner: row.lease_owner, expiresAt: row.lease_expires_at }
        : null,
    dispatchedAt: row.dispatched_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    readAt: row.read_at,
    failedAt: row.failed_at,
    skipReason: row.skip_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(events
      ? {
          events: events.map((e) => ({
            at: e.at,
            actor: e.actor,
            from: e.from_status,
            to: e.to_status,
            attempt: e.attempt,
            code: e.code,
            note: e.note,
            details: e.details,
          })),
        }
      : {}),
  };
}

/** A sender as the API shows it: secrets masked, caps as set and as in force. */
export interface Sender {
  id: string;
  channel: Channel;
  name: string;
  settings: Record<string, unknown>;
  /** Each secret's last four characters at most: enough to tell two tokens apart, never to use one. */
  secrets: Record<string, string>;
  caps: Caps;
  /** The caps in force now: the sender's own, tightened by its warm-up level. */
  effectiveCaps: Caps;
  recipientGapSeconds: number;
  warmup: { level: number; warmed: boolean; startedAt: Date | null; levelSince: Date | null };
  health: {
    status: 'healthy' | 'paused' | 'banned';
    reason: string | null;
    pausedAt: Date | null;
    pausedUntil: Date | null;
  };
  quality: 'high' | 'medium' | 'low' | 'unknown';
  nextCapacityAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function maskSecret(value: string): string {
  // Short secrets (a 6-digit verify token) would be half revealed by their last four characters.
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}

export function toSender(row: SenderRow): Sender {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    settings: row.settings,
    secrets: Object.fromEntries(
      Object.entries(row.secrets).map(([key, value]) => [key, maskSecret(String(value))]),
    ),
    caps: { perSecond: row.per_second_cap, perHour: row.hourly_cap, perDay: row.daily_cap },
    effectiveCaps: effectiveCaps(row),
    recipientGapSeconds: row.recipient_gap_seconds,
    warmup: {
      level: row.warmup_level,
      warmed: row.warmup_level >= WARMED_LEVEL,
      startedAt: row.warmup_started_at,
      levelSince: row.warmup_level_since,
    },
    health: {
      status: row.health,
      reason: row.health_reason,
      pausedAt: row.paused_at,
      pausedUntil: row.paused_until,
    },
    quality: row.quality,
    nextCapacityAt: row.next_capacity_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
