import { randomBytes } from 'node:crypto';
import type { Trx } from '../../adapters/db/kysely.ts';
import { insertTrackedLink } from '../../adapters/db/links.repository.ts';
import {
  applyShortLinks,
  codeFromBytes,
  LINK_CODE_BYTES,
  shortUrlFor,
  type TrackedLinkRef,
  trackableUrls,
} from '../../domain/links/index.ts';

export interface TrackOptions {
  /** Base of the public short links (PUBLIC_URL): links read `${publicUrl}/r/{code}`. */
  readonly publicUrl: string;
  readonly customerId?: string | null;
  readonly attemptId?: string | null;
  readonly messageId?: string | null;
  readonly channel?: string | null;
}

/** Collisions of 59-bit codes are so rare that running out of tries means something else is wrong. */
const MAX_DRAWS = 8;

/**
 * Replaces every http(s) address in `text` with a tracked short link, one tracked_links row per
 * distinct address (the same address twice shares a code), written with `trx` so the links and
 * the message commit together. Addresses that already are our short links are kept. Returns the
 * new text and the links, for the message's metadata.
 */
export async function trackLinks(
  trx: Trx,
  tenantId: string,
  text: string,
  options: TrackOptions,
): Promise<{ text: string; links: TrackedLinkRef[] }> {
  if (!/^https?:\/\/[^/]/i.test(options.publicUrl)) {
    throw new Error(`the public URL "${options.publicUrl}" is not an http(s) address; set PUBLIC_URL`);
  }
  const links: TrackedLinkRef[] = [];
  for (const url of trackableUrls(text, options.publicUrl)) {
    const code = await insertWithFreshCode(trx, {
      tenant_id: tenantId,
      target_url: url,
      customer_id: options.customerId ?? null,
      attempt_id: options.attemptId ?? null,
      message_id: options.messageId ?? null,
      channel: options.channel ?? null,
    });
    links.push({ code, url, shortUrl: shortUrlFor(options.publicUrl, code) });
  }
  return { text: links.length > 0 ? applyShortLinks(text, links) : text, links };
}

async function insertWithFreshCode(
  trx: Trx,
  row: Omit<Parameters<typeof insertTrackedLink>[1], 'code'>,
): Promise<string> {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const code = codeFromBytes(randomBytes(LINK_CODE_BYTES));
    if (code && (await insertTrackedLink(trx, { ...row, code }))) return code;
  }
  throw new Error(`no free link code after ${MAX_DRAWS} draws`);
}
