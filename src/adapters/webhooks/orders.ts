import { z } from 'zod';
import { activityInputSchema, bookingInputSchema, customerInputSchema } from '../../contracts/ingest.ts';
import type { BookingEvent, KeyedEvent, OrderEvent } from '../../domain/inbound/events.ts';
import {
  type Headers,
  header,
  type Issue,
  type ParseOutcome,
  type ProviderWebhook,
  type Verification,
  verifyTimestampedSignature,
  zodIssues,
} from './shared.ts';

/**
 * Rekindle's own webhook for orders and bookings from any system (YClients through a small relay,
 * a shop, a booking widget). The sender signs like Chatwoot does: `X-Rekindle-Timestamp: <Unix
 * seconds>` and `X-Rekindle-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`,
 * five minutes of clock skew allowed. The body is one event or `{ "events": [ … ] }` (1 to 500),
 * each in the canonical ingest shapes (src/contracts/ingest.ts); a delivery with any invalid event
 * stores nothing and is answered 400 naming every bad field. The README documents the format.
 */

export const MAX_ORDER_EVENTS = 500;

const eventId = z.string().trim().min(1).max(200);
export const orderWebhookEventSchema = z.object({
  id: eventId,
  type: z.literal('order'),
  customer: customerInputSchema,
  order: activityInputSchema.omit({ customerExternalId: true }),
});
export const bookingWebhookEventSchema = z.object({
  id: eventId,
  type: z.literal('booking'),
  customer: customerInputSchema,
  booking: bookingInputSchema.omit({ customerExternalId: true }),
});
const eventSchema = z.discriminatedUnion('type', [orderWebhookEventSchema, bookingWebhookEventSchema]);
type WebhookEvent = z.infer<typeof eventSchema>;

function verifyOrders(request: { raw: Buffer; headers: Headers; secret: string; now: Date }): Verification {
  return verifyTimestampedSignature({
    raw: request.raw,
    signature: header(request.headers, 'x-rekindle-signature'),
    timestamp: header(request.headers, 'x-rekindle-timestamp'),
    secret: request.secret,
    now: request.now,
    names: { signature: 'X-Rekindle-Signature', timestamp: 'X-Rekindle-Timestamp' },
  });
}

/** ISO strings stay as sent; a Date (only the in-process API passes one) becomes its ISO string. */
const iso = <T>(value: T): T | string => (value instanceof Date ? value.toISOString() : value);

function toInbound(event: WebhookEvent): KeyedEvent {
  const customerExternalId = event.customer.externalId;
  if (event.type === 'order') {
    const order: OrderEvent = {
      type: 'order',
      source: 'orders',
      customer: event.customer,
      activity: {
        ...event.order,
        occurredAt: iso(event.order.occurredAt),
        customerExternalId,
        kind: event.order.kind ?? 'order',
      },
    };
    return { key: event.id, event: order };
  }
  const { startsAt, endsAt, ...rest } = event.booking;
  const booking: BookingEvent = {
    type: 'booking',
    source: 'orders',
    customer: event.customer,
    booking: {
      ...rest,
      startsAt: iso(startsAt),
      ...(endsAt !== undefined ? { endsAt: endsAt === null ? null : iso(endsAt) } : {}),
      customerExternalId,
    },
  };
  return { key: event.id, event: booking };
}

function parseOrders({ body }: { body: unknown }): ParseOutcome {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  const raw: unknown[] = isBatch ? ((body as { events: unknown }).events as unknown[]) : [body];
  if (isBatch && !Array.isArray(raw))
    return { kind: 'invalid', issues: [{ field: 'events', message: 'expected an array of events' }] };
  if (raw.length === 0 || raw.length > MAX_ORDER_EVENTS)
    return {
      kind: 'invalid',
      issues: [{ field: 'events', message: `expected 1 to ${MAX_ORDER_EVENTS} events, got ${raw.length}` }],
    };
  const issues: Issue[] = [];
  const events: WebhookEvent[] = [];
  const seen = new Map<string, number>();
  raw.forEach((candidate, index) => {
    const prefix = isBatch ? ['events', index] : [];
    const parsed = eventSchema.safeParse(candidate);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, prefix));
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      issues.push({ field: [...prefix, 'id'].join('.'), message: `repeats the id of events.${first}` });
      return;
    }
    seen.set(parsed.data.id, index);
    events.push(parsed.data);
  });
  if (issues.length > 0) return { kind: 'invalid', issues: issues.slice(0, 100) };
  return { kind: 'events', events: events.map(toInbound) };
}

export const ordersWebhook: ProviderWebhook = {
  provider: 'orders',
  verify: verifyOrders,
  parse: parseOrders,
  keptHeaders: ['content-type', 'user-agent', 'x-rekindle-timestamp'],
};
