import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { KeyedEvent } from '../../domain/inbound/events.ts';

/** Request headers as Node gives them: lower-case names. */
export type Headers = Record<string, string | string[] | undefined>;

export type Verification = { ok: true } | { ok: false; reason: string };

export interface Issue {
  field: string;
  message: string;
}

/**
 * What a provider's delivery turned out to be, once verified: events for the inbox, something
 * recognised but of no use to Rekindle (answered 200 so the provider stops retrying, nothing
 * stored), or a payload whose shape is wrong (400 naming the fields, nothing stored).
 */
export type ParseOutcome =
  | { kind: 'events'; events: KeyedEvent[] }
  | { kind: 'ignored'; note: string }
  | { kind: 'invalid'; issues: Issue[] };

/** One provider's webhook: how a delivery is verified and what it means. Both are pure. */
export interface ProviderWebhook {
  provider: 'hotmart' | 'chatwoot' | 'orders';
  verify(request: {
    raw: Buffer;
    headers: Headers;
    query: Record<string, unknown>;
    secret: string;
    now: Date;
  }): Verification;
  parse(request: {
    body: unknown;
    headers: Headers;
    settings: Record<string, unknown>;
    now: Date;
  }): ParseOutcome;
  /** Headers stored with the events, for diagnosis; never one that carries the secret. */
  keptHeaders: readonly string[];
}

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Equal strings in time that depends on neither where they differ nor their lengths: both sides
 * are hashed first, so `timingSafeEqual` always compares 32 bytes.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
/** How far a signed timestamp may be from our clock, either way (Chatwoot's PR suggests 5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` with the timestamp in Unix seconds,
 * as Chatwoot signs and as Rekindle's own orders endpoint asks: checked over the exact bytes, in
 * constant time, and refused when the timestamp is more than five minutes away from `now` (a
 * captured delivery cannot be replayed later).
 */
export function verifyTimestampedSignature(input: {
  raw: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  secret: string;
  now: Date;
  names: { timestamp: string; signature: string };
}): Verification {
  const { names } = input;
  if (!input.signature) return { ok: false, reason: `${names.signature} is missing` };
  if (!input.timestamp) return { ok: false, reason: `${names.timestamp} is missing` };
  if (!/^\d{1,12}$/.test(input.timestamp))
    return { ok: false, reason: `${names.timestamp} is not a Unix time in seconds` };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: `${names.timestamp} is more than 5 minutes from the server's clock` };
  const match = SIGNATURE.exec(input.signature.trim());
  if (!match) return { ok: false, reason: `${names.signature} is not sha256=<64 hex digits>` };
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', input.secret)
    .update(`${input.timestamp}.`)
    .update(input.raw)
    .digest();
  return timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: `${names.signature} does not match` };
}

/** A zod failure as the fields it names, `prefix` first (`events.3.customer.email`). */
export function zodIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => String(p))];
    return { field: path.length > 0 ? path.join('.') : 'body', message: issue.message };
  });
}

/** Epoch milliseconds or seconds (Chatwoot mixes both with ISO strings) as an ISO instant. */
export function toIsoInstant(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // before 2286 in seconds, after 1973 in milliseconds: the two ranges do not overlap
    const ms = value < 1e10 ? value * 1000 : value;
    const date = new Date(Math.round(ms));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return toIsoInstant(Number(value));
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return undefined;
}

/** `{ [key]: value }`, or nothing when there is no value: optional fields stay absent, never undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
