import { z } from 'zod';
import type { CustomerInput } from '../../contracts/ingest.ts';
import type { CourseAccessEvent, KeyedEvent, OrderEvent } from '../../domain/inbound/events.ts';
import { country, localeOfCountry, plausiblePhone, text } from './contact.ts';
import {
  type Headers,
  header,
  optional,
  type ParseOutcome,
  type ProviderWebhook,
  sameSecret,
  toIsoInstant,
  type Verification,
  zodIssues,
} from './shared.ts';

/**
 * Hotmart webhooks v2.0.0 (shared/fixtures/README.md §3). Hotmart signs nothing: every delivery
 * carries the account's static hottok in `X-HOTMART-HOTTOK`, compared in constant time with the
 * tenant's secret. Older and test deliveries also put it in the body as `hottok`; that is read only
 * when the header is absent.
 *
 * Mapped: purchases approved or complete (an order, completed), refunded, cancelled or charged
 * back (the same order, cancelled), subscription cancellations, a club's first access and module
 * completions. Everything else Hotmart sends is answered 200 and not stored. The payloads of
 * Hotmart's "send test" button have product id 0 (or "00000"); they are ignored unless the
 * integration's setting `acceptTestEvents` is true.
 */

function verifyHotmart({
  raw,
  headers,
  secret,
}: {
  raw: Buffer;
  headers: Headers;
  secret: string;
}): Verification {
  const given = header(headers, 'x-hotmart-hottok');
  if (given !== undefined) {
    return sameSecret(given, secret)
      ? { ok: true }
      : { ok: false, reason: 'X-HOTMART-HOTTOK does not match' };
  }
  const inBody = hottokInBody(raw);
  if (inBody === undefined) return { ok: false, reason: 'X-HOTMART-HOTTOK is missing' };
  return sameSecret(inBody, secret) ? { ok: true } : { ok: false, reason: 'hottok does not match' };
}

function hottokInBody(raw: Buffer): string | undefined {
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    const hottok =
      typeof body === 'object' && body !== null ? (body as { hottok?: unknown }).hottok : undefined;
    return typeof hottok === 'string' ? hottok : undefined;
  } catch {
    return undefined;
  }
}

const epoch = z.number().finite().positive();
const email = z.string().trim().toLowerCase().pipe(z.email().max(320));
const productSchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(100)]),
  name: z.string().trim().min(1),
});
const money = z.object({ value: z.number().finite().min(-1e10).max(1e10) });
const loose = z.string().or(z.number()).nullish();

const envelopeSchema = z.object({
  id: z.string().trim().min(1).max(200),
  event: z.string().trim().min(1).max(100),
  creation_date: epoch.optional(),
  // CLUB_FIRST_ACCESS (and UPDATE_SUBSCRIPTION_CHARGE_DATE) spell it in camelCase
  creationDate: epoch.optional(),
  data: z.record(z.string(), z.unknown()),
});
type Envelope = z.infer<typeof envelopeSchema>;

const purchaseDataSchema = z.object({
  product: productSchema,
  buyer: z.object({
    email,
    name: z.string().nullish(),
    checkout_phone_code: loose,
    checkout_phone: loose,
    address: z.object({ country_iso: z.string().nullish() }).nullish(),
  }),
  purchase: z.object({
    transaction: z.string().trim().min(1).max(150),
    approved_date: epoch.nullish(),
    order_date: epoch.nullish(),
    price: money.nullish(),
    full_price: money.nullish(),
    checkout_country: z.object({ iso: z.string().nullish() }).nullish(),
  }),
});

const subscriptionCancellationSchema = z.object({
  product: productSchema,
  subscriber: z.object({
    email,
    name: z.string().nullish(),
    phone: z.object({ dddCell: loose, cell: loose, dddPhone: loose, phone: loose }).nullish(),
  }),
  subscription: z.object({ plan: z.object({ name: z.string().nullish() }).nullish() }).nullish(),
  cancellation_date: epoch.nullish(),
});

const clubSchema = z.object({
  product: productSchema,
  user: z.object({ email, name: z.string().nullish() }),
  module: z.object({
    id: z.union([z.number(), z.string().trim().min(1).max(100)]),
    name: z.string().trim().min(1),
  }),
});

type Mapper = (envelope: Envelope) => ParseOutcome;

/** `{data}` checked against `schema`, or the outcome naming what is wrong (paths from the body's root). */
function mapped<S extends z.ZodType>(
  schema: S,
  envelope: Envelope,
  map: (data: z.infer<S>) => ParseOutcome,
): ParseOutcome {
  const parsed = schema.safeParse(envelope.data);
  return parsed.success ? map(parsed.data) : { kind: 'invalid', issues: zodIssues(parsed.error, ['data']) };
}

const isTestProduct = (id: number | string) => /^0+$/.test(String(id).trim());

function purchase(status: 'completed' | 'cancelled', reason: string): Mapper {
  return (envelope) =>
    mapped(purchaseDataSchema, envelope, (data) => {
      const { buyer, purchase: p, product } = data;
      const where = country(p.checkout_country?.iso) ?? country(buyer.address?.country_iso);
      const phoneCode = text(buyer.checkout_phone_code, 40);
      const phone = text(buyer.checkout_phone, 40);
      const customer: CustomerInput = {
        externalId: buyer.email,
        email: buyer.email,
        ...optional('name', text(buyer.name)),
        ...optional(
          'phone',
          plausiblePhone(
            [
              // the code is an area code (DDD) or a country calling code; national reading first
              phone?.startsWith('+') ? phone : undefined,
              phoneCode && phone ? `${phoneCode}${phone}` : undefined,
              phoneCode && phone && /^\+?\d{1,3}$/.test(phoneCode)
                ? `+${phoneCode.replace('+', '')}${phone}`
                : undefined,
              phone,
            ],
            where ?? 'BR',
          ),
        ),
        ...optional('locale', localeOfCountry(where)),
      };
      const occurredAt = toIsoInstant(p.approved_date ?? p.order_date ?? creation(envelope));
      if (!occurredAt) return invalidDate('data.purchase.approved_date');
      const amount = p.price?.value ?? p.full_price?.value;
      const event: OrderEvent = {
        type: 'order',
        source: 'hotmart',
        customer,
        activity: {
          externalId: `hotmart:${p.transaction}`,
          customerExternalId: customer.externalId,
          occurredAt,
          offering: product.name.slice(0, 200),
          ...(amount !== undefined ? { amount } : {}),
          status,
          kind: 'purchase',
        },
        reason,
      };
      return { kind: 'events', events: [{ key: envelope.id, event }] };
    });
}

const subscriptionCancelled: Mapper = (envelope) =>
  mapped(subscriptionCancellationSchema, envelope, (data) => {
    const { subscriber, product } = data;
    const at = toIsoInstant(data.cancellation_date ?? creation(envelope));
    if (!at) return invalidDate('data.cancellation_date');
    const phone = subscriber.phone;
    // dddCell / dddPhone are Brazilian area codes: the numbers are national Brazilian numbers
    const candidates = [
      phone?.cell !== undefined ? `${text(phone.dddCell) ?? ''}${text(phone.cell) ?? ''}` : undefined,
      phone?.phone !== undefined ? `${text(phone.dddPhone) ?? ''}${text(phone.phone) ?? ''}` : undefined,
    ];
    const event: KeyedEvent['event'] = {
      type: 'subscription_cancelled',
      source: 'hotmart',
      customer: {
        externalId: subscriber.email,
        email: subscriber.email,
        ...optional('name', text(subscriber.name)),
        ...optional('phone', plausiblePhone(candidates, 'BR')),
      },
      offering: offeringOf(product),
      ...optional('plan', text(data.subscription?.plan?.name)),
      at,
    };
    return { kind: 'events', events: [{ key: envelope.id, event }] };
  });

function clubAccess(kind: CourseAccessEvent['kind']): Mapper {
  const schema = kind === 'module_completed' ? clubSchema : clubSchema.omit({ module: true });
  return (envelope) =>
    mapped(schema, envelope, (data) => {
      const { user, product } = data;
      const module = 'module' in data ? (data.module as z.infer<typeof clubSchema>['module']) : undefined;
      const at = toIsoInstant(creation(envelope));
      if (!at) return invalidDate('creationDate');
      const offering = offeringOf(product);
      const event: CourseAccessEvent = {
        type: 'course_access',
        source: 'hotmart',
        customer: { externalId: user.email, email: user.email, ...optional('name', text(user.name)) },
        kind,
        offering,
        ...(module
          ? { module: { externalId: `hotmart:module:${module.id}`, name: module.name.slice(0, 200) } }
          : {}),
        activity: module
          ? {
              externalId: `hotmart:module:${product.id}:${module.id}:${user.email}`,
              customerExternalId: user.email,
              occurredAt: at,
              offering: module.name.slice(0, 200),
              status: 'completed',
              kind: 'module_completion',
            }
          : {
              externalId: `hotmart:first-access:${product.id}:${user.email}`,
              customerExternalId: user.email,
              occurredAt: at,
              offering: offering.name,
              status: 'completed',
              kind: 'lesson',
            },
        at,
      };
      return { kind: 'events', events: [{ key: envelope.id, event }] };
    });
}

const MAPPERS: Record<string, Mapper> = {
  PURCHASE_APPROVED: purchase('completed', 'approved'),
  PURCHASE_COMPLETE: purchase('completed', 'completed'),
  PURCHASE_REFUNDED: purchase('cancelled', 'refunded'),
  PURCHASE_CANCELED: purchase('cancelled', 'cancelled'),
  PURCHASE_CHARGEBACK: purchase('cancelled', 'chargeback'),
  SUBSCRIPTION_CANCELLATION: subscriptionCancelled,
  CLUB_FIRST_ACCESS: clubAccess('first_access'),
  CLUB_MODULE_COMPLETED: clubAccess('module_completed'),
};

/** Events Hotmart sends that Rekindle deliberately leaves alone, and why. */
const IGNORED: Record<string, string> = {
  PURCHASE_BILLET_PRINTED: 'a boleto was printed; nothing is paid yet',
  PURCHASE_DELAYED: 'a payment is late; the purchase is not settled either way',
  PURCHASE_EXPIRED: 'an unpaid purchase expired; nothing was bought',
  PURCHASE_PROTEST: 'a buyer opened a dispute; only its outcome (refund or chargeback) changes the order',
  PURCHASE_OUT_OF_SHOPPING_CART: 'an abandoned cart is not a purchase',
  SWITCH_PLAN: 'a plan change keeps the customer subscribed',
  UPDATE_SUBSCRIPTION_CHARGE_DATE: 'a new charge date keeps the customer subscribed',
};

function parseHotmart({
  body,
  settings,
}: {
  body: unknown;
  settings: Record<string, unknown>;
}): ParseOutcome {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { kind: 'invalid', issues: zodIssues(envelope.error) };
  const name = envelope.data.event;
  const map = MAPPERS[name];
  if (!map) return { kind: 'ignored', note: `${name}: ${IGNORED[name] ?? 'not an event Rekindle uses'}` };
  const outcome = map(envelope.data);
  if (outcome.kind !== 'events' || settings.acceptTestEvents === true) return outcome;
  const product = (envelope.data.data as { product?: { id?: number | string } }).product;
  if (product?.id !== undefined && isTestProduct(product.id)) {
    return {
      kind: 'ignored',
      note: `${name}: a test payload (product id ${product.id}); set acceptTestEvents to store test payloads`,
    };
  }
  return outcome;
}

const creation = (envelope: Envelope) => envelope.creation_date ?? envelope.creationDate;

const offeringOf = (product: z.infer<typeof productSchema>) => ({
  externalId: `hotmart:${product.id}`,
  name: product.name.slice(0, 200),
});

const invalidDate = (field: string): ParseOutcome => ({
  kind: 'invalid',
  issues: [{ field, message: 'no usable date (epoch milliseconds expected)' }],
});

export const hotmartWebhook: ProviderWebhook = {
  provider: 'hotmart',
  verify: verifyHotmart,
  parse: parseHotmart,
  keptHeaders: ['content-type', 'user-agent'],
};
