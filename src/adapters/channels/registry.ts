/**
 * Every channel client, chosen by the message's channel: the dispatcher asks the registry and
 * never switches over providers itself. Shared options (fetch, timeout, logger, clock) come in
 * once here, so tests point every HTTP client at stand-ins and the CLI wires real ones.
 */

import type { Logger } from 'pino';
import { CHANNELS, type Channel, type ChannelClient } from '../../domain/outreach/channel.ts';
import { createChatwootChannel } from './chatwoot/client.ts';
import type { FetchFn } from './http.ts';
import { createLogChannel, type LogChannelClient } from './log/client.ts';
import { createSmtpChannel, type SmtpTransportFactory } from './smtp/client.ts';
import { createWebhookChannel } from './webhook/client.ts';
import { createWhatsAppCloudChannel } from './whatsapp-cloud/client.ts';

export interface ChannelRegistryOptions {
  readonly fetch?: FetchFn;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
  /** One request (HTTP) or one send (SMTP); each client has its own default when unset. */
  readonly timeoutMs?: number;
  readonly smtpTransportFactory?: SmtpTransportFactory;
  readonly clock?: () => Date;
  /** Kept dry-run records (log channel). */
  readonly logMaxRecords?: number;
}

export interface ChannelRegistry {
  readonly channels: readonly Channel[];
  get(channel: Channel): ChannelClient;
  /** The dry-run channel with its records, for the demo and tests. */
  readonly log: LogChannelClient;
  /** Closes pooled connections (SMTP); call on shutdown. */
  close(): void;
}

export function createChannelRegistry(options: ChannelRegistryOptions = {}): ChannelRegistry {
  const http = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  const log = createLogChannel({
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logMaxRecords !== undefined ? { maxRecords: options.logMaxRecords } : {}),
  });
  const email = createSmtpChannel({
    ...(options.smtpTransportFactory ? { transportFactory: options.smtpTransportFactory } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const clients: Record<Channel, ChannelClient> = {
    whatsapp: createWhatsAppCloudChannel(http),
    chatwoot: createChatwootChannel({ ...http, ...(options.logger ? { logger: options.logger } : {}) }),
    email,
    webhook: createWebhookChannel(http),
    log,
  };
  return {
    channels: CHANNELS,
    get(channel) {
      const client = clients[channel];
      // Only reachable with a channel from outside the type (a row from a newer version).
      if (client === undefined) throw new Error(`no channel client for "${String(channel)}"`);
      return client;
    },
    log,
    close() {
      email.close();
    },
  };
}
