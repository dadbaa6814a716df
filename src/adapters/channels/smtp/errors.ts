/**
 * SMTP failures as send outcomes. RFC 5321: a 4yz reply is transient, a 5yz reply permanent
 * (503, bad sequence of commands, is a session-state problem that a new connection fixes —
 * nodemailer's `isPermanentResponseCode` makes the same exception). On top of the reply class,
 * *where* it failed matters: a rejected login or a rejected sender address (MAIL FROM) holds for
 * every message of this mailbox, so the sender pauses; a rejected recipient or message content
 * fails only this message.
 */

import type { SendFailure } from '../http.ts';

/** The fields nodemailer sets on its errors (NodemailerError). */
export interface SmtpErrorLike {
  readonly code?: string | undefined;
  readonly responseCode?: number | undefined;
  readonly command?: string | undefined;
  readonly message?: string | undefined;
}

/** Nothing reached the server, or the connection broke: the same message may well pass later. */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPROTOCOL',
  'EMAXLIMIT',
  'EABORT',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** The mailbox's own configuration is wrong: no message can go out until it is fixed. */
const CONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EPROXY']);

/** 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

export function classifySmtpError(error: SmtpErrorLike): Pick<SendFailure, 'code' | 'action'> {
  const reply = error.responseCode;
  const code = reply !== undefined ? `smtp_${reply}` : (error.code ?? 'smtp_error');
  const command = (error.command ?? '').toUpperCase();
  if (reply !== undefined) {
    if (reply >= 400 && reply < 500) return { code, action: 'retry' };
    if (reply === 503) return { code, action: 'retry' };
    if (AUTH_REPLIES.has(reply) || error.code === 'EAUTH') return { code, action: 'pause_sender' };
    // The server refuses our From address (not allowed to send as it, domain not verified).
    if (reply >= 500 && command.startsWith('MAIL')) return { code, action: 'pause_sender' };
    if (reply >= 500) return { code, action: 'fail' };
  }
  if (error.code !== undefined && CONFIG_CODES.has(error.code)) return { code, action: 'pause_sender' };
  if (error.code !== undefined && CONNECTION_CODES.has(error.code)) return { code, action: 'retry' };
  // EENVELOPE/EMESSAGE without a reply: the address or message itself could not be built.
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return { code, action: 'fail' };
  // Anything unrecognised is retried; the queue's attempt limit ends a persistent one.
  return { code, action: 'retry' };
}
