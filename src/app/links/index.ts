/**
 * Tracked links (issue 6): short links put into outbound messages, the public /r/{code} that
 * logs each click and redirects, and the tenant's list of links with their clicks. Counted clicks
 * (never link-preview fetches) are touches for attribution and the origin of a first access
 * (seed 002: link_whatsapp versus organic).
 */
export { type Click, recordClick, resolveLink } from './clicks.ts';
export { type LinkFilters, listLinks, type TrackedLink } from './list.ts';
export { type TrackOptions, trackLinks } from './track.ts';
