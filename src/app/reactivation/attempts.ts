import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import {
  type AttemptFilters,
  type AttemptListRow,
  type AttemptPatch,
  type AuditEvent,
  attemptIdsMatching,
  findAttempt,
  listAttempts as listAttemptRows,
  listEvents,
  transitionAttempt,
} from '../../adapters/db/reactivation/attempts.repository.ts';
import {
  type AttemptStatus,
  allowedNext,
  canTransition,
  isOpen,
  type Outcome,
  statusForOutcome,
} from '../../domain/reactivation/attempt.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { type Attempt, toAttempt } from './attempt-view.ts';
import { type HandOffOptions, handOffToQueue } from './handoff.ts';

/** Who acts: an API key's label, an operator's name, 'system' or 'daily_run'. */
export interface Actor {
  actor: string;
  now?: Date;
}

export async function getAttempt(db: Db, tenantId: string, id: string): Promise<Attempt> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await findAttempt(trx, tenantId, id);
    if (!row) throw notFound('attempt', id);
    return toAttempt(row, await listEvents(trx, tenantId, [id]));
  });
}

export async function listAttempts(
  db: Db,
  tenantId: string,
  filters: AttemptFilters,
  page: { limit: number; cursor?: string },
): Promise<{ items: Attempt[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, async (trx) => {
    const { rows, nextCursor } = await listAttemptRows(trx, tenantId, filters, page);
    return { items: rows.map((row) => toAttempt(row)), nextCursor };
  });
}

/**
 * The one way an attempt changes status: checks the transition against the attempt's state
 * machine under a row lock and records who did it. An illegal move is a 409 naming the current
 * status and what may follow it.
 */
async function move(
  db: Db,
  tenantId: string,
  id: string,
  to: AttemptStatus,
  patch: (current: AttemptListRow) => AttemptPatch,
  event: AuditEvent,
  accept: (status: AttemptStatus) => boolean = (status) => canTransition(status, to),
): Promise<Attempt> {
  return withTenant(db, tenantId, async (trx) => {
    const current = await findAttempt(trx, tenantId, id);
    if (!current) throw notFound('attempt', id);
    const { before, after } = await transitionAttempt(trx, tenantId, id, to, accept, patch(current), event);
    if (!before) throw notFound('attempt', id);
    if (!after) {
      throw conflict(`attempt ${id} is ${before.status}; it cannot become ${to}`, {
        status: before.status,
        allowed: allowedNext(before.status),
      });
    }
    const row = await findAttempt(trx, tenantId, id);
    return toAttempt(row!, await listEvents(trx, tenantId, [id]));
  });
}

export interface ApproveInput extends Actor {
  /** The text as the operator edited it; checked like any other text before it is accepted. */
  text?: string;
  note?: string;
}

/** Checks an operator's text against the attempt's channel limit, ceiling and language. */
export type TextCheck = (text: string, attempt: Attempt) => readonly { code: string; message: string }[];

export async function approveAttempt(
  db: Db,
  tenantId: string,
  id: string,
  input: ApproveInput,
  checkText: TextCheck,
  handOff: Pick<HandOffOptions, 'publicUrl'> = {},
): Promise<Attempt> {
  const now = input.now ?? new Date();
  let edited: { text: string; previous: Attempt['message'] } | null = null;
  if (input.text !== undefined) {
    const current = await getAttempt(db, tenantId, id);
    const text = input.text.trim();
    const issues = checkText(text, current);
    if (issues.length > 0) {
      throw new AppError('validation_error', `text: ${issues.map((i) => i.message).join('; ')}`, {
        issues: issues.map((issue) => ({ field: 'text', code: issue.code, message: issue.message })),
      });
    }
    edited = { text, previous: current.message };
  }
  const approved = await move(
    db,
    tenantId,
    id,
    'APPROVED',
    () => ({
      approved_by: input.actor,
      approved_at: now,
      ...(edited
        ? {
            message_text: edited.text,
            message_source: 'operator',
            message_meta: JSON.stringify({
              ...(edited.previous?.meta ?? {}),
              editedBy: input.actor,
              editedFrom: { text: edited.previous?.text ?? null, source: edited.previous?.source ?? null },
            }),
          }
        : {}),
    }),
    {
      actor: input.actor,
      note: input.note ?? (edited ? 'approved with an edited text' : 'approved'),
      ...(edited ? { changes: { text: edited.text, previousText: edited.previous?.text ?? null } } : {}),
    },
  );
  await handOffToQueue(db, tenantId, approved, input.actor, handOff);
  return getAttempt(db, tenantId, id);
}

export async function rejectAttempt(
  db: Db,
  tenantId: string,
  id: string,
  input: Actor & { reason: string },
): Promise<Attempt> {
  const reason = input.reason.trim();
  if (!reason) throw invalid('reason', 'say why the suggestion is rejected');
  const now = input.now ?? new Date();
  return move(
    db,
    tenantId,
    id,
    'CANCELLED',
    () => ({ cancel_reason: `rejected: ${reason}`, closed_at: now }),
    { actor: input.actor, note: `rejected: ${reason}` },
    (status) => status === 'SUGGESTED' || status === 'PLANNED',
  );
}

export async function cancelAttempt(
  db: Db,
  tenantId: string,
  id: string,
  input: Actor & { reason: string },
): Promise<Attempt> {
  const reason = input.reason.trim() || 'cancelled';
  const now = input.now ?? new Date();
  return move(
    db,
    tenantId,
    id,
    'CANCELLED',
    () => ({ cancel_reason: reason, closed_at: now }),
    { actor: input.actor, note: reason },
    isOpen,
  );
}

export async function startAttempt(
  db: Db,
  tenantId: string,
  id: string,
  input: Actor & { channel?: string; assignedTo?: string },
): Promise<Attempt> {
  const now = input.now ?? new Date();
  return move(
    db,
    tenantId,
    id,
    'IN_PROGRESS',
    () => ({
      started_at: now,
      ...(input.channel ? { channel: input.channel } : {}),
      ...(input.assignedTo ? { assigned_to: input.assignedTo } : {}),
    }),
    {
      actor: input.actor,
      note: 'started',
      changes: {
        ...(input.channel ? { channel: input.channel } : {}),
        ...(input.assignedTo ? { assignedTo: input.assignedTo } : {}),
      },
    },
  );
}

/**
 * Records that the customer was reached (one more contact on this attempt): what the scan's
 * "contacted today" and minimum-gap rules read. The outbound queue calls it on each send.
 */
export async function recordContact(
  db: Db,
  tenantId: string,
  id: string,
  input: Actor & { channel: string },
): Promise<Attempt> {
  const now = input.now ?? new Date();
  return move(
    db,
    tenantId,
    id,
    'IN_PROGRESS',
    (current) => ({
      channel: input.channel,
      last_contacted_at: now,
      contact_count: current.contact_count + 1,
      ...(current.status === 'APPROVED' ? { started_at: now } : {}),
    }),
    { actor: input.actor, note: `contacted via ${input.channel}` },
    (status) => status === 'APPROVED' || status === 'IN_PROGRESS',
  );
}

export interface OutcomeInput extends Actor {
  outcome: Outcome;
  notes?: string;
  nextOrderAt?: Date;
  nextOrderValue?: number;
  discountGivenPct?: number;
  cost?: number;
}

export async function recordOutcome(
  db: Db,
  tenantId: string,
  id: string,
  input: OutcomeInput,
): Promise<Attempt> {
  const now = input.now ?? new Date();
  const won = statusForOutcome(input.outcome) === 'WON';
  if (!won && (input.nextOrderAt || input.nextOrderValue !== undefined)) {
    throw invalid(
      'nextOrderValue',
      `an order belongs to a REACTIVATED or PARTIAL outcome, not ${input.outcome}`,
    );
  }
  if (input.nextOrderAt && input.nextOrderAt.getTime() > now.getTime() + 60_000) {
    throw invalid('nextOrderAt', 'must not be in the future');
  }
  const current = await getAttempt(db, tenantId, id);
  if (input.discountGivenPct !== undefined && current.maxDiscountPct !== null) {
    if (input.discountGivenPct > current.maxDiscountPct) {
      throw invalid(
        'discountGivenPct',
        `${input.discountGivenPct}% is above the ${current.maxDiscountPct}% this attempt allowed`,
      );
    }
  }
  const cost = input.cost ?? discountCost(input.discountGivenPct, input.nextOrderValue);
  return move(
    db,
    tenantId,
    id,
    statusForOutcome(input.outcome),
    () => ({
      outcome: input.outcome,
      closed_at: now,
      ...(input.notes !== undefined ? { outcome_notes: input.notes } : {}),
      ...(input.nextOrderAt ? { next_order_at: input.nextOrderAt } : {}),
      ...(input.nextOrderValue !== undefined ? { next_order_value: input.nextOrderValue } : {}),
      ...(input.discountGivenPct !== undefined ? { discount_given_pct: input.discountGivenPct } : {}),
      ...(cost !== undefined ? { cost } : {}),
    }),
    {
      actor: input.actor,
      note: `outcome ${input.outcome}`,
      changes: {
        outcome: input.outcome,
        ...(input.nextOrderValue !== undefined ? { nextOrderValue: input.nextOrderValue } : {}),
        ...(input.discountGivenPct !== undefined ? { discountGivenPct: input.discountGivenPct } : {}),
        ...(cost !== undefined ? { cost } : {}),
      },
    },
  );
}

/**
 * What a discount cost when the caller does not say (seed 000's calculate_attempt_cost): the
 * money given away on the next order. The order was paid after the discount, so the list price
 * was value / (1 − pct) and the discount value × pct / (1 − pct). Messages cost nothing here;
 * pass `cost` to include a channel's price or an operator's time.
 */
export function discountCost(
  discountPct: number | undefined,
  orderValue: number | undefined,
): number | undefined {
  if (discountPct === undefined || orderValue === undefined || discountPct <= 0 || discountPct >= 100)
    return undefined;
  const share = discountPct / 100;
  return Math.round(((orderValue * share) / (1 - share)) * 100) / 100;
}

export interface BatchResult {
  matched: number;
  done: string[];
  failed: { id: string; error: string }[];
}

/** The most one batch call decides; a larger inbox is worked through with repeated calls. */
export const MAX_BATCH = 1000;

/**
 * Approves or rejects every suggestion matching the filters ("all at-risk customers of
 * manicure"), each in its own transaction: one that fails (already decided by someone else, a
 * text that no longer passes) is reported and the rest go on.
 */
export async function decideBatch(
  db: Db,
  tenantId: string,
  filters: AttemptFilters,
  decision:
    | { kind: 'approve'; input: ApproveInput; checkText: TextCheck }
    | { kind: 'reject'; input: Actor & { reason: string } },
): Promise<BatchResult> {
  if (decision.kind === 'reject' && !decision.input.reason.trim())
    throw invalid('reason', 'say why the suggestions are rejected');
  const ids = await withTenant(db, tenantId, (trx) =>
    attemptIdsMatching(trx, tenantId, { ...filters, statuses: ['SUGGESTED'] }, MAX_BATCH),
  );
  const result: BatchResult = { matched: ids.length, done: [], failed: [] };
  for (const id of ids) {
    try {
      if (decision.kind === 'approve')
        await approveAttempt(db, tenantId, id, decision.input, decision.checkText);
      else await rejectAttempt(db, tenantId, id, decision.input);
      result.done.push(id);
    } catch (error) {
      result.failed.push({ id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
