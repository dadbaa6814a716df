/**
 * Short-link codes. `/r/{code}` carries no tenant, so a code must be unguessable and unique across
 * every tenant: 10 letters and digits are about 8·10^17 codes (59 random bits), and the unique
 * index on tracked_links.code catches the rare collision for a retry. Letters and digits only, so
 * no chat app's link detection or WhatsApp's _italic_ markers can cut a code short.
 */

export const LINK_CODE_LENGTH = 10;
/** Random bytes drawn for one code: running short of usable ones (see codeFromBytes) takes 15 of 24 skipped, about 10^-16. */
export const LINK_CODE_BYTES = 24;
/** What tracked_links.code accepts (its CHECK constraint); anything else is never looked up. */
export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of 62 under 256: bytes from here up are skipped so no letter is favoured. */
const UNBIASED_LIMIT = 248;

/**
 * A code from random bytes (the caller draws LINK_CODE_BYTES of them with crypto.randomBytes), or
 * null in the unlikely case that too many bytes had to be skipped; draw again then.
 */
export function codeFromBytes(bytes: Uint8Array): string | null {
  let code = '';
  for (const byte of bytes) {
    if (byte >= UNBIASED_LIMIT) continue;
    code += ALPHABET[byte % ALPHABET.length];
    if (code.length === LINK_CODE_LENGTH) return code;
  }
  return null;
}

export function isLinkCode(value: string): boolean {
  return LINK_CODE_PATTERN.test(value);
}
