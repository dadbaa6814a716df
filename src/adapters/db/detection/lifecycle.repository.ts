import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type { LifecycleState, LifecycleTransitionRow } from '../schema.ts';

export interface StateChange {
  customerId: string;
  state: LifecycleState;
  /** When the customer entered `state`. */
  changedAt: Date;
  everActive: boolean;
}

export interface NewTransition {
  customerId: string;
  from: LifecycleState | null;
  to: LifecycleState;
  at: Date;
  reason: string;
}

/**
 * Stores new lifecycle states on the customers and appends their transitions: two statements
 * for any number of customers, the rows passed as one array literal per column.
 */
export async function saveStateChanges(
  trx: Trx,
  tenantId: string,
  changes: readonly StateChange[],
  transitions: readonly NewTransition[],
): Promise<void> {
  if (changes.length > 0) {
    await sql`
      update customers c set
        lifecycle_state = u.state, lifecycle_changed_at = u.changed_at, ever_active = u.ever_active,
        updated_at = now()
      from unnest(
        ${toPgArray(changes.map((c) => c.customerId))}::text::uuid[],
        ${toPgArray(changes.map((c) => c.state))}::text::text[],
        ${toPgArray(changes.map((c) => c.changedAt.toISOString()))}::text::timestamptz[],
        ${toPgArray(changes.map((c) => c.everActive))}::text::boolean[]
      ) as u(id, state, changed_at, ever_active)
      where c.tenant_id = ${tenantId}::uuid and c.id = u.id`.execute(trx);
  }
  if (transitions.length > 0) {
    await sql`
      insert into lifecycle_transitions (tenant_id, customer_id, from_state, to_state, at, reason)
      select ${tenantId}::uuid, t.customer_id, t.from_state, t.to_state, t.at, t.reason
      from unnest(
        ${toPgArray(transitions.map((t) => t.customerId))}::text::uuid[],
        ${toPgArray(transitions.map((t) => t.from))}::text::text[],
        ${toPgArray(transitions.map((t) => t.to))}::text::text[],
        ${toPgArray(transitions.map((t) => t.at.toISOString()))}::text::timestamptz[],
        ${toPgArray(transitions.map((t) => t.reason))}::text::text[]
      ) as t(customer_id, from_state, to_state, at, reason)`.execute(trx);
  }
}

/** A customer's stored transitions up to `until`, oldest first. */
export async function listTransitions(
  db: DbOrTrx,
  tenantId: string,
  customerId: string,
  until: Date,
): Promise<LifecycleTransitionRow[]> {
  return db
    .selectFrom('lifecycle_transitions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('at', '<=', until)
    .orderBy('at')
    .orderBy('created_at')
    .execute();
}
