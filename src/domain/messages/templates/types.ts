import type { Tone } from '../../reactivation/attempt.ts';

/**
 * What a template is written for. `personal`, `mix`, `discount` and `condition` follow the
 * strategy (staff voice, a new offering, the offer stated, the offer as a special condition);
 * `general` suits any strategy; `plain` needs no data at all and is the last resort.
 */
export const FLAVOURS = ['personal', 'mix', 'discount', 'condition', 'general', 'plain'] as const;
export type Flavour = (typeof FLAVOURS)[number];

/**
 * One language's templates: tone → flavour → variants. A variant's id is its position
 * (`pt-BR.offer.discount.2` is the second), and ids are recorded on every message, so variants
 * are only ever appended or edited in place, never reordered or removed.
 *
 * Tags: {{firstName}} {{business}} {{staff}} {{lastService}} {{suggestion}} {{away}} {{slot}}
 * {{slots}} {{staffSlots}} {{offer}} — see MessageFacts. A variant is only used when every tag it
 * has a value, so each one is written to stand without sections or conditionals.
 */
export type TemplateSet = Readonly<Record<Tone, Readonly<Record<Flavour, readonly string[]>>>>;
