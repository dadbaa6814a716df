import type { Logger } from 'pino';
import { type Db, type Trx, withTenant } from '../../adapters/db/kysely.ts';
import {
  cancelQueuedMessages,
  findAnsweredMessage,
  findCustomerByContact,
  findOpenAttempt,
  insertReply,
  mergeCustomerAttributes,
  optOutCustomer,
  snoozeCustomer,
  suppressUnknownContact,
} from '../../adapters/db/listen/replies.repository.ts';
import { amendAttempt, transitionAttempt } from '../../adapters/db/reactivation/attempts.repository.ts';
import type { AttemptSlot } from '../../adapters/db/schema.ts';
import type { InboundMessageEvent } from '../../domain/inbound/events.ts';
import type { ReplyClassification, ReplyClassifier, ReplyLabel } from '../../domain/replies/types.ts';
import { type ListeningSettings, listeningSettingsOf } from '../../domain/settings/listening.ts';
import { startOfDay } from '../../domain/time/start-of-day.ts';
import type { DialogContext, DialogStore } from '../dialog/types.ts';
import { enqueueMessage } from '../outbound/index.ts';
import { getTenant } from '../tenants.ts';

export interface ListenDeps {
  db: Db;
  classifier: ReplyClassifier;
  dialog: DialogStore;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** What a reply led to, as recorded in `replies.action`. */
export type ReplyAction = 'suppressed' | 'declined' | 'in_progress' | 'snoozed' | 'preferences' | 'noted';

export interface ReplyOutcome {
  replyRecorded: boolean;
  classification: ReplyClassification;
  action: ReplyAction;
  note: string;
  customerId: string | null;
  attemptId: string | null;
  confirmationMessageId?: string;
}

const DAY_MS = 86_400_000;
const ACTOR = 'reply';
/** What a person should look at: everything but a refusal (handled by itself) and silence. */
const NOTIFY: readonly ReplyLabel[] = [
  'positive',
  'neutral',
  'reschedule',
  'away_until',
  'other_offering',
  'other_staff',
];
/** The automated kinds a refusal or a snooze withdraws; an operator's direct message stays. */
const AUTOMATED_KEEP = ['opt_out_confirmation', 'direct'] as const;

const CONFIRMATION: Record<string, string> = {
  pt: 'Tudo certo: você não vai mais receber mensagens nossas.',
  ru: 'Готово: мы больше не будем вам писать.',
  es: 'Listo: no vas a recibir más mensajes nuestros.',
  en: "Done: you won't get any more messages from us.",
};

function contactOf(event: InboundMessageEvent): { phone?: string; email?: string } {
  const phone = /^\+[1-9]\d{6,14}$/.test(event.from) ? event.from : undefined;
  const email = event.email ?? (event.from.includes('@') ? event.from.toLowerCase() : undefined);
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

/**
 * What a customer's message means and what follows from it (issue 6, seed 004 part 4):
 * - opt_out: suppressed at once and for good, every queued message to them withdrawn, the open
 *   attempt closed (LOST, DECLINED), the dialog context cleared, and a confirmation sent where
 *   the channel expects one (settings.listening.optOutConfirmation);
 * - negative: the attempt LOST with DECLINED (the strategy's cool-down then applies), queued
 *   automated messages withdrawn, the context cleared;
 * - positive: the attempt IN_PROGRESS with the answer on its record, and the operator told;
 * - reschedule / away_until: the customer snoozed to the date they named (else
 *   `rescheduleDays`), the attempt kept open with its attribution window running from that date;
 * - other_offering / other_staff: the preference recorded on the customer and the suggestion
 *   moved to the next offering or to a slot with another professional (seed 004 edge cases 1, 2, 7);
 * - neutral: recorded, the operator told.
 * The reply and its effects are one transaction, keyed by the inbox event: a redelivery does nothing.
 */
export async function handleInboundMessage(
  deps: ListenDeps,
  tenantId: string,
  provider: string,
  eventKey: string,
  event: InboundMessageEvent,
): Promise<ReplyOutcome> {
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
  const settings = listeningSettingsOf(tenant.settings);
  const at = new Date(event.at);
  const contact = contactOf(event);

  const found = await withTenant(deps.db, tenantId, async (trx) => {
    const customer = await findCustomerByContact(trx, tenantId, contact);
    const answered = await findAnsweredMessage(trx, tenantId, {
      ...(event.replyTo ? { providerMessageId: event.replyTo } : {}),
      recipient: event.from,
      ...(customer ? { customerId: customer.id } : {}),
      before: at,
    });
    const open = customer ? await findOpenAttempt(trx, tenantId, customer.id) : undefined;
    return { customer, answered, open };
  });
  const context = contact.phone ? await deps.dialog.read(tenantId, contact.phone) : null;
  const customerId = found.customer?.id ?? found.answered?.customer_id ?? null;
  const attemptId =
    found.open?.id ??
    found.answered?.attempt_id ??
    (context?.pendingAction?.customerId === customerId ? (context?.pendingAction?.attemptId ?? null) : null);

  const classification = await deps.classifier.classify(event.text, {
    ...((found.customer?.locale ?? context?.pendingAction?.locale)
      ? { locale: (found.customer?.locale ?? context?.pendingAction?.locale)! }
      : {}),
    now: at,
    timeZone: tenant.timezone,
    minConfidence: settings.minConfidence,
  });

  const applied = await withTenant(deps.db, tenantId, async (trx) => {
    const effect = await applyReply(trx, {
      tenantId,
      timeZone: tenant.timezone,
      settings,
      event,
      contact,
      classification,
      customerId,
      attemptId,
      at,
    });
    const recorded = await insertReply(trx, tenantId, {
      provider,
      eventKey,
      channel: event.channel,
      sender: event.from,
      customerId: effect.customerId,
      attemptId,
      messageId: found.answered?.id ?? null,
      text: event.text.slice(0, 4000),
      label: classification.label,
      confidence: Math.round(classification.confidence * 1000) / 1000,
      awayUntil: classification.date ?? null,
      classifiedBy: classification.by,
      action: effect.action,
      actionNote: effect.note,
      receivedAt: at,
    });
    // A redelivered event: roll the effects back, the first delivery already had them.
    if (!recorded) throw new AlreadyRecorded();
    return effect;
  }).catch((error: unknown) => {
    if (error instanceof AlreadyRecorded) return null;
    throw error;
  });
  if (!applied) {
    return {
      replyRecorded: false,
      classification,
      action: 'noted',
      note: 'already recorded',
      customerId,
      attemptId,
    };
  }

  const outcome: ReplyOutcome = {
    replyRecorded: true,
    classification,
    action: applied.action,
    note: applied.note,
    customerId: applied.customerId,
    attemptId,
  };
  await updateDialog(deps, tenantId, contact.phone, context, classification, event, settings);
  if (classification.label === 'opt_out') {
    const id = await confirmOptOut(deps, tenantId, event, applied.customerId, classification, settings);
    if (id) outcome.confirmationMessageId = id;
  }
  if (NOTIFY.includes(classification.label)) {
    await notifyOperator(deps, tenantId, eventKey, event, found.customer?.name ?? null, outcome, settings);
  }
  return outcome;
}

class AlreadyRecorded extends Error {}

interface ApplyInput {
  tenantId: string;
  timeZone: string;
  settings: ListeningSettings;
  event: InboundMessageEvent;
  contact: { phone?: string; email?: string };
  classification: ReplyClassification;
  customerId: string | null;
  attemptId: string | null;
  at: Date;
}

async function applyReply(
  trx: Trx,
  input: ApplyInput,
): Promise<{ action: ReplyAction; note: string; customerId: string | null }> {
  const { tenantId, classification, attemptId, event } = input;
  let customerId = input.customerId;
  const quote = `"${event.text.slice(0, 200)}"`;

  switch (classification.label) {
    case 'opt_out': {
      const reason = `asked to stop (${event.channel} reply ${quote})`;
      if (customerId) await optOutCustomer(trx, tenantId, customerId, reason);
      else if (input.contact.phone || input.contact.email) {
        customerId = await suppressUnknownContact(trx, tenantId, input.contact, reason);
      }
      const cancelled = await cancelQueuedMessages(
        trx,
        tenantId,
        { ...(customerId ? { customerId } : {}), recipients: [event.from] },
        'the customer opted out',
        ACTOR,
      );
      if (attemptId) await closeAttempt(trx, tenantId, attemptId, 'opted out', quote, input.at);
      return {
        action: 'suppressed',
        note: `suppressed for good; ${cancelled} queued message(s) withdrawn`,
        customerId,
      };
    }
    case 'negative': {
      const cancelled = customerId
        ? await cancelQueuedMessages(trx, tenantId, { customerId }, 'the customer declined', ACTOR, [
            ...AUTOMATED_KEEP,
          ])
        : 0;
      const closed = attemptId
        ? await closeAttempt(trx, tenantId, attemptId, 'declined', quote, input.at)
        : false;
      return {
        action: closed ? 'declined' : 'noted',
        note: closed
          ? `attempt closed as DECLINED; ${cancelled} queued message(s) withdrawn`
          : 'no open attempt to close',
        customerId,
      };
    }
    case 'positive': {
      if (!attemptId) return { action: 'noted', note: 'no open attempt', customerId };
      const moved = await transitionAttempt(
        trx,
        tenantId,
        attemptId,
        'IN_PROGRESS',
        (s) => s === 'APPROVED' || s === 'IN_PROGRESS',
        {},
        { actor: ACTOR, note: `the customer answered positively: ${quote}` },
      );
      return moved.after
        ? { action: 'in_progress', note: 'attempt in progress; the operator is told', customerId }
        : { action: 'noted', note: `attempt is ${moved.before?.status ?? 'gone'}`, customerId };
    }
    case 'reschedule':
    case 'away_until': {
      if (!customerId) return { action: 'noted', note: 'unknown sender: nobody to snooze', customerId };
      const until = classification.date
        ? startOfDay(classification.date, input.timeZone)
        : new Date(input.at.getTime() + input.settings.rescheduleDays * DAY_MS);
      await snoozeCustomer(trx, tenantId, customerId, until);
      const cancelled = await cancelQueuedMessages(
        trx,
        tenantId,
        { customerId },
        `snoozed until ${until.toISOString().slice(0, 10)}`,
        ACTOR,
        [...AUTOMATED_KEEP],
      );
      if (attemptId) {
        await amendAttempt(
          trx,
          tenantId,
          attemptId,
          {
            wait_until: until,
            attribution_until: new Date(until.getTime() + input.settings.attributionWindowDays * DAY_MS),
          },
          {
            actor: ACTOR,
            note: `snoozed until ${until.toISOString().slice(0, 10)} at the customer's request: ${quote}`,
          },
        );
      }
      return {
        action: 'snoozed',
        note: `not contacted before ${until.toISOString().slice(0, 10)}; ${cancelled} queued message(s) withdrawn`,
        customerId,
      };
    }
    case 'other_offering':
    case 'other_staff': {
      if (!customerId) return { action: 'noted', note: 'unknown sender', customerId };
      const note = attemptId
        ? await replan(trx, tenantId, attemptId, classification.label, quote, input.at)
        : 'no open attempt to re-plan';
      return { action: 'preferences', note, customerId };
    }
    default:
      return { action: 'noted', note: 'recorded; the operator is told', customerId };
  }
}

/** Closes the open attempt after a refusal: LOST (DECLINED) once contacted, else CANCELLED. */
async function closeAttempt(
  trx: Trx,
  tenantId: string,
  attemptId: string,
  why: 'opted out' | 'declined',
  quote: string,
  at: Date,
): Promise<boolean> {
  const lost = await transitionAttempt(
    trx,
    tenantId,
    attemptId,
    'LOST',
    (s) => s === 'IN_PROGRESS',
    { outcome: 'DECLINED', closed_at: at, outcome_notes: `${why}: ${quote}` },
    { actor: ACTOR, note: `${why}: ${quote}`, changes: { outcome: 'DECLINED' } },
  );
  if (lost.after) return true;
  if (!lost.before) return false;
  const cancelled = await transitionAttempt(
    trx,
    tenantId,
    attemptId,
    'CANCELLED',
    (s) => s === 'PLANNED' || s === 'SUGGESTED' || s === 'APPROVED',
    { cancel_reason: `the customer ${why}`, closed_at: at },
    { actor: ACTOR, note: `the customer ${why}: ${quote}` },
  );
  return cancelled.after !== undefined;
}

/**
 * Seed 004 edge cases 1, 2 and 7: the customer wants something else, or someone else. The wish
 * is kept on the customer (attributes.replyPreferences) so the next plan sees it, and the open
 * attempt's suggestion moves: to the next suggested offering, or to the best alternative slot
 * with a different professional.
 */
async function replan(
  trx: Trx,
  tenantId: string,
  attemptId: string,
  label: 'other_offering' | 'other_staff',
  quote: string,
  at: Date,
): Promise<string> {
  const attempt = await trx
    .selectFrom('attempts')
    .select([
      'customer_id',
      'offering_id',
      'staff_id',
      'suggested_offerings',
      'suggested_slot',
      'slot_options',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', attemptId)
    .executeTakeFirst();
  if (!attempt) return 'attempt not found';
  const preference =
    label === 'other_staff'
      ? {
          avoidStaffId: attempt.suggested_slot?.staffId ?? attempt.staff_id,
          said: quote,
          at: at.toISOString(),
        }
      : {
          avoidOfferingId: attempt.suggested_offerings[0]?.id ?? attempt.offering_id,
          said: quote,
          at: at.toISOString(),
        };
  await mergeCustomerAttributes(trx, tenantId, attempt.customer_id, {
    replyPreferences: { [label === 'other_staff' ? 'staff' : 'offering']: preference },
  });
  if (label === 'other_staff') {
    const current = attempt.suggested_slot?.staffId ?? attempt.staff_id;
    const next: AttemptSlot | undefined = attempt.slot_options.find((s) => s.staffId !== current);
    await amendAttempt(
      trx,
      tenantId,
      attemptId,
      next ? { suggested_slot: JSON.stringify(next), staff_id: next.staffId } : {},
      {
        actor: ACTOR,
        note: next
          ? `the customer asked for another professional (${quote}); suggesting ${next.staffName ?? 'another'} at ${next.start}`
          : `the customer asked for another professional (${quote}); no slot with someone else was found`,
      },
    );
    return next
      ? `suggestion moved to ${next.staffName ?? next.staffId}`
      : 'no slot with another professional';
  }
  const [first, ...rest] = attempt.suggested_offerings;
  await amendAttempt(trx, tenantId, attemptId, first ? { suggested_offerings: JSON.stringify(rest) } : {}, {
    actor: ACTOR,
    note: `the customer asked for something other than ${first?.name ?? 'the suggestion'}: ${quote}`,
  });
  return rest[0]
    ? `suggestion moved to ${rest[0].name}`
    : 'no other offering suggested; the operator decides';
}

async function updateDialog(
  deps: ListenDeps,
  tenantId: string,
  phone: string | undefined,
  context: DialogContext | null,
  classification: ReplyClassification,
  event: InboundMessageEvent,
  settings: ListeningSettings,
): Promise<void> {
  if (!phone) return;
  if (classification.label === 'opt_out' || classification.label === 'negative') {
    await deps.dialog.clear(tenantId, phone).catch((error: unknown) => {
      deps.logger?.warn({ err: error, tenantId }, 'could not clear the dialog context');
    });
    return;
  }
  if (!context) return;
  await deps.dialog.write(
    {
      ...context,
      lastReply: {
        text: event.text.slice(0, 1000),
        label: classification.label,
        confidence: classification.confidence,
        ...(classification.date ? { date: classification.date } : {}),
        at: event.at,
      },
      updatedAt: new Date().toISOString(),
    },
    Math.round(settings.dialogTtlHours * 3600),
  );
}

async function confirmOptOut(
  deps: ListenDeps,
  tenantId: string,
  event: InboundMessageEvent,
  customerId: string | null,
  classification: ReplyClassification,
  settings: ListeningSettings,
): Promise<string | undefined> {
  if (!settings.optOutConfirmation[event.channel]) return undefined;
  const text = CONFIRMATION[classification.language ?? 'en'] ?? CONFIRMATION.en!;
  try {
    const { message } = await enqueueMessage(deps.db, tenantId, {
      channel: event.channel,
      kind: 'opt_out_confirmation',
      ...(event.channel === 'chatwoot' && event.conversationId
        ? { to: `conversation:${event.conversationId}` }
        : customerId
          ? { customerId }
          : { to: event.from }),
      text,
      idempotencyKey: `opt-out-confirmation:${customerId ?? event.from}`,
      actor: ACTOR,
    });
    return message.id;
  } catch (error) {
    // No sender for the channel, for instance: the opt-out itself stands.
    deps.logger?.warn({ err: error, tenantId }, 'opt-out confirmation not queued');
    return undefined;
  }
}

async function notifyOperator(
  deps: ListenDeps,
  tenantId: string,
  eventKey: string,
  event: InboundMessageEvent,
  name: string | null,
  outcome: ReplyOutcome,
  settings: ListeningSettings,
): Promise<void> {
  const notify = settings.notify;
  if (!notify) return;
  const who = name ? `${name} (${event.from})` : event.from;
  const date = outcome.classification.date ? ` (${outcome.classification.date})` : '';
  const text =
    `Rekindle: ${who} answered "${event.text.slice(0, 300)}" — ${outcome.classification.label}${date}. ` +
    `${outcome.note}.${outcome.attemptId ? ` Attempt ${outcome.attemptId}.` : ''}`;
  try {
    await enqueueMessage(deps.db, tenantId, {
      channel: notify.channel,
      kind: 'direct',
      to: notify.recipient,
      text,
      idempotencyKey: `reply-notify:${eventKey}`,
      actor: ACTOR,
    });
  } catch (error) {
    deps.logger?.warn({ err: error, tenantId }, 'operator notification not queued');
  }
}
