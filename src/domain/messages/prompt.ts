import type { Strategy, Tone } from '../reactivation/attempt.ts';
import type { MessageContext } from './context.ts';
import { type MessageFacts, messageFacts } from './facts.ts';
import { type MessageChannel, messageLimit } from './limits.ts';
import { LANGUAGE_NAMES } from './locales.ts';

export interface PromptMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface Prompt {
  /** Changes whenever the instructions change, so outcomes can be compared per prompt version. */
  readonly version: string;
  readonly messages: readonly PromptMessage[];
  /** The length limit the text is checked against. */
  readonly maxLength: number;
  /** A cap on the reply's tokens (see maxTokensFor). */
  readonly maxTokens: number;
}

export const PROMPT_VERSION = 'reactivation-v1';

/**
 * Room for the reply: a token is at least about two characters in these four languages (Russian
 * is the densest), plus headroom for models that think before answering (Gemini 2.5 counts
 * thinking tokens against the same cap). Only a cap: checkMessage enforces the length.
 */
export function maxTokensFor(maxLength: number): number {
  return Math.ceil(maxLength / 2) + 300;
}

const CHANNEL_NAMES: Readonly<Record<MessageChannel, string>> = {
  whatsapp: 'WhatsApp',
  email: 'e-mail',
  chatwoot: 'chat',
  sms: 'SMS',
  webhook: 'chat',
  log: 'WhatsApp',
};

const TONE_GUIDE: Readonly<Record<Tone, string>> = {
  gentle: 'A friendly reminder from a business that remembers them. No pressure, no guilt.',
  offer: 'A warm invitation with a concrete reason to book now.',
  win_back:
    'It has been a long time. Say they are missed and would be welcome back, without guilt or pressure.',
};

function strategyGuide(strategy: Strategy, facts: MessageFacts): string {
  switch (strategy) {
    case 'PERSONAL_CONTACT':
      return facts.staff
        ? `Write in the first person as ${facts.staff}, the professional who looked after this customer: personal, not a business announcement.`
        : 'Write personally, as a person from the business, not as an announcement.';
    case 'PRODUCT_MIX':
      return facts.suggestion
        ? `Suggest trying ${facts.suggestion}, which the customer has not had yet${facts.lastService ? `, alongside their usual ${facts.lastService}` : ''}.`
        : 'Invite them to come back for what they usually have.';
    case 'INCENTIVE_DISCOUNT':
      return facts.offer
        ? `Give them a reason to come back now: ${facts.offerPct}% off their next visit.`
        : 'Invite them to come back; there is no discount.';
    case 'SPECIAL_CONDITION':
      return facts.offer
        ? `Present ${facts.offerPct}% off as a special condition reserved for this customer.`
        : 'Invite them to come back; there is no special condition.';
    case 'WAIT':
      return 'A light check-in, no offer.';
  }
}

function offerRule(facts: MessageFacts): string {
  if (facts.offerPct > 0) {
    return `The only offer is ${facts.offerPct}% off. Never mention any other percentage, never more than ${facts.offerPct}%, nothing free, no gifts.`;
  }
  return 'Offer nothing: no discount, no percentage, nothing free, no gifts.';
}

/**
 * The chat messages for a model to write one reactivation text. The model sees only what the
 * text may say: the customer's first name (never the surname, phone, e-mail or id), the business,
 * services, staff, time away, the slots already formatted in the customer's language and the
 * business's time zone, and the offer. Facts go in the user message, rules in the system one, so
 * a business or service name cannot pass itself off as an instruction.
 */
export function buildPrompt(context: MessageContext, facts: MessageFacts = messageFacts(context)): Prompt {
  const maxLength = messageLimit(context.channel, context.firstTouch);
  const language = LANGUAGE_NAMES[facts.locale];
  const rules = [
    `Write in ${language} (${facts.locale}).`,
    `At most ${maxLength} characters in total${context.firstTouch ? '; shorter is better' : ''}.`,
    'Plain text: no Markdown, no links, no hashtags, at most one emoji.',
    'Use the real names and times given; never placeholders such as [name], {name}, <date> or XX%.',
    offerRule(facts),
    'Never invent prices, dates, times, phone numbers, addresses or links.',
    facts.firstName
      ? 'Greet the customer by first name.'
      : "The customer's name is unknown: greet without a name.",
    context.firstTouch
      ? `This is the first message in a while: make clear it comes from ${facts.business ?? 'the business'}.`
      : 'The conversation is already open: no introduction needed.',
    'End with one simple question that invites a reply, such as whether to book.',
    'Reply with the message text only: no quotes, no explanations, no alternatives.',
  ];
  const system = [
    `You write one short ${CHANNEL_NAMES[context.channel]} message from a business to a customer who has not come back for a while.`,
    '',
    'Rules:',
    ...rules.map((rule) => `- ${rule}`),
    '',
    `Tone: ${TONE_GUIDE[context.tone]}`,
    ...(context.tenant.tone?.trim() ? [`The business's own voice: ${context.tenant.tone.trim()}.`] : []),
    `Approach: ${strategyGuide(context.strategy, facts)}`,
  ].join('\n');

  const factLines: [string, string | undefined][] = [
    ['Customer first name', facts.firstName ?? 'unknown'],
    ['Business', facts.business],
    ['Time since last visit', facts.away],
    ['Last service', facts.lastService],
    ['Their usual professional', facts.staff],
    ['Suggested service to try', context.strategy === 'PRODUCT_MIX' ? facts.suggestion : undefined],
    ['Times to offer (write them exactly like this)', facts.slots],
    ['Offer', facts.offer ? `${facts.offer} off` : 'none'],
    [
      'Attempt',
      context.attemptNumber > 1
        ? `${context.attemptNumber} (earlier messages got no answer; do not mention them)`
        : undefined,
    ],
  ];
  const user = factLines
    .filter((line): line is [string, string] => line[1] !== undefined)
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');

  return {
    version: PROMPT_VERSION,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    maxLength,
    maxTokens: maxTokensFor(maxLength),
  };
}
