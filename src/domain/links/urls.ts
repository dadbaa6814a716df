/**
 * Finding the web addresses in a message's free text, so each can be swapped for a tracked short
 * link. Only what is certainly a link is taken: an explicit `http://` or `https://` address that
 * parses, up to 2,048 characters (the tracked_links limit). Everything else in the text is left
 * exactly as written — the property tests hold replacement to that.
 */

export interface UrlSpan {
  /** Index of the first character in the text. */
  readonly start: number;
  /** Index just past the last character. */
  readonly end: number;
  readonly url: string;
}

export const MAX_TARGET_URL_LENGTH = 2048;

// A run of characters that may belong to an address; what ends a sentence is trimmed off below.
const CANDIDATE = /https?:\/\/[^\s<>"`{}|\\^]+/gi;
/** Punctuation that ends a sentence or a quote far more often than it ends an address. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '…', '”', '’', '»']);
const PAIRS: Record<string, string> = { ')': '(', ']': '[' };
/** WhatsApp's *bold*, _italic_ and ~strike~ markers around an address are formatting, not address. */
const MARKERS = new Set(['*', '_', '~']);

/** The http(s) addresses in `text`, in order, without overlapping. */
export function findUrls(text: string): UrlSpan[] {
  const spans: UrlSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const before = start > 0 ? text[start - 1]! : '';
    // "xhttp://…" is part of a word, not an address of its own.
    if (/[\p{L}\p{N}]/u.test(before)) continue;
    const url = trimEnd(match[0], before);
    if (isWebUrl(url)) spans.push({ start, end: start + url.length, url });
  }
  return spans;
}

/**
 * `text` with each address replaced by `replace(url, i)` (i counts the addresses found) and every
 * other character kept as it was.
 */
export function replaceUrls(text: string, replace: (url: string, index: number) => string): string {
  let out = '';
  let last = 0;
  findUrls(text).forEach((span, i) => {
    out += text.slice(last, span.start) + replace(span.url, i);
    last = span.end;
  });
  return out + text.slice(last);
}

/** An absolute http(s) address with a host, short enough to store. */
export function isWebUrl(candidate: string): boolean {
  if (candidate.length > MAX_TARGET_URL_LENGTH) return false;
  if (!URL.canParse(candidate)) return false;
  const parsed = new URL(candidate);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
}

function trimEnd(candidate: string, before: string): string {
  let url = candidate;
  let markerTrimmed = false;
  for (;;) {
    const last = url[url.length - 1]!;
    if (TRAILING.has(last)) {
      url = url.slice(0, -1);
      continue;
    }
    const open = PAIRS[last];
    // "(see https://x.com/a)" — the bracket closes the sentence's, unless the address opened it.
    if (open && count(url, open) < count(url, last)) {
      url = url.slice(0, -1);
      continue;
    }
    if (!markerTrimmed && MARKERS.has(last) && last === before) {
      markerTrimmed = true;
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
