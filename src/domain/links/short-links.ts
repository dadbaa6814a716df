import { findUrls, replaceUrls } from './urls.ts';

/** A tracked link as a message's metadata records it (metadata.links). */
export interface TrackedLinkRef {
  readonly code: string;
  /** The address the customer wrote or was given: where /r/{code} redirects. */
  readonly url: string;
  /** What replaced it in the text: `${publicUrl}/r/${code}`. */
  readonly shortUrl: string;
}

/** The public base without trailing slashes: "https://rk.example.com/" → "https://rk.example.com". */
export function normalizePublicUrl(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

export function shortUrlFor(publicUrl: string, code: string): string {
  return `${normalizePublicUrl(publicUrl)}/r/${code}`;
}

/**
 * The distinct addresses of `text` worth tracking, in order of first appearance: not the ones
 * that already are our short links (a text tracked twice keeps its codes).
 */
export function trackableUrls(text: string, publicUrl: string): string[] {
  const ours = `${normalizePublicUrl(publicUrl)}/r/`;
  const urls: string[] = [];
  for (const { url } of findUrls(text)) {
    if (url.startsWith(ours) || urls.includes(url)) continue;
    urls.push(url);
  }
  return urls;
}

/** `text` with each tracked address replaced by its short link; the rest of the text untouched. */
export function applyShortLinks(text: string, links: readonly TrackedLinkRef[]): string {
  const byUrl = new Map(links.map((link) => [link.url, link.shortUrl]));
  return replaceUrls(text, (url) => byUrl.get(url) ?? url);
}

/**
 * The text as it was given, from the tracked body and the links its metadata records: what a
 * repeated request under the same idempotency key is compared with.
 */
export function restoreText(body: string, links: readonly TrackedLinkRef[]): string {
  return replaceUrls(body, (url) => links.find((link) => link.shortUrl === url)?.url ?? url);
}

/** metadata.links of a stored message, when it has the shape trackLinks writes; [] otherwise. */
export function linksOf(metadata: Readonly<Record<string, unknown>> | null | undefined): TrackedLinkRef[] {
  const links = metadata?.links;
  if (!Array.isArray(links)) return [];
  return links.filter(
    (link): link is TrackedLinkRef =>
      typeof link === 'object' &&
      link !== null &&
      typeof (link as TrackedLinkRef).code === 'string' &&
      typeof (link as TrackedLinkRef).url === 'string' &&
      typeof (link as TrackedLinkRef).shortUrl === 'string',
  );
}
