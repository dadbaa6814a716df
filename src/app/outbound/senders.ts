import type { Updateable } from 'kysely';
import { senderConfigIssues } from '../../adapters/channels/validate.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import {
  findSender,
  insertSender,
  listSenderRows,
  pauseAndMove,
  resumeSenderRow,
  updateSenderRow,
} from '../../adapters/db/outbound/senders.repository.ts';
import type { SenderTable } from '../../adapters/db/schema.ts';
import type { Caps } from '../../domain/outreach/caps.ts';
import { CHANNELS, type Channel } from '../../domain/outreach/channel.ts';
import { CHANNEL_POLICIES } from '../../domain/outreach/channel-policy.ts';
import { levelAfterPause, type SenderQuality, WARMED_LEVEL } from '../../domain/outreach/warmup.ts';
import { AppError, conflictOnDuplicate, notFound } from '../errors.ts';
import { type Sender, toSender } from './views.ts';

type Issue = { field: string; message: string };

export interface SenderInput {
  readonly channel: Channel;
  readonly name: string;
  /** Non-secret provider settings (phone number id, API base URL, from address, endpoint URL…). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Tokens and passwords; stored as given, never shown again in full. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Per window: a number, null for no cap, absent for the channel's default (CHANNEL_POLICIES). */
  readonly caps?: Partial<Caps>;
  readonly recipientGapSeconds?: number;
  /** Start at warm-up level 1 (a new number) or warmed; default by channel (WhatsApp warms up). */
  readonly warmUp?: boolean;
  readonly now?: Date;
}

export interface SenderPatch {
  readonly name?: string;
  /** Merged into the stored settings; a null value removes a key. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Merged into the stored secrets; a null value removes a key. */
  readonly secrets?: Readonly<Record<string, string | null>>;
  readonly caps?: Partial<Caps>;
  readonly recipientGapSeconds?: number;
  /** Sets the warm-up level (1–5, 5 warmed): an operator who knows the number's history. */
  readonly warmupLevel?: number;
  readonly now?: Date;
}

function validationError(issues: Issue[]): AppError {
  return new AppError('validation_error', issues.map((i) => `${i.field}: ${i.message}`).join('; '), {
    issues,
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkCommon(input: SenderInput | SenderPatch, issues: Issue[]): void {
  const add = (field: string, message: string) => issues.push({ field, message });
  if (input.name !== undefined && (input.name.trim().length === 0 || input.name.length > 200)) {
    add('name', 'must be 1–200 characters');
  }
  if (input.settings !== undefined) {
    if (!isPlainObject(input.settings)) add('settings', 'must be an object');
    else {
      for (const [key, value] of Object.entries(input.settings)) {
        // Every provider client takes its base URL from here, so a stand-in can be named instead.
        if (/url$/i.test(key) && value !== null && !isHttpUrl(value))
          add(`settings.${key}`, 'must be an http(s) URL');
      }
    }
  }
  if (input.secrets !== undefined) {
    if (!isPlainObject(input.secrets)) add('secrets', 'must be an object');
    else {
      for (const [key, value] of Object.entries(input.secrets)) {
        if (value !== null && (typeof value !== 'string' || value.length === 0))
          add(`secrets.${key}`, 'must be a non-empty string');
      }
    }
  }
  for (const window of ['perSecond', 'perHour', 'perDay'] as const) {
    const cap = input.caps?.[window];
    if (cap !== undefined && cap !== null && !(Number.isInteger(cap) && cap > 0)) {
      add(`caps.${window}`, 'a positive integer, or null for no cap');
    }
  }
  const gap = input.recipientGapSeconds;
  if (gap !== undefined && !(Number.isInteger(gap) && gap >= 0 && gap <= 86_400)) {
    add('recipientGapSeconds', 'an integer from 0 to 86400');
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const capColumns = (caps: Partial<Caps>) => ({
  ...(caps.perSecond !== undefined ? { per_second_cap: caps.perSecond } : {}),
  ...(caps.perHour !== undefined ? { hourly_cap: caps.perHour } : {}),
  ...(caps.perDay !== undefined ? { daily_cap: caps.perDay } : {}),
});

/** Adds a WhatsApp number, mailbox, Chatwoot inbox, webhook endpoint or dry-run log for the tenant. */
export async function createSender(db: Db, tenantId: string, input: SenderInput): Promise<Sender> {
  const issues: Issue[] = [];
  if (!(CHANNELS as readonly string[]).includes(input.channel)) {
    issues.push({ field: 'channel', message: `must be one of ${CHANNELS.join(', ')}` });
  }
  checkCommon(input, issues);
  if (issues.length === 0)
    issues.push(...senderConfigIssues(input.channel, input.settings ?? {}, input.secrets ?? {}));
  if (issues.length > 0) throw validationError(issues);
  const policy = CHANNEL_POLICIES[input.channel];
  const now = input.now ?? new Date();
  const warmUp = input.warmUp ?? policy.warmUp;
  return withTenant(db, tenantId, async (trx) => {
    const row = await conflictOnDuplicate(
      () =>
        insertSender(trx, {
          tenant_id: tenantId,
          channel: input.channel,
          name: input.name.trim(),
          settings: JSON.stringify(input.settings ?? {}),
          secrets: JSON.stringify(input.secrets ?? {}),
          ...capColumns({ ...policy.caps, ...input.caps }),
          recipient_gap_seconds: input.recipientGapSeconds ?? policy.recipientGapSeconds,
          warmup_level: warmUp ? 1 : WARMED_LEVEL,
          warmup_started_at: warmUp ? now : null,
          warmup_level_since: now,
        }),
      () => `a sender named "${input.name.trim()}" already exists`,
    );
    return toSender(row);
  });
}

function merge(
  stored: Record<string, unknown>,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Changes a sender's name, settings, secrets, caps, pace or warm-up level. */
export async function updateSender(
  db: Db,
  tenantId: string,
  id: string,
  patch: SenderPatch,
): Promise<Sender> {
  const issues: Issue[] = [];
  checkCommon(patch, issues);
  const level = patch.warmupLevel;
  if (level !== undefined && !(Number.isInteger(level) && level >= 1 && level <= WARMED_LEVEL)) {
    issues.push({
      field: 'warmupLevel',
      message: `an integer from 1 to ${WARMED_LEVEL} (${WARMED_LEVEL}: warmed)`,
    });
  }
  if (issues.length > 0) throw validationError(issues);
  const now = patch.now ?? new Date();
  return withTenant(db, tenantId, async (trx) => {
    const current = await findSender(trx, tenantId, id);
    if (!current) throw notFound('sender', id);
    if (patch.settings !== undefined || patch.secrets !== undefined) {
      const config = senderConfigIssues(
        current.channel,
        merge(current.settings, patch.settings ?? {}),
        merge(current.secrets, patch.secrets ?? {}),
      );
      if (config.length > 0) throw validationError(config);
    }
    const changes: Updateable<SenderTable> = {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.settings !== undefined
        ? { settings: JSON.stringify(merge(current.settings, patch.settings)) }
        : {}),
      ...(patch.secrets !== undefined
        ? { secrets: JSON.stringify(merge(current.secrets, patch.secrets)) }
        : {}),
      ...capColumns(patch.caps ?? {}),
      ...(patch.recipientGapSeconds !== undefined
        ? { recipient_gap_seconds: patch.recipientGapSeconds }
        : {}),
      ...(level !== undefined && level !== current.warmup_level
        ? {
            warmup_level: level,
            warmup_level_since: now,
            warmup_checked_at: null,
            ...(current.warmup_started_at === null && level < WARMED_LEVEL ? { warmup_started_at: now } : {}),
          }
        : {}),
      // New caps or a new level may give room at once: the claim recounts instead of waiting.
      ...(patch.caps !== undefined || level !== undefined ? { next_capacity_at: null } : {}),
    };
    const row = await conflictOnDuplicate(
      () => updateSenderRow(trx, tenantId, id, changes),
      () => `a sender named "${patch.name?.trim()}" already exists`,
    );
    return toSender(row!);
  });
}

export async function listSenders(
  db: Db,
  tenantId: string,
  filters: { channel?: Channel; health?: 'healthy' | 'paused' | 'banned' } = {},
): Promise<Sender[]> {
  return withTenant(db, tenantId, async (trx) =>
    (await listSenderRows(trx, tenantId, filters)).map(toSender),
  );
}

export async function getSender(db: Db, tenantId: string, id: string): Promise<Sender> {
  const row = await withTenant(db, tenantId, (trx) => findSender(trx, tenantId, id));
  if (!row) throw notFound('sender', id);
  return toSender(row);
}

export interface PauseInput {
  readonly reason: string;
  /** The pause lifts by itself at this instant; absent: until resumed. */
  readonly until?: Date;
  /** The provider banned the number (seed 004 edge case 6): marked `banned` rather than `paused`. */
  readonly banned?: boolean;
  readonly now?: Date;
}

export interface PauseResult {
  readonly sender: Sender;
  /** Where its queued messages went: another healthy sender of the channel, or null (they wait). */
  readonly movedTo: string | null;
  readonly moved: number;
}

/**
 * Stops a sender's hand-offs and moves its queued messages to a healthy sender of the same tenant
 * and channel, or leaves them waiting for one. Hand-offs already in flight finish.
 */
export async function pauseSender(
  db: Db,
  tenantId: string,
  id: string,
  input: PauseInput,
): Promise<PauseResult> {
  const reason = input.reason.trim();
  if (!reason) throw validationError([{ field: 'reason', message: 'say why the sender is paused' }]);
  const now = input.now ?? new Date();
  if (input.until && input.until <= now)
    throw validationError([{ field: 'until', message: 'must be in the future' }]);
  const result = await withTenant(db, tenantId, (trx) =>
    pauseAndMove(trx, tenantId, id, {
      health: input.banned ? 'banned' : 'paused',
      reason: reason.slice(0, 500),
      now,
      pausedUntil: input.until ?? null,
      ...(input.banned ? { demote: levelAfterPause } : {}),
    }),
  );
  if (!result) throw notFound('sender', id);
  return { sender: toSender(result.sender), movedTo: result.movedTo, moved: result.moved };
}

/** Lets a paused or banned sender hand messages off again. */
export async function resumeSender(db: Db, tenantId: string, id: string): Promise<Sender> {
  const row = await withTenant(db, tenantId, (trx) => resumeSenderRow(trx, tenantId, id));
  if (!row) throw notFound('sender', id);
  return toSender(row);
}

/**
 * Records the provider's quality rating for the number (WhatsApp's GREEN/YELLOW/RED as high,
 * medium, low). A low rating pauses the sender (issue 5: "pauses a sender on … low quality"):
 * Meta lowers a number's messaging limit and then restricts it if sending goes on. A low rating
 * also holds warm-up at its level.
 */
export async function recordSenderQuality(
  db: Db,
  tenantId: string,
  id: string,
  quality: SenderQuality,
  now: Date = new Date(),
): Promise<Sender> {
  const row = await withTenant(db, tenantId, async (trx) => {
    const updated = await updateSenderRow(trx, tenantId, id, { quality });
    if (!updated) return undefined;
    if (quality !== 'low' || updated.health !== 'healthy') return updated;
    const paused = await pauseAndMove(trx, tenantId, id, {
      health: 'paused',
      reason: 'the provider rated the number low quality',
      now,
      pausedUntil: null,
      demote: levelAfterPause,
    });
    return paused?.sender;
  });
  if (!row) throw notFound('sender', id);
  return toSender(row);
}
