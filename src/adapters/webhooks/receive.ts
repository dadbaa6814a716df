import type { KeyedEvent } from '../../domain/inbound/events.ts';
import { type Headers, header, type Issue, type ProviderWebhook } from './shared.ts';

export type Credentials =
  | { kind: 'no_tenant' }
  | { kind: 'no_integration' }
  | { kind: 'found'; secret: string; settings: Record<string, unknown> };

/** What receiving a delivery needs from the rest of Rekindle. */
export interface ReceivePorts {
  credentials(tenantId: string, provider: ProviderWebhook['provider']): Promise<Credentials>;
  accept(
    tenantId: string,
    provider: ProviderWebhook['provider'],
    events: readonly KeyedEvent[],
    headers: Record<string, unknown>,
  ): Promise<{ received: number; new: number }>;
  /** Records that the tenant's integration got a verified delivery. */
  used(tenantId: string, provider: ProviderWebhook['provider'], at: Date): Promise<void>;
  now(): Date;
}

export interface Delivery {
  tenantId: string;
  raw: Buffer;
  headers: Headers;
  query: Record<string, unknown>;
}

type ErrorCode = 'not_found' | 'unauthorized' | 'invalid_json' | 'validation_error';
export type WebhookAnswer =
  | { status: 200; body: { received: number; new: number; note?: string } }
  | {
      status: 400 | 401 | 404;
      body: { error: { code: ErrorCode; message: string; details?: { issues: Issue[] } } };
    };

const refuse = (
  status: 400 | 401 | 404,
  code: ErrorCode,
  message: string,
  issues?: Issue[],
): WebhookAnswer => ({
  status,
  body: { error: { code, message, ...(issues ? { details: { issues } } : {}) } },
});

/**
 * One delivery to `/webhooks/{provider}/{tenantId}`, start to end: the tenant (404), its secret
 * for the provider and the delivery's signature or token (401 — a tenant without the integration
 * looks the same as a wrong secret), the JSON (400), its meaning (400 naming the bad fields, or
 * 200 with a note for events Rekindle does not use), and finally the inbox, which stores each
 * event once. Nothing is stored unless every step before it passed.
 */
export async function receiveWebhook(
  webhook: ProviderWebhook,
  ports: ReceivePorts,
  delivery: Delivery,
): Promise<WebhookAnswer> {
  const { provider } = webhook;
  const credentials = await ports.credentials(delivery.tenantId, provider);
  if (credentials.kind === 'no_tenant') return refuse(404, 'not_found', 'no such tenant');
  if (credentials.kind === 'no_integration')
    return refuse(401, 'unauthorized', `the tenant has no ${provider} integration`);
  const now = ports.now();
  const verified = webhook.verify({
    raw: delivery.raw,
    headers: delivery.headers,
    query: delivery.query,
    secret: credentials.secret,
    now,
  });
  if (!verified.ok) return refuse(401, 'unauthorized', verified.reason);
  let body: unknown;
  try {
    body = JSON.parse(delivery.raw.toString('utf8'));
  } catch (error) {
    return refuse(400, 'invalid_json', `the body is not JSON: ${(error as Error).message}`);
  }
  const outcome = webhook.parse({ body, headers: delivery.headers, settings: credentials.settings, now });
  if (outcome.kind === 'invalid') {
    const first = outcome.issues[0];
    const more = outcome.issues.length > 1 ? ` (and ${outcome.issues.length - 1} more)` : '';
    return refuse(
      400,
      'validation_error',
      first ? `${first.field}: ${first.message}${more}` : 'invalid payload',
      outcome.issues,
    );
  }
  await ports.used(delivery.tenantId, provider, now);
  if (outcome.kind === 'ignored') return { status: 200, body: { received: 0, new: 0, note: outcome.note } };
  const kept = Object.fromEntries(
    webhook.keptHeaders.flatMap((name) => {
      const value = header(delivery.headers, name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const result = await ports.accept(delivery.tenantId, provider, outcome.events, kept);
  return { status: 200, body: { received: result.received, new: result.new } };
}
