import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../kysely.ts';
import type { NewSenderRow, SenderChannel, SenderHealth, SenderRow, SenderTable } from '../schema.ts';

export async function insertSender(trx: DbOrTrx, row: NewSenderRow): Promise<SenderRow> {
  return trx.insertInto('senders').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSender(db: DbOrTrx, tenantId: string, id: string): Promise<SenderRow | undefined> {
  return db
    .selectFrom('senders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listSenderRows(
  db: DbOrTrx,
  tenantId: string,
  filters: { channel?: SenderChannel; health?: SenderHealth } = {},
): Promise<SenderRow[]> {
  let query = db.selectFrom('senders').selectAll().where('tenant_id', '=', tenantId);
  if (filters.channel) query = query.where('channel', '=', filters.channel);
  if (filters.health) query = query.where('health', '=', filters.health);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function updateSenderRow(
  db: DbOrTrx,
  tenantId: string,
  id: string,
  patch: Updateable<SenderTable>,
): Promise<SenderRow | undefined> {
  return db
    .updateTable('senders')
    .set({ ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export interface PauseChange {
  health: 'paused' | 'banned';
  reason: string;
  now: Date;
  /** The pause lifts by itself then; null: until an operator resumes the sender. */
  pausedUntil: Date | null;
  /** The warm-up level after the pause, from the level before it (a ban signal drops a warming number). */
  demote?: (level: number) => number;
}

/**
 * Pauses a sender and moves its queued messages to a healthy sender of the same tenant and
 * channel (the highest warm-up level, then the oldest), or leaves them without a sender — to be
 * taken by whichever sender of the channel is usable first — when there is none. The sender row is
 * locked first; queued rows a claim holds right now are skipped, and that claim, which waits for
 * this sender's lock, finds it paused and places them itself.
 */
export async function pauseAndMove(
  trx: Trx,
  tenantId: string,
  id: string,
  change: PauseChange,
): Promise<{ sender: SenderRow; movedTo: string | null; moved: number } | undefined> {
  const current = await trx
    .selectFrom('senders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!current) return undefined;
  // Demoted once per pause: a second signal while already paused (another worker's outcome) is the same trouble.
  const level =
    change.demote && current.health === 'healthy'
      ? change.demote(current.warmup_level)
      : current.warmup_level;
  const sender = await trx
    .updateTable('senders')
    .set({
      health: change.health,
      health_reason: change.reason,
      paused_at: current.paused_at ?? change.now,
      paused_until: change.pausedUntil,
      ...(level !== current.warmup_level ? { warmup_level: level, warmup_level_since: change.now } : {}),
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const target = await trx
    .selectFrom('senders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('channel', '=', current.channel)
    .where('id', '<>', id)
    .where('health', '=', 'healthy')
    .orderBy('warmup_level', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const moved = await sql<{ id: string }>`
    update messages set sender_id = ${target?.id ?? null}::uuid, updated_at = now()
    where tenant_id = ${tenantId}::uuid and id in (
      select id from messages
      where tenant_id = ${tenantId}::uuid and sender_id = ${id}::uuid and status = 'queued'
      for update skip locked)
    returning id`.execute(trx);
  return { sender, movedTo: target?.id ?? null, moved: moved.rows.length };
}

export async function resumeSenderRow(
  trx: DbOrTrx,
  tenantId: string,
  id: string,
): Promise<SenderRow | undefined> {
  return updateSenderRow(trx, tenantId, id, {
    health: 'healthy',
    health_reason: null,
    paused_at: null,
    paused_until: null,
    next_capacity_at: null,
  });
}

/** Whether the tenant has any sender of the channel, whatever its health. */
export async function hasSenderFor(db: DbOrTrx, tenantId: string, channel: SenderChannel): Promise<boolean> {
  const row = await db
    .selectFrom('senders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('channel', '=', channel)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
