import type { AttemptListRow } from '../../adapters/db/reactivation/attempts.repository.ts';
import type { AttemptEventRow, AttemptSlot, LifecycleState } from '../../adapters/db/schema.ts';
import type { AttemptStatus, Outcome, Strategy, Tone } from '../../domain/reactivation/attempt.ts';

/** An attempt as the API, the CLI and the inbox show it. */
export interface Attempt {
  id: string;
  customer: { id: string; externalId: string; name: string | null };
  status: AttemptStatus;
  control: boolean;
  attemptNumber: number;
  origin: 'daily_run' | 'plan' | 'api';
  trigger: { state: LifecycleState | null; reason: string | null; daysInactive: number | null };
  valueAtRisk: number | null;
  strategy: Strategy | null;
  strategyParams: Record<string, unknown>;
  tone: Tone | null;
  explanation: string[];
  maxDiscountPct: number | null;
  offerPct: number | null;
  offering: { id: string; name: string | null } | null;
  suggestedOfferings: { id: string; name: string }[];
  staff: { id: string; name: string | null } | null;
  suggestedSlot: AttemptSlot | null;
  slotOptions: AttemptSlot[];
  message: {
    text: string;
    source: string;
    locale: string | null;
    meta: Record<string, unknown>;
  } | null;
  waitUntil: Date | null;
  expiresAt: Date | null;
  assignedTo: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  cancelReason: string | null;
  channel: string | null;
  contactCount: number;
  lastContactedAt: Date | null;
  startedAt: Date | null;
  outcome: Outcome | null;
  outcomeNotes: string | null;
  nextOrderAt: Date | null;
  nextOrderValue: number | null;
  discountGivenPct: number | null;
  cost: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  history?: AttemptEvent[];
}

export interface AttemptEvent {
  at: Date;
  actor: string;
  from: AttemptStatus | null;
  to: AttemptStatus;
  note: string | null;
  changes: Record<string, unknown>;
}

const num = (value: number | null) => (value === null ? null : Number(value));

export function toAttempt(row: AttemptListRow, events?: readonly AttemptEventRow[]): Attempt {
  return {
    id: row.id,
    customer: { id: row.customer_id, externalId: row.customer_external_id, name: row.customer_name },
    status: row.status,
    control: row.control,
    attemptNumber: row.attempt_number,
    origin: row.origin,
    trigger: { state: row.trigger_state, reason: row.trigger_reason, daysInactive: row.days_inactive },
    valueAtRisk: num(row.value_at_risk),
    strategy: row.strategy,
    strategyParams: row.strategy_params,
    tone: row.tone,
    explanation: row.explanation,
    maxDiscountPct: num(row.max_discount_pct),
    offerPct: num(row.offer_pct),
    offering: row.offering_id ? { id: row.offering_id, name: row.offering_name } : null,
    suggestedOfferings: row.suggested_offerings,
    staff: row.staff_id ? { id: row.staff_id, name: row.staff_name } : null,
    suggestedSlot: row.suggested_slot,
    slotOptions: row.slot_options,
    message:
      row.message_text === null
        ? null
        : {
            text: row.message_text,
            source: row.message_source ?? 'unknown',
            locale: row.message_locale,
            meta: row.message_meta,
          },
    waitUntil: row.wait_until,
    expiresAt: row.expires_at,
    assignedTo: row.assigned_to,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    cancelReason: row.cancel_reason,
    channel: row.channel,
    contactCount: row.contact_count,
    lastContactedAt: row.last_contacted_at,
    startedAt: row.started_at,
    outcome: row.outcome,
    outcomeNotes: row.outcome_notes,
    nextOrderAt: row.next_order_at,
    nextOrderValue: num(row.next_order_value),
    discountGivenPct: num(row.discount_given_pct),
    cost: Number(row.cost),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(events
      ? {
          history: events.map((e) => ({
            at: e.at,
            actor: e.actor,
            from: e.from_status,
            to: e.to_status,
            note: e.note,
            changes: e.changes,
          })),
        }
      : {}),
  };
}
