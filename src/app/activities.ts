import type { Updateable } from 'kysely';
import { activityRows, listActivities } from '../adapters/db/activities.repository.ts';
import { refreshCustomerStats } from '../adapters/db/customer-stats.repository.ts';
import type { Trx } from '../adapters/db/kysely.ts';
import type { ActivityRow, ActivityTable } from '../adapters/db/schema.ts';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityPatch } from '../contracts/activities.ts';
import { toInstantRange, toOptionalInstant } from './instants.ts';
import { defineRecord } from './records.ts';
import { assertReferences } from './references.ts';

/**
 * Visits, orders, purchases, lessons. Every write refreshes, in its own transaction, the
 * first/last activity, count and total spent of the customer it concerns — of both customers
 * when an activity moves — so those figures never disagree with this table.
 */
export const activities = defineRecord<
  'activities',
  Activity,
  ActivityCreate,
  ActivityPatch,
  ActivityListQuery
>({
  noun: 'activity',
  rows: activityRows,
  toItem: toActivity,
  async toRow(trx, tenantId, input) {
    const values = await activityValues(trx, tenantId, input);
    return {
      ...values,
      tenant_id: tenantId,
      customer_id: input.customerId,
      occurred_at: values.occurred_at!,
    };
  },
  toChanges: (trx, tenantId, patch) => activityValues(trx, tenantId, patch),
  list: async (trx, tenantId, query) =>
    listActivities(trx, tenantId, { ...query, ...(await toInstantRange(trx, tenantId, query)) }, query),
  afterWrite: (trx, tenantId, before, after) =>
    refreshCustomerStats(
      trx,
      tenantId,
      [before?.customer_id, after?.customer_id].filter((id) => id !== undefined),
    ),
});

/** Checks the ids it references, then maps the fields present to their columns. */
async function activityValues(
  trx: Trx,
  tenantId: string,
  input: Partial<ActivityCreate>,
): Promise<Updateable<ActivityTable>> {
  await assertReferences(trx, tenantId, input);
  return {
    external_id: input.externalId,
    customer_id: input.customerId,
    kind: input.kind,
    occurred_at: await toOptionalInstant(trx, tenantId, input.occurredAt),
    offering_id: input.offeringId,
    staff_id: input.staffId,
    amount: input.amount,
    quantity: input.quantity,
    status: input.status,
  };
}

export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    customerId: row.customer_id,
    externalId: row.external_id,
    kind: row.kind,
    occurredAt: row.occurred_at.toISOString(),
    offeringId: row.offering_id,
    staffId: row.staff_id,
    amount: Number(row.amount),
    quantity: row.quantity,
    status: row.status,
    source: row.source,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
