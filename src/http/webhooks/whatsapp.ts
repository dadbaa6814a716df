import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { parseWhatsAppStatuses } from '../../adapters/channels/index.ts';
import { markInboxEvents, type NewInboxEvent, storeInboxEvents } from '../../adapters/db/inbox.repository.ts';
import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { listSenderRows } from '../../adapters/db/outbound/senders.repository.ts';
import { recordDeliveryStatus, recordInbound } from '../../app/outbound/index.ts';
import { getTenant } from '../../app/tenants.ts';
import type { InboundMessageEvent } from '../../domain/inbound/events.ts';
import type { RouteDeps } from '../routes/deps.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/** Equal strings in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** X-Hub-Signature-256 = sha256=HMAC-SHA256(app secret, raw body), checked against each of the tenant's apps. */
export function validHubSignature(
  raw: Buffer,
  header: string | undefined,
  appSecrets: readonly string[],
): boolean {
  const match = SIGNATURE.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  return appSecrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(raw).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

type Json = Record<string, unknown>;
const asRecord = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What the customer said, whatever kind of message carried it; media become `[image]`, `[audio]`… */
function textOf(message: Json): { text: string; buttonPayload?: string } {
  const type = typeof message.type === 'string' ? message.type : 'unknown';
  if (type === 'text') return { text: String(asRecord(message.text)?.body ?? '') };
  if (type === 'button') {
    const button = asRecord(message.button);
    return {
      text: String(button?.text ?? ''),
      ...(typeof button?.payload === 'string' ? { buttonPayload: button.payload } : {}),
    };
  }
  if (type === 'interactive') {
    const interactive = asRecord(message.interactive);
    const reply = asRecord(interactive?.button_reply) ?? asRecord(interactive?.list_reply);
    return {
      text: String(reply?.title ?? ''),
      ...(typeof reply?.id === 'string' ? { buttonPayload: reply.id } : {}),
    };
  }
  const caption = asRecord(message[type])?.caption;
  return { text: typeof caption === 'string' && caption.trim() ? caption : `[${type}]` };
}

/** The inbound customer messages of a delivery, one event each, keyed by WhatsApp's message id. */
function inboundMessages(
  body: unknown,
): { id: string; from: string; at: Date; event: InboundMessageEvent }[] {
  const out: { id: string; from: string; at: Date; event: InboundMessageEvent }[] = [];
  for (const entry of asArray(asRecord(body)?.entry)) {
    for (const change of asArray(asRecord(entry)?.changes)) {
      const value = asRecord(asRecord(change)?.value);
      for (const m of asArray(value?.messages)) {
        const message = asRecord(m);
        const id = message?.id;
        const from = message?.from;
        if (!message || typeof id !== 'string' || typeof from !== 'string' || !/^\+?\d{6,15}$/.test(from))
          continue;
        const seconds = Number(message.timestamp);
        const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
        const phone = from.startsWith('+') ? from : `+${from}`;
        const contact = asArray(value?.contacts)
          .map(asRecord)
          .find((c) => c?.wa_id === from);
        const name = asRecord(contact?.profile)?.name;
        const replyTo = asRecord(message.context)?.id;
        out.push({
          id,
          from: phone,
          at,
          event: {
            type: 'message',
            channel: 'whatsapp',
            from: phone,
            ...textOf(message),
            at: at.toISOString(),
            providerMessageId: id,
            ...(typeof replyTo === 'string' ? { replyTo } : {}),
            ...(typeof name === 'string' ? { contactName: name } : {}),
          },
        });
      }
    }
  }
  return out;
}

async function whatsappSecrets(
  db: Db,
  tenantId: string,
): Promise<{ appSecrets: string[]; verifyTokens: string[] }> {
  const senders = await withTenant(db, tenantId, (trx) =>
    listSenderRows(trx, tenantId, { channel: 'whatsapp' }),
  );
  const pick = (key: string) =>
    senders
      .map((s) => (s.secrets as Record<string, unknown>)[key])
      .filter((v): v is string => typeof v === 'string' && v !== '');
  return { appSecrets: pick('appSecret'), verifyTokens: pick('verifyToken') };
}

/**
 * `/webhooks/whatsapp/{tenantId}`: Meta's subscription handshake (GET) and its deliveries (POST).
 * A delivery is verified against the raw bytes before anything is parsed or stored (401 and
 * nothing stored otherwise), each event is stored once in the inbox (a retried delivery changes
 * nothing), status reports move their message forward (and settle one in doubt), and an inbound
 * message opens the 24-hour service window and waits in the inbox for reply handling.
 */
export function whatsappWebhookRoutes({ db, inbox }: RouteDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // The signature covers the exact bytes: keep them, parse after verifying.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    const tenantOf = async (id: string) => (UUID.test(id) ? getTenant(db, id) : undefined);

    app.get<{ Params: { tenantId: string }; Querystring: Record<string, string | undefined> }>(
      '/webhooks/whatsapp/:tenantId',
      { schema: { hide: true } },
      async (request, reply) => {
        const tenant = await tenantOf(request.params.tenantId);
        if (!tenant) return reply.code(404).send({ error: { code: 'not_found', message: 'no such tenant' } });
        const mode = request.query['hub.mode'];
        const token = request.query['hub.verify_token'] ?? '';
        const challenge = request.query['hub.challenge'] ?? '';
        const { verifyTokens } = await whatsappSecrets(db, tenant.id);
        if (mode !== 'subscribe' || !verifyTokens.some((t) => sameSecret(t, token))) {
          return reply
            .code(403)
            .send({ error: { code: 'forbidden', message: 'verify token does not match' } });
        }
        return reply.type('text/plain').send(challenge);
      },
    );

    app.post<{ Params: { tenantId: string } }>(
      '/webhooks/whatsapp/:tenantId',
      // Meta's deliveries are a few kilobytes; anything near a megabyte is not one of them
      { schema: { hide: true }, bodyLimit: 1024 * 1024 },
      async (request, reply) => {
        const tenant = await tenantOf(request.params.tenantId);
        if (!tenant) return reply.code(404).send({ error: { code: 'not_found', message: 'no such tenant' } });
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from('');
        const { appSecrets } = await whatsappSecrets(db, tenant.id);
        if (
          !validHubSignature(raw, request.headers['x-hub-signature-256'] as string | undefined, appSecrets)
        ) {
          return reply.code(401).send({
            error: { code: 'unauthorized', message: 'X-Hub-Signature-256 does not match the app secret' },
          });
        }
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return reply.code(400).send({ error: { code: 'invalid_json', message: 'the body is not JSON' } });
        }
        const envelope = asRecord(body);
        if (envelope?.object !== 'whatsapp_business_account' || !Array.isArray(envelope.entry)) {
          return reply.code(400).send({
            error: {
              code: 'validation_error',
              message: 'body.object must be "whatsapp_business_account" and body.entry an array',
              details: {
                issues: [
                  {
                    field: envelope?.object === undefined ? 'body.object' : 'body.entry',
                    message: 'not a WhatsApp Cloud API webhook envelope',
                  },
                ],
              },
            },
          });
        }
        const statuses = parseWhatsAppStatuses(body);
        const inbound = inboundMessages(body);
        const events: NewInboxEvent[] = statuses.map((s) => ({
          provider: 'whatsapp',
          eventKey: `status:${s.providerMessageId}:${s.status}`,
          eventType: `status.${s.status}`,
          payload: s,
        }));
        const fresh = await withTenant(db, tenant.id, (trx) => storeInboxEvents(trx, tenant.id, events));
        const done: string[] = [];
        for (const s of statuses) {
          const key = `status:${s.providerMessageId}:${s.status}`;
          if (!fresh.has(key)) continue;
          await recordDeliveryStatus(db, tenant.id, {
            providerMessageId: s.providerMessageId,
            ...(s.idempotencyKey ? { idempotencyKey: s.idempotencyKey } : {}),
            status: s.status,
            at: s.at,
            ...(s.errorCode !== undefined ? { code: String(s.errorCode) } : {}),
            ...(s.errorTitle ? { error: s.errorTitle } : {}),
            actor: 'webhook:whatsapp',
          });
          done.push(key);
        }
        await withTenant(db, tenant.id, (trx) =>
          markInboxEvents(trx, tenant.id, 'whatsapp', done, 'processed'),
        );
        // the customer wrote: WhatsApp's 24-hour service window is open (recorded at once, cheap)
        for (const m of inbound)
          await recordInbound(db, tenant.id, { channel: 'whatsapp', from: m.from, at: m.at });
        // the messages themselves wait in the inbox; classifying and acting happens after the answer
        const accepted = await inbox.accept(
          tenant.id,
          'whatsapp',
          inbound.map((m) => ({ key: `message:${m.id}`, event: m.event })),
        );
        // Meta retries anything but a 200 for days: acknowledge what was stored.
        return reply
          .code(200)
          .send({ received: events.length + accepted.received, new: fresh.size + accepted.new });
      },
    );
  };
}
