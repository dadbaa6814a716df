import pino from 'pino';
import type { Db } from '../../src/adapters/db/kysely.ts';
import { createSender, type SenderInput } from '../../src/app/outbound/index.ts';
import { createTenant } from '../../src/app/tenants.ts';
import type {
  Channel,
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
} from '../../src/domain/outreach/channel.ts';

/**
 * Wednesday 2031-03-05 12:00 in São Paulo (UTC−3, no daylight saving since 2019): inside the
 * default window (Mon–Sat 09:00–20:00). In the future, so messages queued now are due by then.
 */
export const INSIDE_WINDOW = new Date('2031-03-05T15:00:00Z');
export const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
/** A window open around the clock, for tests that run on the real clock. */
export const ALWAYS_OPEN = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  from: '00:00',
  until: '24:00',
} as const;

export const silentLogger = pino({ level: 'silent' });

export async function createOutboundTenant(
  db: Db,
  settings: Record<string, unknown> = {},
  timezone = 'America/Sao_Paulo',
): Promise<string> {
  const { tenant } = await createTenant(db, { name: 'Salão Teste', timezone, locale: 'pt-BR', settings });
  return tenant.id;
}

let phoneCounter = 0;

export async function addCustomer(
  db: Db,
  tenantId: string,
  over: { phone?: string; email?: string; optedOut?: boolean; blacklisted?: boolean; name?: string } = {},
): Promise<{ id: string; phone: string }> {
  phoneCounter++;
  const phone = over.phone ?? `+55119${String(10_000_000 + phoneCounter).slice(-8)}`;
  const row = await db
    .insertInto('customers')
    .values({
      tenant_id: tenantId,
      external_id: `ext-${phone}-${phoneCounter}`,
      name: over.name ?? `Cliente ${phoneCounter}`,
      phone,
      email: over.email ?? null,
      opted_out_at: over.optedOut ? new Date() : null,
      blacklisted: over.blacklisted ?? false,
    })
    .returning(['id', 'phone'])
    .executeTakeFirstOrThrow();
  return { id: row.id, phone: row.phone! };
}

/** A configuration each channel's client accepts (the fakes never call a provider). */
const VALID_CONFIG: Record<Channel, Pick<SenderInput, 'settings' | 'secrets'>> = {
  whatsapp: { settings: { phoneNumberId: '1065403522' }, secrets: { accessToken: 'test-token' } },
  chatwoot: {
    settings: { baseUrl: 'http://127.0.0.1:9', accountId: 1, inboxId: 1 },
    secrets: { apiAccessToken: 'test-token' },
  },
  email: { settings: { host: '127.0.0.1', from: 'salon@example.com' }, secrets: {} },
  webhook: {
    settings: { url: 'http://127.0.0.1:9/hook' },
    secrets: { signingSecret: 'a-signing-secret-of-16+' },
  },
  log: {},
};

export async function addSender(
  db: Db,
  tenantId: string,
  input: Partial<SenderInput> & { channel: Channel },
): Promise<string> {
  const sender = await createSender(db, tenantId, {
    name: `${input.channel}-${Math.random().toString(36).slice(2, 8)}`,
    ...VALID_CONFIG[input.channel],
    ...input,
  });
  return sender.id;
}

export interface FakeCall {
  message: OutboundMessage;
  sender: SenderConfig;
  at: number;
}

/**
 * A channel client that records every call and answers with `answer` (sent by default). The
 * recorded calls are what "the provider" saw.
 */
export function fakeChannel(
  channel: Channel,
  answer: (
    message: OutboundMessage,
    call: number,
    signal: AbortSignal,
  ) => SendResult | Promise<SendResult> = (m) => ({
    kind: 'sent',
    providerMessageId: `prov-${m.id}`,
    as: 'text',
  }),
): ChannelClient & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  return {
    channel,
    calls,
    async send(message, sender, context) {
      calls.push({ message, sender, at: Date.now() });
      return answer(message, calls.length, context.signal);
    },
  };
}

export function registryOf(...clients: ChannelClient[]) {
  const byChannel = new Map(clients.map((c) => [c.channel, c]));
  return { get: (channel: Channel) => byChannel.get(channel) };
}

export async function statusOf(db: Db, id: string) {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * Claims serve every tenant of the database, so a test that shares its database with others
 * starts from an empty queue: whatever earlier tests left queued or in flight is withdrawn.
 */
export async function clearQueue(db: Db): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: 'cancelled', lease_owner: null, lease_expires_at: null, reconcile_reason: null })
    .where('status', 'in', ['queued', 'sending'])
    .execute();
}
