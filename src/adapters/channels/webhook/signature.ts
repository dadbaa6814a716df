/**
 * How a receiver knows a webhook came from Rekindle and is fresh — the scheme of Stripe's and
 * Chatwoot's webhooks:
 *
 *   X-Rekindle-Timestamp: 1718704800                (Unix seconds when the request was signed)
 *   X-Rekindle-Signature: sha256=<hex>              (HMAC-SHA256, key = the sender's signing secret,
 *                                                    message = "<timestamp>.<raw request body>")
 *   Idempotency-Key: <key>                          (the same for every retry of one message)
 *
 * A receiver (Evolution API bridge, Z-API or Twilio relay, any script):
 *   1. reads the raw body bytes before parsing JSON;
 *   2. recomputes the HMAC over `${timestamp}.${body}` and compares in constant time;
 *   3. rejects a timestamp more than 5 minutes from its clock (a replayed request);
 *   4. answers 2xx once it has the message, optionally `{"id": "<its own message id>"}`, and
 *      answers the same for a repeated Idempotency-Key without sending again.
 * Rekindle retries 408, 425, 429 and 5xx (honouring Retry-After) and network failures; any
 * other 4xx fails the message, except 401/403/404/410, which pause the sender (the endpoint
 * or its secret is wrong for every message).
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-rekindle-signature';
export const TIMESTAMP_HEADER = 'x-rekindle-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Stripe's default tolerance: generous for clock skew, short for a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface WebhookVerification {
  readonly secret: string;
  readonly rawBody: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}

export type VerificationResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What a receiver runs; Rekindle's own tests use it as the receiver does. */
export function verifyWebhook(input: WebhookVerification): VerificationResult {
  if (input.timestamp === undefined || !/^\d+$/.test(input.timestamp)) {
    return { ok: false, reason: 'missing or malformed timestamp' };
  }
  const timestamp = Number(input.timestamp);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > tolerance) {
    return { ok: false, reason: 'timestamp outside the tolerance' };
  }
  if (input.signature === undefined) return { ok: false, reason: 'missing signature' };
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
