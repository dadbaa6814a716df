import { describe, expect, it } from 'vitest';
import type { MessageContext } from './context.ts';
import { buildPrompt, maxTokensFor, PROMPT_VERSION } from './prompt.ts';

const context: MessageContext = {
  tenant: {
    name: 'Studio Bella',
    timeZone: 'America/Sao_Paulo',
    locale: 'pt-BR',
    tone: 'warm, informal, uses "você"',
  },
  customer: { id: 'cust-secret-id-77', name: 'Maria Aparecida Souza', locale: 'pt-BR' },
  channel: 'whatsapp',
  firstTouch: true,
  tone: 'offer',
  strategy: 'INCENTIVE_DISCOUNT',
  attemptNumber: 2,
  daysInactive: 52,
  lastOffering: { name: 'Corte feminino' },
  suggestedOfferings: [{ name: 'Hidratação' }],
  staff: { name: 'Juliana' },
  offerPct: 10,
  maxDiscountPct: 20,
  slots: [
    { start: new Date('2025-06-18T13:30:00Z'), staffName: 'Juliana' },
    { start: new Date('2025-06-19T18:00:00Z'), staffName: 'Juliana' },
  ],
};

describe('buildPrompt', () => {
  const prompt = buildPrompt(context);
  const [system, user] = prompt.messages;

  it('is a system message of rules and a user message of facts', () => {
    expect(prompt.version).toBe(PROMPT_VERSION);
    expect(prompt.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(prompt.maxLength).toBe(250);
    expect(prompt.maxTokens).toBe(maxTokensFor(250));
  });

  it('states the language, the limit, plain text and no placeholders', () => {
    expect(system?.content).toContain('Write in Brazilian Portuguese (pt-BR).');
    expect(system?.content).toContain('At most 250 characters');
    expect(system?.content).toContain('no Markdown, no links');
    expect(system?.content).toContain('at most one emoji');
    expect(system?.content).toMatch(/never placeholders such as \[name\]/);
  });

  it('states the offer and forbids anything above it', () => {
    expect(system?.content).toContain('The only offer is 10% off');
    expect(system?.content).toContain('never more than 10%');
    expect(user?.content).toContain('Offer: 10% off');
  });

  it("carries the tenant's tone, the message tone and the strategy", () => {
    expect(system?.content).toContain('warm, informal, uses "você"');
    expect(system?.content).toContain('concrete reason to book now');
    expect(system?.content).toContain('10% off their next visit');
  });

  it('gives the facts, with the slots formatted in the customer language and the business zone', () => {
    expect(user?.content).toBe(
      [
        'Customer first name: Maria',
        'Business: Studio Bella',
        'Time since last visit: 7 semanas',
        'Last service: Corte feminino',
        'Their usual professional: Juliana',
        'Times to offer (write them exactly like this): quarta-feira (18/06) às 10:30 ou quinta-feira (19/06) às 15:00',
        'Offer: 10% off',
        'Attempt: 2 (earlier messages got no answer; do not mention them)',
      ].join('\n'),
    );
  });

  it('never shows the model the customer id or surname', () => {
    const all = prompt.messages.map((m) => m.content).join('\n');
    expect(all).not.toContain('cust-secret-id-77');
    expect(all).not.toContain('Souza');
    expect(all).not.toContain('Aparecida');
  });

  it('forbids any offer when there is none, and greets without a name when it is unknown', () => {
    const none = buildPrompt({ ...context, offerPct: 0, customer: { id: 'c', name: null, locale: null } });
    expect(none.messages[0]?.content).toContain('Offer nothing: no discount');
    expect(none.messages[0]?.content).toContain('greet without a name');
    expect(none.messages[1]?.content).toContain('Offer: none');
    expect(none.messages[1]?.content).toContain('Customer first name: unknown');
  });

  it('speaks as the staff member for PERSONAL_CONTACT and names the new offering for PRODUCT_MIX', () => {
    expect(buildPrompt({ ...context, strategy: 'PERSONAL_CONTACT' }).messages[0]?.content).toContain(
      'in the first person as Juliana',
    );
    const mix = buildPrompt({ ...context, strategy: 'PRODUCT_MIX' });
    expect(mix.messages[0]?.content).toContain('Suggest trying Hidratação');
    expect(mix.messages[1]?.content).toContain('Suggested service to try: Hidratação');
  });

  it('uses the channel limit and the customer language', () => {
    const email = buildPrompt({
      ...context,
      channel: 'email',
      customer: { id: 'c', name: 'Olga', locale: 'ru' },
    });
    expect(email.maxLength).toBe(2000);
    expect(email.messages[0]?.content).toContain('Write in Russian (ru).');
    expect(email.messages[0]?.content).toContain('e-mail message');
    expect(email.messages[1]?.content).toContain('среда (18.06) в 10:30');
  });
});
