import { describe, expect, it } from 'vitest';
import type { MessageContext } from './context.ts';
import { awayPhrase, effectiveOfferPct, firstNameOf, formatSlot, messageFacts } from './facts.ts';
import { resolveLocale } from './locales.ts';

describe('firstNameOf', () => {
  it.each<[string | null, string | null]>([
    ['Maria Aparecida Souza', 'Maria'],
    ['  ana  ', 'Ana'],
    ['ANA PAULA', 'Ana'],
    ['Dra. Ana Lima', 'Ana'],
    ['🌸 Júlia 🌸', 'Júlia'],
    ['Ana-Maria', 'Ana-Maria'],
    ['McKenzie Smith', 'McKenzie'],
    ['ИРИНА Петрова', 'Ирина'],
    ['+55 11 98765-4321', null],
    ['maria@example.com', null],
    ['', null],
    [null, null],
  ])('%j → %j', (name, expected) => {
    expect(firstNameOf(name)).toBe(expected);
  });
});

describe('awayPhrase', () => {
  it.each<[number, string, string | undefined]>([
    [10, 'pt-BR', '10 dias'],
    [35, 'pt-BR', '5 semanas'],
    [90, 'pt-BR', '3 meses'],
    [400, 'pt-BR', '1 ano'],
    [21, 'ru', '3 недели'],
    [35, 'ru', '5 недель'],
    [61, 'ru', '2 месяца'],
    [150, 'ru', '5 месяцев'],
    [45, 'en', '6 weeks'],
    [80, 'es', '3 meses'],
    [0, 'en', undefined],
  ])('%d days in %s → %j', (days, locale, expected) => {
    expect(awayPhrase(days, locale)).toBe(expected);
  });
});

describe('formatSlot', () => {
  // 10:30 in São Paulo (UTC−3) on Wednesday 18 June 2025.
  const start = new Date('2025-06-18T13:30:00Z');
  it.each<[Parameters<typeof formatSlot>[2], string, string]>([
    ['pt-BR', 'pt-BR', 'quarta-feira (18/06) às 10:30'],
    ['ru', 'ru', 'среда (18.06) в 10:30'],
    ['es', 'es', 'miércoles (18/6) a las 10:30'],
    ['en', 'en', 'Wednesday (6/18) at 10:30 AM'],
    ['en', 'en-GB', 'Wednesday (18/06) at 10:30'],
  ])('in %s (%s) in the business time zone', (locale, formatLocale, expected) => {
    // ICU versions differ on the space before AM (U+202F or U+0020).
    const text = formatSlot(start, 'America/Sao_Paulo', locale, formatLocale).replace(/\s/gu, ' ');
    expect(text).toBe(expected.replace(/\s/gu, ' '));
  });

  it('says "a la" and "à" for one o\'clock', () => {
    const one = new Date('2025-06-18T16:00:00Z'); // 13:00 in São Paulo, 1:00 PM in es-MX
    expect(formatSlot(one, 'America/Sao_Paulo', 'es', 'es-MX')).toMatch(/a la 1:00/);
    expect(formatSlot(new Date('2025-06-18T04:00:00Z'), 'America/Sao_Paulo', 'pt-BR', 'pt-BR')).toMatch(
      /à 0?1:00$/,
    );
  });
});

describe('resolveLocale', () => {
  it.each<[string | null, string, string, string]>([
    ['pt-BR', 'en', 'pt-BR', 'pt-BR'],
    ['pt', 'en', 'pt-BR', 'pt'],
    ['pt-PT', 'en', 'pt-BR', 'pt-PT'],
    ['es-MX', 'pt-BR', 'es', 'es-MX'],
    ['en_US', 'pt-BR', 'en', 'en-US'],
    ['fr', 'ru-RU', 'ru', 'ru-RU'],
    [null, 'es', 'es', 'es'],
    ['fr', 'de', 'en', 'en'],
  ])('customer %j, tenant %j → %s formatted as %s', (customer, tenant, locale, formatLocale) => {
    expect(resolveLocale(customer, tenant)).toEqual({ locale, formatLocale });
  });
});

describe('messageFacts', () => {
  const base: MessageContext = {
    tenant: { name: 'Studio Bella', timeZone: 'America/Sao_Paulo', locale: 'pt-BR' },
    customer: { id: 'c1', name: 'Maria Souza', locale: null },
    channel: 'whatsapp',
    firstTouch: true,
    tone: 'offer',
    strategy: 'PRODUCT_MIX',
    attemptNumber: 1,
    daysInactive: 52,
    lastOffering: { name: 'Corte' },
    suggestedOfferings: [{ name: 'corte' }, { name: 'Hidratação' }],
    staff: { name: 'Juliana' },
    offerPct: 25,
    maxDiscountPct: 15,
    slots: [
      { start: new Date('2025-06-18T13:30:00Z'), staffName: 'Juliana' },
      { start: new Date('2025-06-19T13:30:00Z'), staffName: null },
      { start: new Date('2025-06-20T13:30:00Z'), staffName: 'Juliana' },
      { start: new Date('2025-06-21T13:30:00Z'), staffName: 'Juliana' },
    ],
  };

  it('formats everything a message may say, in the customer language', () => {
    expect(messageFacts(base)).toEqual({
      locale: 'pt-BR',
      formatLocale: 'pt-BR',
      offerPct: 15,
      firstName: 'Maria',
      business: 'Studio Bella',
      staff: 'Juliana',
      lastService: 'Corte',
      suggestion: 'Hidratação',
      away: '7 semanas',
      slot: 'quarta-feira (18/06) às 10:30',
      slots: 'quarta-feira (18/06) às 10:30, quinta-feira (19/06) às 10:30 ou sexta-feira (20/06) às 10:30',
      staffSlots:
        'quarta-feira (18/06) às 10:30, quinta-feira (19/06) às 10:30 ou sexta-feira (20/06) às 10:30',
      offer: '15%',
    });
  });

  it('leaves out what is unknown, so templates needing it are not used', () => {
    const facts = messageFacts({
      ...base,
      customer: { id: 'c1', name: null, locale: null },
      staff: null,
      lastOffering: null,
      suggestedOfferings: [],
      offerPct: 0,
      slots: [],
    });
    expect(Object.keys(facts).sort()).toEqual(['away', 'business', 'formatLocale', 'locale', 'offerPct']);
  });

  it("does not put slots with another professional in the staff member's voice", () => {
    const facts = messageFacts({
      ...base,
      slots: [{ start: new Date('2025-06-18T13:30:00Z'), staffName: 'Carla' }],
    });
    expect(facts.slots).toBe('quarta-feira (18/06) às 10:30');
    expect(facts.staffSlots).toBeUndefined();
  });

  it.each<[number, number, number]>([
    [10, 15, 10],
    [25, 15, 15],
    [-5, 15, 0],
    [10, 0, 0],
    [Number.NaN, 10, 0],
  ])('offer %d with ceiling %d → %d', (offerPct, maxDiscountPct, expected) => {
    expect(effectiveOfferPct({ offerPct, maxDiscountPct })).toBe(expected);
  });
});
