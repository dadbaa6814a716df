/**
 * E-mail over SMTP with nodemailer. One pooled transport per sender (mailbox), reused across
 * messages and rebuilt when the sender's settings change, so a busy mailbox does not open a TCP
 * and TLS session per message.
 *
 * The pool's own requeueing is off (`maxRequeues: 0`): when a connection drops mid-message,
 * nodemailer would silently send it again on another connection, possibly a second time. The
 * failure goes back to the queue instead, which counts the attempt and keeps the same
 * Message-ID, so a duplicate is at least recognisable.
 */

import nodemailer, { type SendMailOptions, type SMTPPoolOptions } from 'nodemailer';
import { z } from 'zod';
import type {
  ChannelClient,
  OutboundMessage,
  SenderConfig,
  SendResult,
} from '../../../domain/outreach/channel.ts';
import { readSenderPart } from '../sender-config.ts';
import { composeEmail } from './compose.ts';
import { classifySmtpError, type SmtpErrorLike } from './errors.ts';

export const smtpSettings = z
  .object({
    host: z.string().min(1),
    /** 587 (submission with STARTTLS) is what mail providers hand out for sending software. */
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte; when unset, true exactly for port 465 (implicit TLS). */
    secure: z.boolean().optional(),
    /** `Salon Aurora <contato@aurora.example>` — the domain also names the Message-IDs. */
    from: z.string().min(3),
    replyTo: z.string().min(3).optional(),
    /** Used when a message has no subject; otherwise the text's first line is. */
    defaultSubject: z.string().min(1).optional(),
    /**
     * RFC 8058 one-click (`List-Unsubscribe-Post`) is only honest when the unsubscribe URL
     * accepts a bare POST; Rekindle's does. Off for a tenant whose link needs a page visit.
     */
    oneClickUnsubscribe: z.boolean().default(true),
  })
  .transform((s) => ({ ...s, secure: s.secure ?? s.port === 465 }));

export const smtpSecrets = z.object({
  /** Both absent for a relay that takes mail without login (a local Postfix). */
  user: z.string().min(1).optional(),
  password: z.string().optional(),
});

export interface MailTransport {
  sendMail(
    mail: SendMailOptions,
  ): Promise<{ readonly messageId?: string; readonly rejected?: readonly unknown[] }>;
  close(): void;
}

export type SmtpTransportFactory = (options: SMTPPoolOptions & { pool: true }) => MailTransport;

export interface SmtpOptions {
  /** Default: nodemailer's pooled SMTP transport. */
  readonly transportFactory?: SmtpTransportFactory;
  /** Connect, greeting and idle-socket timeout, and the limit for one whole send. Default 30 s. */
  readonly timeoutMs?: number;
}

export interface SmtpChannelClient extends ChannelClient {
  /** Closes every pooled connection (shutdown). */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

function isSmtpError(value: unknown): value is SmtpErrorLike & Error {
  return value instanceof Error;
}

export function createSmtpChannel(options: SmtpOptions = {}): SmtpChannelClient {
  const factory: SmtpTransportFactory =
    options.transportFactory ?? ((config) => nodemailer.createTransport(config));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transports = new Map<string, { key: string; transport: MailTransport }>();

  function transportFor(sender: SenderConfig, config: SMTPPoolOptions & { pool: true }): MailTransport {
    const key = JSON.stringify(config);
    const cached = transports.get(sender.id);
    if (cached?.key === key) return cached.transport;
    cached?.transport.close();
    const transport = factory(config);
    transports.set(sender.id, { key, transport });
    return transport;
  }

  async function send(
    message: OutboundMessage,
    sender: SenderConfig,
    context: { signal: AbortSignal },
  ): Promise<SendResult> {
    const settings = readSenderPart(smtpSettings, sender.settings, 'settings');
    if (!settings.ok) return settings.failure;
    const secrets = readSenderPart(smtpSecrets, sender.secrets, 'secrets');
    if (!secrets.ok) return secrets.failure;
    const s = settings.value;
    const mail = composeEmail(message, {
      from: s.from,
      replyTo: s.replyTo,
      defaultSubject: s.defaultSubject,
      oneClickUnsubscribe: s.oneClickUnsubscribe,
    });
    if (mail === null) {
      // There are no named e-mail templates: an e-mail needs its words.
      return { kind: 'failed', code: 'no_text', action: 'fail', message: 'an e-mail needs a text' };
    }
    const { user, password } = secrets.value;
    const transport = transportFor(sender, {
      pool: true,
      host: s.host,
      port: s.port,
      secure: s.secure,
      ...(user !== undefined ? { auth: { user, pass: password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      maxRequeues: 0,
    });
    try {
      const info = await transport.sendMail({
        ...mail,
        headers: { ...mail.headers },
        signal: AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (info.rejected !== undefined && info.rejected.length > 0) {
        return { kind: 'failed', code: 'smtp_rejected', action: 'fail', message: 'recipient rejected' };
      }
      return { kind: 'sent', providerMessageId: mail.messageId, as: 'text' };
    } catch (error) {
      if (!isSmtpError(error)) throw error;
      // A rejected single recipient comes back as EENVELOPE carrying the recipient's own reply.
      const detail = (error as { rejectedErrors?: SmtpErrorLike[] }).rejectedErrors?.[0];
      const verdict = classifySmtpError(
        detail?.responseCode !== undefined && error.responseCode === undefined ? detail : error,
      );
      return { kind: 'failed', ...verdict, message: error.message };
    }
  }

  return {
    channel: 'email',
    send,
    close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}
