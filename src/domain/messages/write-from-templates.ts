import type { Strategy } from '../reactivation/attempt.ts';
import { checkMessage, type MessageRules } from './check-message.ts';
import type { MessageContext } from './context.ts';
import { type MessageFacts, messageFacts } from './facts.ts';
import { messageLimit } from './limits.ts';
import type { MessageLocale } from './locales.ts';
import { canRender, renderTemplate } from './render.ts';
import { type Flavour, type MessageTemplate, templatesFor } from './templates/index.ts';

/** Which templates speak for a strategy; `general` and then `plain` follow for every strategy. */
const FLAVOUR_OF: Readonly<Record<Strategy, Flavour | null>> = {
  PERSONAL_CONTACT: 'personal',
  PRODUCT_MIX: 'mix',
  INCENTIVE_DISCOUNT: 'discount',
  SPECIAL_CONDITION: 'condition',
  WAIT: null,
};

/**
 * 32-bit FNV-1a: a stable number from a string, the same in every process and release (unlike
 * a random pick), so a rerun of the daily plan writes the same words.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Customer and attempt decide the variant: reruns agree, customers and follow-ups differ. */
export function variantSeed(customerId: string, attemptNumber: number): number {
  return stableHash(`${customerId}:${attemptNumber}`);
}

/** The variants in the order they are tried: from the seed's pick onwards, wrapping around. */
function rotate<T>(items: readonly T[], seed: number): T[] {
  if (items.length === 0) return [];
  const start = seed % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** The rules every outgoing text is held to, for this context. */
export function rulesFor(context: MessageContext, facts: MessageFacts = messageFacts(context)): MessageRules {
  return {
    maxLength: messageLimit(context.channel, context.firstTouch),
    // What the attempt offers, not the ceiling: a text promising 15% when the attempt records
    // 10% would have the business honour an offer nobody decided on.
    maxDiscountPct: facts.offerPct,
    names: [
      facts.firstName,
      facts.business,
      facts.staff,
      facts.lastService,
      ...context.suggestedOfferings.map((o) => o.name),
      ...context.slots.map((s) => s.staffName),
    ].filter((name): name is string => typeof name === 'string' && name.trim() !== ''),
  };
}

export interface TemplateMessage {
  readonly text: string;
  readonly locale: MessageLocale;
  readonly templateId: string;
}

/**
 * The template text for a context: the strategy's variants first, then general ones, then the
 * plain one — each family starting at the variant the seed picks. A variant is skipped when a
 * value it needs is missing or when its rendering fails checkMessage (too long with a long name,
 * a name that looks like a placeholder…). The plain variants use no values at all and pass every
 * rule, so there is always a text; reaching the end is a bug in the templates and throws.
 */
export function writeFromTemplates(context: MessageContext): TemplateMessage {
  const facts = messageFacts(context);
  const rules = rulesFor(context, facts);
  const seed = variantSeed(context.customer.id, context.attemptNumber);
  const flavour = FLAVOUR_OF[context.strategy];
  const families: Flavour[] = flavour ? [flavour, 'general', 'plain'] : ['general', 'plain'];
  const candidates: MessageTemplate[] = families.flatMap((family) =>
    rotate(
      templatesFor(facts.locale, context.tone, family).filter((t) => canRender(t.text, facts)),
      seed,
    ),
  );
  for (const template of candidates) {
    const text = renderTemplate(template.text, facts);
    // Templates are written in their language, so only the model's texts get a language verdict.
    if (checkMessage(text, rules).length === 0) {
      return { text, locale: facts.locale, templateId: template.id };
    }
  }
  throw new Error(
    `no ${facts.locale} ${context.tone} template passes the checks for a ${context.channel} message ` +
      `(limit ${rules.maxLength}): the plain variants must always fit`,
  );
}
