/**
 * The e-mail for one outbound message, as nodemailer message options. Pure, so what a customer
 * receives (subject, body, unsubscribe line, headers) is tested without a server.
 *
 * - Plain text only: a personal win-back note reads as one, and there is no HTML to escape.
 * - `List-Unsubscribe` (RFC 2369) with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 *   (RFC 8058) when the tenant has an unsubscribe URL: Gmail and Yahoo require one-click
 *   unsubscribe from bulk senders since February 2024, and mail clients show their own
 *   "unsubscribe" button for it. The same link closes the body, in the customer's language.
 * - `Message-ID` derived from the idempotency key: two deliveries of one logical send carry the
 *   same id, so a duplicate after a crash is recognisable (and many mailbox providers fold it).
 */

import { createHash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { OutboundMessage } from '../../../domain/outreach/channel.ts';

export interface EmailSettings {
  readonly from: string;
  readonly replyTo?: string | undefined;
  readonly defaultSubject?: string | undefined;
  readonly oneClickUnsubscribe: boolean;
}

export interface ComposedEmail {
  readonly from: string;
  readonly to: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** RFC 5322 recommends at most 78 characters a line; a subject is read at a glance anyway. */
const MAX_SUBJECT = 78;

const UNSUBSCRIBE_LINE: Readonly<Record<string, string>> = {
  en: 'To stop receiving these e-mails: {url}',
  pt: 'Para não receber mais estes e-mails: {url}',
  es: 'Para dejar de recibir estos correos: {url}',
  ru: 'Чтобы больше не получать эти письма: {url}',
};

export function unsubscribeLine(locale: string | null, url: string): string {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (UNSUBSCRIBE_LINE[language] ?? UNSUBSCRIBE_LINE.en!).replace('{url}', url);
}

/** The domain of the From address: Message-IDs are made unique per sending domain. */
export function senderDomain(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  const at = first?.address.lastIndexOf('@') ?? -1;
  return first && at > 0 ? first.address.slice(at + 1) : 'rekindle.invalid';
}

/**
 * `<rekindle.KEY@domain>`: the key as it is when it is a valid dot-atom (letters, digits and
 * RFC 5322 atext), otherwise its SHA-256, which is just as stable.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const atom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
  const left =
    atom.test(idempotencyKey) && idempotencyKey.length <= 200
      ? idempotencyKey
      : createHash('sha256').update(idempotencyKey).digest('hex');
  return `<rekindle.${left}@${senderDomain(from)}>`;
}

/** The first line of the text, cut at a word boundary: better than a generic subject. */
export function subjectFromText(text: string): string {
  const firstLine =
    text
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  if (firstLine.length <= MAX_SUBJECT) return firstLine;
  const cut = firstLine.slice(0, MAX_SUBJECT - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_SUBJECT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function composeEmail(message: OutboundMessage, settings: EmailSettings): ComposedEmail | null {
  if (message.text === null || message.text.trim() === '') return null;
  const unsubscribeUrl = message.unsubscribeUrl ?? null;
  const subject = message.subject?.trim() || settings.defaultSubject?.trim() || subjectFromText(message.text);
  const headers: Record<string, string> = {};
  let text = message.text.trimEnd();
  if (unsubscribeUrl !== null) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    if (settings.oneClickUnsubscribe) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    // "-- " is the conventional signature separator: clients dim what follows.
    text = `${text}\n\n-- \n${unsubscribeLine(message.customer.locale, unsubscribeUrl)}`;
  }
  return {
    from: settings.from,
    to: message.recipient,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject,
    text: `${text}\n`,
    messageId: messageIdFor(message.idempotencyKey, settings.from),
    headers,
  };
}
