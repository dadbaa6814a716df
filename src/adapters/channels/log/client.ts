/**
 * The dry-run channel (the demo's default): nothing leaves the machine. Each message is written
 * to the logger and kept in memory, as the provider would have received it, so the demo and the
 * tests can show exactly what would have gone out. It behaves like an idempotent provider: the
 * same idempotency key twice is recorded once and answered with the same id.
 */

import type { Logger } from 'pino';
import type {
  Channel,
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
  TemplateRef,
} from '../../../domain/outreach/channel.ts';
import { plannedForm } from '../content.ts';

export interface LogRecord {
  readonly at: Date;
  readonly providerMessageId: string;
  readonly messageId: string;
  readonly idempotencyKey: string;
  readonly tenantId: string;
  readonly senderId: string;
  /** The channel the sender is configured as (a log sender may stand in for any). */
  readonly senderChannel: Channel;
  readonly recipient: string;
  readonly as: 'text' | 'template';
  readonly text: string | null;
  readonly template: TemplateRef | null;
  readonly subject: string | null;
}

export interface LogChannelOptions {
  readonly logger?: Pick<Logger, 'info'>;
  readonly clock?: () => Date;
  /**
   * How many recent messages are kept for inspection. Default 1000: a demo run sends a few
   * hundred; a long-running dry run must not grow without bound.
   */
  readonly maxRecords?: number;
}

export interface LogChannelClient extends ChannelClient {
  /** Oldest first. */
  readonly records: readonly LogRecord[];
  clear(): void;
}

export const DEFAULT_MAX_RECORDS = 1000;

export function createLogChannel(options: LogChannelOptions = {}): LogChannelClient {
  const clock = options.clock ?? (() => new Date());
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const byKey = new Map<string, LogRecord>();

  async function send(message: OutboundMessage, sender: SenderConfig): Promise<SendResult> {
    const providerMessageId = `log:${message.idempotencyKey}`;
    const form = plannedForm(message);
    if (form === null) {
      return { kind: 'failed', code: 'no_content', action: 'fail', message: 'neither text nor template' };
    }
    const earlier = byKey.get(message.idempotencyKey);
    if (earlier) return { kind: 'sent', providerMessageId, as: earlier.as };
    const record: LogRecord = {
      at: clock(),
      providerMessageId,
      messageId: message.id,
      idempotencyKey: message.idempotencyKey,
      tenantId: message.tenantId,
      senderId: sender.id,
      senderChannel: sender.channel,
      recipient: message.recipient,
      as: form,
      text: message.text,
      template: message.template,
      subject: message.subject ?? null,
    };
    byKey.set(message.idempotencyKey, record);
    if (byKey.size > maxRecords) {
      const oldest = byKey.keys().next();
      if (!oldest.done) byKey.delete(oldest.value);
    }
    options.logger?.info({ dryRun: true, ...record }, 'log channel: message not sent (dry run)');
    return { kind: 'sent', providerMessageId, as: form };
  }

  return {
    channel: 'log',
    send,
    get records() {
      return [...byKey.values()];
    },
    clear() {
      byKey.clear();
    },
  };
}
