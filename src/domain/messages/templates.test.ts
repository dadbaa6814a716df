import { describe, expect, it } from 'vitest';
import { TONES } from '../reactivation/attempt.ts';
import { checkMessage } from './check-message.ts';
import type { MessageContext } from './context.ts';
import { messageFacts } from './facts.ts';
import { judgeLanguage } from './language.ts';
import { MESSAGE_LIMITS, textLength } from './limits.ts';
import { MESSAGE_LOCALES, type MessageLocale } from './locales.ts';
import { canRender, renderTemplate, tagsOf } from './render.ts';
import { FLAVOURS, MESSAGE_TEMPLATES, templatesFor } from './templates/index.ts';
import { variantSeed, writeFromTemplates } from './write-from-templates.ts';

const TAGS = [
  'firstName',
  'business',
  'staff',
  'lastService',
  'suggestion',
  'away',
  'slot',
  'slots',
  'staffSlots',
  'offer',
];

/** Realistically long values in every field: the worst a template meets in a real salon. */
function longContext(locale: MessageLocale, overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    tenant: { name: 'Espaço de Beleza Bella Vista Ipanema', timeZone: 'America/Sao_Paulo', locale },
    customer: { id: 'cust-42', name: 'Maria-Fernanda Albuquerque de Souza', locale },
    channel: 'whatsapp',
    firstTouch: true,
    tone: 'offer',
    strategy: 'INCENTIVE_DISCOUNT',
    attemptNumber: 1,
    daysInactive: 300,
    lastOffering: { name: 'Escova progressiva com hidratação' },
    suggestedOfferings: [{ name: 'Manicure e pedicure completas' }],
    staff: { name: 'Ana Carolina Ribeiro' },
    offerPct: 15,
    maxDiscountPct: 15,
    // Wednesday, Thursday and Saturday at 10:30 in São Paulo: the longest weekday names.
    slots: ['2025-06-18', '2025-06-19', '2025-06-21'].map((day) => ({
      start: new Date(`${day}T13:30:00Z`),
      staffName: 'Ana Carolina Ribeiro',
    })),
    ...overrides,
  };
}

describe('templates', () => {
  it.each(MESSAGE_LOCALES.flatMap((locale) => TONES.map((tone) => [locale, tone] as const)))(
    '%s %s has at least three general variants, one needing only the first name, and a plain one',
    (locale, tone) => {
      const general = templatesFor(locale, tone, 'general');
      expect(general.length).toBeGreaterThanOrEqual(3);
      expect(general.some((t) => tagsOf(t.text).every((tag) => tag === 'firstName'))).toBe(true);
      const plain = templatesFor(locale, tone, 'plain');
      expect(plain.length).toBeGreaterThanOrEqual(1);
      for (const template of plain) expect(tagsOf(template.text)).toEqual([]);
      for (const flavour of FLAVOURS)
        expect(templatesFor(locale, tone, flavour).length).toBeGreaterThanOrEqual(1);
    },
  );

  it('have unique, stable ids of the form locale.tone.flavour.n and only known tags', () => {
    const ids = MESSAGE_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const template of MESSAGE_TEMPLATES) {
      expect(template.id).toMatch(/^(pt-BR|ru|en|es)\.(gentle|offer|win_back)\.[a-z]+\.[1-9]\d*$/);
      for (const tag of tagsOf(template.text)) expect(TAGS).toContain(tag);
    }
    expect(MESSAGE_TEMPLATES.find((t) => t.id === 'pt-BR.offer.discount.2')?.text).toContain('{{offer}}');
  });

  it('state the offer in every discount and special-condition variant, and the staff in every personal one', () => {
    for (const template of MESSAGE_TEMPLATES) {
      const tags = tagsOf(template.text);
      if (template.flavour === 'discount' || template.flavour === 'condition')
        expect(tags).toContain('offer');
      if (template.flavour === 'personal') expect(tags).toContain('staff');
      if (template.flavour === 'mix') expect(tags).toContain('suggestion');
      if (template.flavour === 'general' || template.flavour === 'plain') expect(tags).not.toContain('offer');
    }
  });

  it.each(MESSAGE_LOCALES)(
    'every %s variant, with long names and three slots, fits a first WhatsApp touch and passes every check',
    (locale) => {
      const context = longContext(locale);
      const facts = messageFacts(context);
      const names = [
        facts.firstName,
        facts.business,
        facts.staff,
        facts.lastService,
        facts.suggestion,
      ] as string[];
      for (const template of MESSAGE_TEMPLATES.filter((t) => t.locale === locale)) {
        expect(canRender(template.text, facts)).toBe(true);
        const text = renderTemplate(template.text, facts);
        expect.soft(textLength(text), template.id).toBeLessThanOrEqual(MESSAGE_LIMITS.whatsapp.firstTouch);
        expect
          .soft(checkMessage(text, { maxLength: 250, maxDiscountPct: 15, names }), template.id)
          .toEqual([]);
        expect.soft(judgeLanguage(text, locale, names), template.id).toEqual({ kind: 'match' });
      }
    },
  );
});

describe('writeFromTemplates', () => {
  it('picks the same variant for the same customer and attempt', () => {
    const context = longContext('pt-BR');
    expect(writeFromTemplates(context)).toEqual(writeFromTemplates(context));
  });

  it('varies the words across customers and across attempts', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      ids.add(
        writeFromTemplates(
          longContext('en', { strategy: 'WAIT', customer: { id: `c${i}`, name: 'Ann', locale: 'en' } }),
        ).templateId,
      );
    }
    expect(ids.size).toBe(templatesFor('en', 'offer', 'general').length);
    const attempts = new Set(
      [1, 2, 3, 4, 5, 6].map((n) => writeFromTemplates(longContext('en', { attemptNumber: n })).templateId),
    );
    expect(attempts.size).toBeGreaterThan(1);
    expect(variantSeed('c1', 1)).not.toBe(variantSeed('c1', 2));
  });

  it.each<[string, Partial<MessageContext>, RegExp]>([
    ['the staff voice for PERSONAL_CONTACT', { strategy: 'PERSONAL_CONTACT' }, /^pt-BR\.offer\.personal\./],
    ['a new offering for PRODUCT_MIX', { strategy: 'PRODUCT_MIX' }, /^pt-BR\.offer\.mix\./],
    ['the offer for INCENTIVE_DISCOUNT', { strategy: 'INCENTIVE_DISCOUNT' }, /^pt-BR\.offer\.discount\./],
    [
      'a special condition for SPECIAL_CONDITION',
      { strategy: 'SPECIAL_CONDITION' },
      /^pt-BR\.offer\.condition\./,
    ],
    [
      'a general variant with no staff',
      { strategy: 'PERSONAL_CONTACT', staff: null },
      /^pt-BR\.offer\.general\./,
    ],
    [
      'a general variant with no offer',
      { strategy: 'INCENTIVE_DISCOUNT', offerPct: 0 },
      /^pt-BR\.offer\.general\./,
    ],
    [
      'the plain variant with no name',
      { strategy: 'WAIT', customer: { id: 'x', name: null, locale: null } },
      /^pt-BR\.offer\.plain\.1$/,
    ],
    ['the win-back tone', { tone: 'win_back', strategy: 'WAIT' }, /^pt-BR\.win_back\.general\./],
  ])('uses %s', (_, overrides, id) => {
    expect(writeFromTemplates(longContext('pt-BR', overrides)).templateId).toMatch(id);
  });

  it('skips a variant that a long or placeholder-like value would break, down to the plain one', () => {
    const context = longContext('ru', {
      strategy: 'WAIT',
      tenant: { name: '{{business}}', timeZone: 'Europe/Moscow', locale: 'ru' },
      customer: { id: 'c', name: `${'Александра'.repeat(30)}`, locale: 'ru' },
    });
    const written = writeFromTemplates(context);
    expect(written.templateId).toBe('ru.offer.plain.1');
    expect(written.text).not.toContain('{');
  });

  it('writes in the customer language, or the tenant one when the customer has none Rekindle writes', () => {
    expect(
      writeFromTemplates(longContext('pt-BR', { customer: { id: 'c', name: 'Ana', locale: 'es-MX' } }))
        .locale,
    ).toBe('es');
    expect(
      writeFromTemplates(longContext('ru', { customer: { id: 'c', name: 'Ana', locale: 'fr' } })).locale,
    ).toBe('ru');
  });
});
