import type { Logger } from 'pino';
import type { Db } from '../../adapters/db/kysely.ts';
import { withTenant } from '../../adapters/db/kysely.ts';
import { amendAttempt } from '../../adapters/db/reactivation/attempts.repository.ts';
import { offeringUrl, planningTenant } from '../../adapters/db/reactivation/planning.repository.ts';
import { firstNameOf } from '../../domain/messages/index.ts';
import type { Channel } from '../../domain/outreach/channel.ts';
import { parseReactivationSettings } from '../../domain/settings/reactivation.ts';
import { enqueueMessage, listSenders } from '../outbound/index.ts';
import type { Attempt } from './attempt-view.ts';

export interface HandOff {
  /** The queued message, or null when nothing was queued (control, no text, no sender). */
  messageId: string | null;
  channel: Channel | null;
  note: string;
}

export interface HandOffOptions {
  logger?: Pick<Logger, 'warn'>;
  /** PUBLIC_URL: with it, the tenant's `reactivation.link` goes out as a tracked short link. */
  publicUrl?: string;
}

/**
 * Puts an approved attempt's message in the send queue: on the channel chosen at planning when
 * the tenant has a sender for it, else on a `log` sender (a dry run, the demo's default), else
 * nowhere — the attempt stays APPROVED with a note saying which sender to add. WhatsApp gets the
 * tenant's approved template around the text (outside the 24-hour window nothing else goes).
 * The offering's page (its `url`, or its course's), else the tenant's `reactivation.link`, follows
 * the text (or fills the template's `link` parameter), tracked when the public URL is known.
 * Idempotent: the queue keys the message by the attempt, so approving twice never queues twice.
 * A message that cannot be queued never undoes the approval; the reason is recorded on the attempt.
 */
export async function handOffToQueue(
  db: Db,
  tenantId: string,
  attempt: Attempt,
  actor: string,
  options: HandOffOptions = {},
): Promise<HandOff> {
  const { logger, publicUrl } = options;
  if (attempt.control) return { messageId: null, channel: null, note: 'control attempt: nothing is sent' };
  if (!attempt.message) return { messageId: null, channel: null, note: 'no message to send' };
  const senders = (await listSenders(db, tenantId)).filter((s) => s.health.status !== 'banned');
  const planned =
    (attempt.message.meta.channel as Channel | undefined) ?? (attempt.channel as Channel | null);
  const channel: Channel | null =
    planned && senders.some((s) => s.channel === planned)
      ? planned
      : senders.some((s) => s.channel === 'log')
        ? 'log'
        : null;
  if (!channel) {
    const note = `not queued: the tenant has no ${planned ?? 'message'} sender (add one with rekindle sender add or POST /v1/senders)`;
    await record(db, tenantId, attempt.id, actor, note);
    return { messageId: null, channel: null, note };
  }
  const offering = attempt.offering;
  const { tenant, pageOfOffering } = await withTenant(db, tenantId, async (trx) => ({
    tenant: await planningTenant(trx, tenantId),
    pageOfOffering: offering ? await offeringUrl(trx, tenantId, offering.id) : null,
  }));
  const parsed = parseReactivationSettings(
    (tenant?.settings as { reactivation?: unknown } | undefined)?.reactivation,
  );
  const template = parsed.ok && channel === 'whatsapp' ? parsed.settings.whatsappTemplate : undefined;
  // the offering's own page (a course's club) before the tenant's general one (a booking page)
  const link = pageOfOffering ?? (parsed.ok ? parsed.settings.link : undefined);
  const text = withLink(attempt.message.text, link, template?.params.includes('link') ?? false);
  const values: Record<string, string> = {
    firstName: firstNameOf(attempt.customer.name, attempt.message.locale ?? 'en') ?? '',
    name: attempt.customer.name ?? '',
    text,
    business: tenant?.name ?? '',
    link: link ?? '',
  };
  try {
    const { message } = await enqueueMessage(db, tenantId, {
      channel,
      kind: 'reactivation',
      customerId: attempt.customer.id,
      attemptId: attempt.id,
      text,
      ...(publicUrl ? { trackLinks: { publicUrl } } : {}),
      ...(template
        ? {
            template: {
              name: template.name,
              language: template.language,
              bodyParams: template.params.map((p) => values[p] ?? ''),
            },
          }
        : {}),
      metadata: { attemptId: attempt.id, strategy: attempt.strategy, source: attempt.message.source },
      actor,
    });
    const note = `queued on ${channel} as message ${message.id}`;
    await record(db, tenantId, attempt.id, actor, note);
    return { messageId: message.id, channel, note };
  } catch (error) {
    const note = `not queued: ${error instanceof Error ? error.message : String(error)}`;
    logger?.warn({ err: error, tenantId, attemptId: attempt.id }, 'an approved attempt could not be queued');
    await record(db, tenantId, attempt.id, actor, note);
    return { messageId: null, channel, note };
  }
}

/**
 * The text as the customer reads it: the link after a space (a WhatsApp template parameter may
 * not hold a line break), unless the template carries it in a parameter of its own.
 */
function withLink(text: string, link: string | undefined, inOwnParam: boolean): string {
  return link && !inOwnParam ? `${text} ${link}` : text;
}

async function record(
  db: Db,
  tenantId: string,
  attemptId: string,
  actor: string,
  note: string,
): Promise<void> {
  await withTenant(db, tenantId, (trx) => amendAttempt(trx, tenantId, attemptId, {}, { actor, note }));
}
