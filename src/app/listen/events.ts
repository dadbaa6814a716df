import { sql } from 'kysely';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import {
  cancelQueuedMessages,
  findCustomerByContact,
  mergeCustomerAttributes,
} from '../../adapters/db/listen/replies.repository.ts';
import type { CustomerInput, IngestSummary } from '../../contracts/ingest.ts';
import type {
  BookingEvent,
  ConversationEvent,
  CourseAccessEvent,
  OrderEvent,
  SubscriptionCancelledEvent,
} from '../../domain/inbound/events.ts';
import { listeningSettingsOf } from '../../domain/settings/listening.ts';
import { ingestActivities, ingestBookings, ingestCustomers } from '../ingest/index.ts';
import { ingestOfferings } from '../ingest/offerings.ts';
import { getTenant } from '../tenants.ts';
import { type AttributionRun, attributeReturns, reverseCreditedOrders } from './attribution.ts';
import type { ListenDeps } from './replies.ts';

const DAY_MS = 86_400_000;

/** A webhook's payload could not be stored as given (a bad phone, an impossible date…). */
export class EventRejected extends Error {}

function assertIngested(summary: IngestSummary, what: string): void {
  if (summary.rejected > 0) {
    throw new EventRejected(`${what}: ${summary.errors.map((e) => e.message).join('; ')}`);
  }
}

/** Drops null and undefined fields: absent means "keep what is stored" to the customer upsert. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/**
 * The customer a provider's event names, matched to one the tenant already has by e-mail or
 * phone (a salon imported its clients under its own ids; Hotmart knows them by e-mail), then
 * created or updated. Returns the external id to file activities under.
 */
async function upsertCustomer(
  db: Db,
  tenantId: string,
  input: CustomerInput,
  source: string,
): Promise<string> {
  const phone = input.phone && /^\+[1-9]\d{6,14}$/.test(input.phone) ? input.phone : undefined;
  const existing = await withTenant(db, tenantId, async (trx) => {
    const byId = await trx
      .selectFrom('customers')
      .select('external_id')
      .where('tenant_id', '=', tenantId)
      .where('external_id', '=', input.externalId)
      .executeTakeFirst();
    if (byId) return byId.external_id;
    const found = await findCustomerByContact(trx, tenantId, {
      ...(phone ? { phone } : {}),
      ...(input.email ? { email: input.email } : {}),
    });
    if (!found) return undefined;
    const row = await trx
      .selectFrom('customers')
      .select('external_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow();
    return row.external_id;
  });
  const externalId = existing ?? input.externalId;
  assertIngested(
    await ingestCustomers(db, tenantId, [present({ ...input, externalId })], { source }),
    'customer',
  );
  return externalId;
}

async function customerOf(db: Db, tenantId: string, externalId: string) {
  return withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('customers')
      .select(['id', 'phone'])
      .where('tenant_id', '=', tenantId)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow(),
  );
}

/**
 * After a customer came back (an order, a booking, a lesson): credit the attempt that earned it,
 * cancel what was still waiting to be sent to them (seed 004 edge case 4), and clear the chat
 * assistant's pending action (seed 003: clearDialogContext after booking).
 */
async function afterReturn(
  deps: ListenDeps,
  tenantId: string,
  customer: { id: string; phone: string | null },
  source: string,
): Promise<AttributionRun> {
  const run = await attributeReturns(deps.db, tenantId, { customerIds: [customer.id], actor: source });
  await withTenant(deps.db, tenantId, (trx) =>
    cancelQueuedMessages(trx, tenantId, { customerId: customer.id }, 'the customer came back', source, [
      'opt_out_confirmation',
      'direct',
    ]),
  );
  if (customer.phone) {
    await deps.dialog.clear(tenantId, customer.phone).catch((error: unknown) => {
      deps.logger?.warn({ err: error, tenantId }, 'could not clear the dialog context');
    });
  }
  return run;
}

export interface EventResult {
  note: string;
  run?: AttributionRun;
}

export async function applyOrder(
  deps: ListenDeps,
  tenantId: string,
  event: OrderEvent,
): Promise<EventResult> {
  const externalId = await upsertCustomer(deps.db, tenantId, event.customer, event.source);
  assertIngested(
    await ingestActivities(deps.db, tenantId, [{ ...event.activity, customerExternalId: externalId }], {
      source: event.source,
    }),
    'order',
  );
  const customer = await customerOf(deps.db, tenantId, externalId);
  if (event.activity.status === 'cancelled') {
    const activity = event.activity.externalId
      ? await withTenant(deps.db, tenantId, (trx) =>
          trx
            .selectFrom('activities')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('external_id', '=', event.activity.externalId!)
            .executeTakeFirst(),
        )
      : undefined;
    const reason = event.reason ?? 'cancelled';
    const reversed = activity ? await reverseCreditedOrders(deps.db, tenantId, [activity.id], reason) : [];
    return {
      note: `order ${reason}${reversed.length > 0 ? `; the conversion of attempt ${reversed.join(', ')} reversed` : ''}`,
    };
  }
  const run = await afterReturn(deps, tenantId, customer, event.source);
  return { note: describe('order', run), run };
}

export async function applyBooking(
  deps: ListenDeps,
  tenantId: string,
  event: BookingEvent,
): Promise<EventResult> {
  const externalId = await upsertCustomer(deps.db, tenantId, event.customer, event.source);
  assertIngested(
    await ingestBookings(deps.db, tenantId, [{ ...event.booking, customerExternalId: externalId }], {
      source: event.source,
    }),
    'booking',
  );
  if (event.booking.status === 'cancelled') return { note: 'booking cancelled' };
  const customer = await customerOf(deps.db, tenantId, externalId);
  const run = await afterReturn(deps, tenantId, customer, event.source);
  return { note: describe('booking', run), run };
}

export async function applySubscriptionCancelled(
  deps: ListenDeps,
  tenantId: string,
  event: SubscriptionCancelledEvent,
): Promise<EventResult> {
  const externalId = await upsertCustomer(deps.db, tenantId, event.customer, event.source);
  const customer = await customerOf(deps.db, tenantId, externalId);
  await withTenant(deps.db, tenantId, async (trx) => {
    await mergeCustomerAttributes(trx, tenantId, customer.id, {
      subscription: {
        status: 'CANCELLED',
        offering: event.offering,
        ...(event.plan ? { plan: event.plan } : {}),
        cancelledAt: event.at,
      },
    });
    await trx
      .updateTable('customers')
      .set({ tags: sql`array(select distinct unnest(tags || array['subscription_cancelled']))` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customer.id)
      .execute();
  });
  return { note: `subscription to ${event.offering.name} cancelled; customer tagged subscription_cancelled` };
}

/**
 * A student's first access to a course or a finished module: recorded as an activity (so the
 * lifecycle and the attribution see it), and a first access gets its origin (seed 002): the
 * channel of the tracked link the student clicked in the attribution window before it, else
 * `organic`.
 */
export async function applyCourseAccess(
  deps: ListenDeps,
  tenantId: string,
  event: CourseAccessEvent,
): Promise<EventResult> {
  const externalId = await upsertCustomer(deps.db, tenantId, event.customer, event.source);
  assertIngested(
    await ingestOfferings(
      deps.db,
      tenantId,
      [
        { externalId: event.offering.externalId, name: event.offering.name, kind: 'course' },
        ...(event.module
          ? [
              {
                externalId: event.module.externalId,
                name: event.module.name,
                kind: 'module' as const,
                parentExternalId: event.offering.externalId,
              },
            ]
          : []),
      ],
      { source: event.source },
    ),
    'course',
  );
  assertIngested(
    await ingestActivities(deps.db, tenantId, [{ ...event.activity, customerExternalId: externalId }], {
      source: event.source,
    }),
    'access',
  );
  const customer = await customerOf(deps.db, tenantId, externalId);
  let origin = '';
  if (event.kind === 'first_access') {
    const tenant = await getTenant(deps.db, tenantId);
    const windowDays = listeningSettingsOf(tenant?.settings).attributionWindowDays;
    const at = new Date(event.at);
    origin = await withTenant(deps.db, tenantId, async (trx) => {
      const click = await trx
        .selectFrom('link_clicks as c')
        .innerJoin('tracked_links as l', (join) =>
          join.onRef('l.tenant_id', '=', 'c.tenant_id').onRef('l.code', '=', 'c.code'),
        )
        .select(['c.code', 'c.attempt_id', 'l.channel'])
        .where('c.tenant_id', '=', tenantId)
        .where('c.customer_id', '=', customer.id)
        .where('c.is_preview', '=', false)
        .where('c.at', '<=', at)
        .where('c.at', '>=', new Date(at.getTime() - windowDays * DAY_MS))
        .orderBy('c.at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const offering = await trx
        .selectFrom('offerings')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('external_id', '=', event.offering.externalId)
        .executeTakeFirst();
      const value = click ? `link_${click.channel ?? 'unknown'}` : 'organic';
      await trx
        .insertInto('first_accesses')
        .values({
          tenant_id: tenantId,
          customer_id: customer.id,
          offering_id: offering?.id ?? null,
          offering_key: event.offering.externalId,
          at,
          origin: value,
          link_code: click?.code ?? null,
          attempt_id: click?.attempt_id ?? null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'offering_key']).doNothing())
        .execute();
      return value;
    });
  }
  const run = await afterReturn(deps, tenantId, customer, event.source);
  const what = event.kind === 'first_access' ? `first access (${origin})` : 'module completed';
  return { note: describe(what, run), run };
}

export async function applyConversation(
  deps: ListenDeps,
  tenantId: string,
  event: ConversationEvent,
): Promise<EventResult> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const contact = event.contact;
    const customer = contact
      ? await findCustomerByContact(
          trx,
          tenantId,
          contact.includes('@') ? { email: contact } : { phone: contact },
        )
      : undefined;
    await trx
      .insertInto('conversation_labels')
      .values({
        tenant_id: tenantId,
        provider: event.provider,
        conversation_id: event.conversationId,
        customer_id: customer?.id ?? null,
        contact: contact ?? null,
        labels: event.labels ?? [],
        status: event.status ?? null,
        updated_at: new Date(event.at),
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'provider', 'conversation_id']).doUpdateSet((eb) => ({
          // an older event arriving late never overwrites a newer state
          labels: event.labels
            ? sql`case when conversation_labels.updated_at <= excluded.updated_at then excluded.labels else conversation_labels.labels end`
            : eb.ref('conversation_labels.labels'),
          status: event.status
            ? sql`case when conversation_labels.updated_at <= excluded.updated_at then excluded.status else conversation_labels.status end`
            : eb.ref('conversation_labels.status'),
          customer_id: sql`coalesce(excluded.customer_id, conversation_labels.customer_id)`,
          contact: sql`coalesce(excluded.contact, conversation_labels.contact)`,
          updated_at: sql`greatest(conversation_labels.updated_at, excluded.updated_at)`,
        })),
      )
      .execute();
  });
  return {
    note: `conversation ${event.conversationId}: ${[event.status, event.labels?.join(', ')].filter(Boolean).join('; ')}`,
  };
}

function describe(what: string, run: AttributionRun): string {
  const parts = [what];
  for (const c of run.credited) {
    parts.push(`credited to attempt ${c.attemptId}${c.control ? ' (control)' : ''} via its ${c.touch}`);
  }
  if (run.overtaken.length > 0) parts.push(`${run.overtaken.length} unsent attempt(s) cancelled`);
  return parts.join('; ');
}
