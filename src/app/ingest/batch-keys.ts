import { createHash } from 'node:crypto';
import type { ActivityKind, ActivityStatus } from '../../adapters/db/schema.ts';

/**
 * Identity bookkeeping for one batch — one API call, or one whole CSV file across its chunks.
 *
 * Rows without an external id get a content-derived key, `csv:` + a short hash of what the row
 * says + `:n`, where n counts identical rows so far in the batch. Two identical lines in a file
 * are two purchases (n = 1 and 2), and importing the same file again yields the same keys, so it
 * inserts nothing. The numbering must span the whole file, hence one BatchKeys per file.
 *
 * Rows with an explicit external id are claimed: the first row of the batch with an id wins and
 * later rows with the same id are rejected, so a batch never writes one row twice.
 */
export interface BatchKeys {
  /** The key for the next row with this content. */
  contentKey(parts: readonly string[]): string;
  /** True the first time this external id is seen in the batch, false afterwards. */
  claim(externalId: string): boolean;
}

export const CONTENT_KEY_PREFIX = 'csv:';

export function createBatchKeys(): BatchKeys {
  const occurrences = new Map<string, number>();
  const claimed = new Set<string>();
  return {
    contentKey(parts) {
      const hash = contentHash(parts);
      const n = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, n);
      return `${CONTENT_KEY_PREFIX}${hash}:${n}`;
    },
    claim(externalId) {
      if (claimed.has(externalId)) return false;
      claimed.add(externalId);
      return true;
    },
  };
}

/** 12 base64url characters of SHA-1 = 72 bits: collisions stay negligible in files of millions of rows. */
export function contentHash(parts: readonly string[]): string {
  return createHash('sha1').update(parts.join('\u001f')).digest('base64url').slice(0, 12);
}

export interface ActivityKeyContent {
  customerExternalId: string;
  occurredAt: Date;
  offering: string | null;
  staff: string | null;
  amount: number;
  quantity: number;
  status: ActivityStatus;
  kind: ActivityKind;
}

/** What identifies an activity without an external id: every field, after defaults are applied. */
export function activityKeyParts(row: ActivityKeyContent): string[] {
  return [
    row.customerExternalId,
    row.occurredAt.toISOString(),
    row.offering ?? '',
    row.staff ?? '',
    String(row.amount),
    String(row.quantity),
    row.status,
    row.kind,
  ];
}

export interface BookingKeyContent {
  customerExternalId: string;
  startsAt: Date;
  offering: string | null;
  staff: string | null;
}

/**
 * What identifies a booking without an external id: who, when, what and with whom — not its
 * status or amount, so a re-export in which the booking was confirmed or cancelled updates it.
 */
export function bookingKeyParts(row: BookingKeyContent): string[] {
  return ['booking', row.customerExternalId, row.startsAt.toISOString(), row.offering ?? '', row.staff ?? ''];
}
