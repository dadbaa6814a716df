import { TONES, type Tone } from '../../reactivation/attempt.ts';
import { MESSAGE_LOCALES, type MessageLocale } from '../locales.ts';
import { EN } from './en.ts';
import { ES } from './es.ts';
import { PT_BR } from './pt-br.ts';
import { RU } from './ru.ts';
import { FLAVOURS, type Flavour, type TemplateSet } from './types.ts';

export { FLAVOURS, type Flavour, type TemplateSet } from './types.ts';

export interface MessageTemplate {
  /** `pt-BR.offer.discount.2`: recorded as the message's source. */
  readonly id: string;
  readonly locale: MessageLocale;
  readonly tone: Tone;
  readonly flavour: Flavour;
  /** Mustache text; see TemplateSet for the tags. */
  readonly text: string;
}

const SETS: Readonly<Record<MessageLocale, TemplateSet>> = { 'pt-BR': PT_BR, ru: RU, en: EN, es: ES };

/** Every template, in a stable order (locale, tone, flavour, variant). */
export const MESSAGE_TEMPLATES: readonly MessageTemplate[] = MESSAGE_LOCALES.flatMap((locale) =>
  TONES.flatMap((tone) =>
    FLAVOURS.flatMap((flavour) =>
      SETS[locale][tone][flavour].map((text, index) => ({
        id: `${locale}.${tone}.${flavour}.${index + 1}`,
        locale,
        tone,
        flavour,
        text,
      })),
    ),
  ),
);

export function templatesFor(
  locale: MessageLocale,
  tone: Tone,
  flavour: Flavour,
): readonly MessageTemplate[] {
  return MESSAGE_TEMPLATES.filter((t) => t.locale === locale && t.tone === tone && t.flavour === flavour);
}

export function templateById(id: string): MessageTemplate | undefined {
  return MESSAGE_TEMPLATES.find((template) => template.id === id);
}
