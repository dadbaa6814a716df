import type { AttemptSlot } from '../../adapters/db/schema.ts';
import type { DialogContext, PendingAction } from './types.ts';

export interface EnrichedPromptOptions {
  /** The language to answer in when the context does not name the customer's (the tenant's locale). */
  language?: string;
  businessName?: string;
  /** For "sent 3 hours ago" and to notice a suggested time that has passed. */
  now?: Date;
  /** IANA zone for the times shown (the tenant's); default UTC. */
  timeZone?: string;
}

/**
 * Seed 003's `_buildEnrichedPrompt`: what a chat assistant must know before it answers a customer
 * who may be replying to a reactivation message — the message, what it suggested, the answer so
 * far and what to do about it. In English, for the assistant; it says which language to answer in.
 * Pure: the clock and the zone come in as options.
 */
export function enrichedPrompt(context: DialogContext, options: EnrichedPromptOptions = {}): string {
  const action = context.pendingAction;
  const business = options.businessName?.trim() || 'the business';
  const timeZone = options.timeZone ?? 'UTC';
  const locale = action?.locale ?? options.language;
  const sections = [
    `You are the chat assistant of ${business}. ${answerIn(locale)}`,
    action
      ? describeAction(action, business, timeZone, options.now)
      : 'There is no pending reactivation message for this customer: answer as you normally would.',
  ];
  if (context.lastReply) sections.push(describeReply(context.lastReply, action, timeZone));
  else if (action)
    sections.push(
      'They have not answered it before: read their next message as the answer. ' +
        'If they want to come back, help them book what was suggested; if they decline, thank them and do not insist; ' +
        'if they ask not to be contacted, confirm that they will get no more messages.',
    );
  if (action)
    sections.push(
      'Keep it short and warm, do not repeat the whole message, and never promise a price, discount or time ' +
        'that is not stated here or confirmed by the booking system.',
    );
  return sections.join('\n\n');
}

function describeAction(
  action: PendingAction,
  business: string,
  timeZone: string,
  now: Date | undefined,
): string {
  const who = action.customerName?.trim() || 'The customer';
  const sentAt = new Date(action.messageSentAt);
  const ago = now ? `, ${elapsed(now.getTime() - sentAt.getTime())} ago` : '';
  const away =
    action.daysInactive !== null ? `, after ${plural(action.daysInactive, 'day')} without coming back` : '';
  const lines = [
    `${who} is answering a reactivation message that ${business} sent over ${channelName(action.channel)} on ` +
      `${formatInstant(sentAt, timeZone)}${ago}${away}. The message said:`,
    quote(action.messageText),
  ];
  const suggested: string[] = [];
  if (action.suggestedOffering) suggested.push(`- Service: ${action.suggestedOffering.name}`);
  const staffName = action.suggestedStaff?.name ?? action.suggestedSlot?.staffName;
  if (staffName) suggested.push(`- Professional: ${staffName}`);
  if (action.suggestedSlot) {
    const passed = now && new Date(action.suggestedSlot.start).getTime() <= now.getTime();
    suggested.push(
      `- Time: ${formatSlot(action.suggestedSlot, timeZone)}` +
        (passed ? ' — this time has already passed: offer the nearest free times instead' : ''),
    );
  }
  if (action.offerPct !== null && action.offerPct > 0)
    suggested.push(`- Offer: ${action.offerPct}% off, which you must honour if they book`);
  lines.push(
    suggested.length > 0
      ? `It suggested:\n${suggested.join('\n')}`
      : 'It suggested no particular service, professional or time.',
  );
  return lines.join('\n');
}

function describeReply(
  reply: NonNullable<DialogContext['lastReply']>,
  action: PendingAction | null,
  timeZone: string,
): string {
  const at = formatInstant(new Date(reply.at), timeZone);
  const read = `read as ${reply.label.replaceAll('_', ' ')}${reply.date ? ` (${reply.date})` : ''}, confidence ${reply.confidence.toFixed(2)}`;
  return `Their answer, on ${at}:\n${quote(reply.text)}\nIt was ${read}. What to do: ${nextStep(reply, action)}`;
}

/** What the assistant should do after an answer with this label. */
function nextStep(reply: NonNullable<DialogContext['lastReply']>, action: PendingAction | null): string {
  const service = action?.suggestedOffering?.name;
  const staff = action?.suggestedStaff?.name ?? action?.suggestedSlot?.staffName ?? undefined;
  const what = service ? `the ${service}` : 'a visit';
  const withStaff = staff ? ` with ${staff}` : '';
  switch (reply.label) {
    case 'positive':
      return (
        `they want to come back. Help them book ${what}${withStaff}` +
        (action?.suggestedSlot ? ' at the suggested time' : '') +
        ': confirm the details and make the booking. If that time is taken or does not suit them, offer the nearest free times.'
      );
    case 'negative':
      return 'they declined. Thank them warmly, do not insist and do not offer it again.';
    case 'neutral':
      return `their answer is neither yes nor no. Answer any question they asked, then ask gently whether they would like to book ${what}.`;
    case 'opt_out':
      return 'they asked not to be contacted. Confirm briefly that they will receive no more messages; offer nothing.';
    case 'reschedule':
      return (
        `they want another time${reply.date ? ` (they mentioned ${reply.date})` : ''}. ` +
        `Ask which day and time suit them and offer other free times for ${what}${withStaff}.`
      );
    case 'other_offering':
      return 'they want a different service. Ask which one if they did not say, then help them book it.';
    case 'other_staff':
      return `they would rather see ${staff ? `someone other than ${staff}` : 'another professional'}. Offer another professional for ${what} and help them book.`;
    case 'away_until':
      return (
        `they are away${reply.date ? ` until ${reply.date}` : ' for now'}. Acknowledge it and do not push a booking now; ` +
        `offer to book ${what} for after they are back.`
      );
    default:
      return 'read their message as an answer to the one above and help them accordingly.';
  }
}

function answerIn(locale: string | null | undefined): string {
  if (!locale) return "Answer in the customer's language.";
  return `Answer in ${languageName(locale)} (${locale}), whatever language these instructions are in.`;
}

function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

const CHANNELS: Record<string, string> = {
  whatsapp: 'WhatsApp',
  email: 'e-mail',
  chatwoot: 'Chatwoot',
  sms: 'SMS',
};
const channelName = (channel: string) => CHANNELS[channel] ?? channel;

function formatInstant(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) return 'an unknown time';
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(instant);
  return `${date} at ${clock(instant, timeZone)} (${timeZone})`;
}

function formatSlot(slot: AttemptSlot, timeZone: string): string {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  if (Number.isNaN(end.getTime())) return formatInstant(start, timeZone);
  return `${formatInstant(start, timeZone).replace(` (${timeZone})`, '')}–${clock(end, timeZone)} (${timeZone}, local time)`;
}

function clock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

function elapsed(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(hours / 24), 'day');
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** The customer's or the business's words, set apart so they read as quoted text, not instructions. */
function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
