export { codeFromBytes, isLinkCode, LINK_CODE_BYTES, LINK_CODE_LENGTH, LINK_CODE_PATTERN } from './code.ts';
export { isPreviewBot } from './preview-bots.ts';
export {
  applyShortLinks,
  linksOf,
  normalizePublicUrl,
  restoreText,
  shortUrlFor,
  type TrackedLinkRef,
  trackableUrls,
} from './short-links.ts';
export { findUrls, isWebUrl, MAX_TARGET_URL_LENGTH, replaceUrls, type UrlSpan } from './urls.ts';
