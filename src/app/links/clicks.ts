import { type Db, withTenant } from '../../adapters/db/kysely.ts';
import { countClick, findLinkByCode, insertLinkClick } from '../../adapters/db/links.repository.ts';
import { isLinkCode, isPreviewBot, isWebUrl } from '../../domain/links/index.ts';

export interface Click {
  tenantId: string;
  customerId: string | null;
  attemptId: string | null;
  /** Where to redirect: the stored target, never anything taken from the request. */
  target: string;
  /** False for a link-preview fetch (WhatsApp, Slack, Telegram…): logged, not the customer's touch. */
  counted: boolean;
}

/** User agents are logged for inspection; longer ones are cut. */
const USER_AGENT_LIMIT = 512;

/** The stored target of a code, with nothing recorded (HEAD requests); null when unknown. */
export async function resolveLink(db: Db, code: string): Promise<string | null> {
  if (!isLinkCode(code)) return null;
  const link = await findLinkByCode(db, code);
  return link && isWebUrl(link.target_url) ? link.target_url : null;
}

/**
 * Records a visit to /r/{code}: a link_clicks row always, and for a person (not a preview bot)
 * one more click on the link and its first-click time. Null for a malformed or unknown code.
 * The code names no tenant: it is looked up across tenants first, then everything is written
 * inside withTenant for the tenant that owns it.
 */
export async function recordClick(
  db: Db,
  code: string,
  userAgent: string | undefined | null,
  now: Date = new Date(),
): Promise<Click | null> {
  if (!isLinkCode(code)) return null;
  const link = await findLinkByCode(db, code);
  // Targets are only ever written from addresses found in a message; checked again all the same,
  // so a bad row can never turn /r/ into a redirect to somewhere else.
  if (!link || !isWebUrl(link.target_url)) return null;
  const counted = !isPreviewBot(userAgent);
  await withTenant(db, link.tenant_id, async (trx) => {
    await insertLinkClick(trx, {
      tenantId: link.tenant_id,
      code: link.code,
      customerId: link.customer_id,
      attemptId: link.attempt_id,
      at: now,
      userAgent: userAgent ? userAgent.slice(0, USER_AGENT_LIMIT) : null,
      isPreview: !counted,
    });
    if (counted) await countClick(trx, link.tenant_id, link.code, now);
  });
  return {
    tenantId: link.tenant_id,
    customerId: link.customer_id,
    attemptId: link.attempt_id,
    target: link.target_url,
    counted,
  };
}
