/**
 * Delivery statuses from WhatsApp's `messages` webhook, as plain values the inbound route
 * (issue 6) applies to the `messages` table. Pure: the route verifies `X-Hub-Signature-256`
 * first and hands the parsed JSON here.
 *
 * Shape (Meta's webhook reference, pywa and courier fixtures in shared/fixtures/whatsapp/):
 * `entry[].changes[{ field: "messages", value: { metadata: { phone_number_id }, statuses: [{ id,
 * status, timestamp, recipient_id, biz_opaque_callback_data?, errors?: [{ code, title, … }] }] } }]`.
 * Things the fixtures show a parser must survive: `timestamp` is a string of Unix seconds,
 * `errors[]` may hold only `code` and `title`, a value may carry `messages[]` or `errors[]`
 * instead of statuses, and statuses arrive out of order (a `read` without a `delivered`), so
 * each one carries its own time and the caller keeps the furthest state.
 */

import { isRecord, type Json } from '../http.ts';
import { classifyWhatsAppError, type WhatsAppErrorAction } from './errors.ts';

export const WHATSAPP_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type WhatsAppStatusKind = (typeof WHATSAPP_STATUSES)[number];

export interface WhatsAppStatus {
  readonly providerMessageId: string;
  readonly status: WhatsAppStatusKind;
  readonly at: Date;
  /** The customer's WhatsApp id (digits, no '+'). */
  readonly recipient: string;
  /** Which of our numbers sent it: picks the sender (and its app secret) on our side. */
  readonly phoneNumberId?: string;
  readonly errorCode?: string;
  readonly errorTitle?: string;
  /** What the code means for the message (131047 → needs_template, 131026 → fail…). */
  readonly errorAction?: WhatsAppErrorAction;
  /** Our idempotency key, echoed from `biz_opaque_callback_data`: finds the row after a crash. */
  readonly idempotencyKey?: string;
}

function isStatusKind(value: Json): value is WhatsAppStatusKind {
  return typeof value === 'string' && (WHATSAPP_STATUSES as readonly string[]).includes(value);
}

function asArray(value: Json): readonly Json[] {
  return Array.isArray(value) ? value : [];
}

function text(value: Json): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function parseStatus(raw: Json, phoneNumberId: string | undefined): WhatsAppStatus | null {
  if (!isRecord(raw) || !isStatusKind(raw.status)) return null;
  const id = text(raw.id);
  const recipient = text(raw.recipient_id);
  const seconds = Number(raw.timestamp);
  // Without an id there is nothing to update; without a time the order cannot be judged.
  if (id === undefined || recipient === undefined || raw.timestamp === '' || !Number.isFinite(seconds)) {
    return null;
  }
  const error = asArray(raw.errors).find(isRecord);
  const code = error ? text(error.code) : undefined;
  const title = error ? (text(error.title) ?? text(error.message)) : undefined;
  const key = text(raw.biz_opaque_callback_data);
  return {
    providerMessageId: id,
    status: raw.status,
    at: new Date(seconds * 1000),
    recipient,
    ...(phoneNumberId !== undefined ? { phoneNumberId } : {}),
    ...(code !== undefined ? { errorCode: code } : {}),
    ...(title !== undefined ? { errorTitle: title } : {}),
    ...(code !== undefined && Number.isInteger(Number(code))
      ? { errorAction: classifyWhatsAppError(Number(code)).action }
      : {}),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  };
}

/** Every status in the delivery, in the order given; anything else (messages, errors) is skipped. */
export function parseWhatsAppStatuses(body: unknown): WhatsAppStatus[] {
  if (!isRecord(body)) return [];
  const statuses: WhatsAppStatus[] = [];
  for (const entry of asArray(body.entry)) {
    if (!isRecord(entry)) continue;
    for (const change of asArray(entry.changes)) {
      if (!isRecord(change) || change.field !== 'messages' || !isRecord(change.value)) continue;
      const value = change.value;
      const phoneNumberId = isRecord(value.metadata) ? text(value.metadata.phone_number_id) : undefined;
      for (const raw of asArray(value.statuses)) {
        const status = parseStatus(raw, phoneNumberId);
        if (status) statuses.push(status);
      }
    }
  }
  return statuses;
}
