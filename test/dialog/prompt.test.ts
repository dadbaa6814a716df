import { describe, expect, it } from 'vitest';
import { enrichedPrompt } from '../../src/app/dialog/prompt.ts';
import type { DialogContext } from '../../src/app/dialog/types.ts';
import { dialogContext, pendingAction } from './helpers.ts';

const tenantId = '6f1c2b3a-1d2e-4f5a-8b6c-7d8e9f0a1b2c';
const phone = '+5511987654321';
const options = {
  businessName: 'Salão Bela',
  timeZone: 'America/Sao_Paulo',
  now: new Date('2025-11-12T16:00:00Z'),
};
const withReply = (label: string, date?: string): DialogContext =>
  dialogContext(tenantId, phone, {
    lastReply: {
      text: 'resposta',
      label,
      confidence: 0.9,
      at: '2025-11-12T15:30:00.000Z',
      ...(date ? { date } : {}),
    },
  });

describe('enrichedPrompt', () => {
  it('tells the assistant what the customer is answering: message, when, days away, service, staff, slot, offer', () => {
    const prompt = enrichedPrompt(dialogContext(tenantId, phone), options);
    expect(prompt).toContain('You are the chat assistant of Salão Bela.');
    expect(prompt).toContain('Answer in Brazilian Portuguese (pt-BR)');
    expect(prompt).toContain(
      'Mariana is answering a reactivation message that Salão Bela sent over WhatsApp on ' +
        'Wednesday, 12 November 2025 at 10:00 (America/Sao_Paulo), 3 hours ago, after 35 days without coming back.',
    );
    expect(prompt).toContain('> Oi Mariana! Sentimos sua falta.');
    expect(prompt).toContain('- Service: Corte feminino');
    expect(prompt).toContain('- Professional: Ana');
    expect(prompt).toContain(
      '- Time: Friday, 14 November 2025 at 15:00–16:00 (America/Sao_Paulo, local time)',
    );
    expect(prompt).toContain('- Offer: 10% off');
    expect(prompt).toContain('read their next message as the answer');
    expect(prompt).not.toContain('has already passed');
  });

  it('says so when the suggested time has passed', () => {
    const prompt = enrichedPrompt(dialogContext(tenantId, phone), {
      ...options,
      now: new Date('2025-11-20T12:00:00Z'),
    });
    expect(prompt).toContain('this time has already passed');
    expect(prompt).toContain(', 8 days ago,');
  });

  it.each([
    ['positive', undefined, 'Help them book the Corte feminino with Ana at the suggested time'],
    ['negative', undefined, 'do not insist'],
    ['neutral', undefined, 'ask gently whether they would like to book the Corte feminino'],
    ['opt_out', undefined, 'they will receive no more messages'],
    ['reschedule', '2025-11-20', 'they want another time (they mentioned 2025-11-20)'],
    ['other_offering', undefined, 'they want a different service'],
    ['other_staff', undefined, 'someone other than Ana. Offer another professional'],
    ['away_until', '2025-12-01', 'they are away until 2025-12-01'],
  ])('after a %s answer says what to do next', (label, date, next) => {
    const prompt = enrichedPrompt(withReply(label, date), options);
    expect(prompt).toContain('> resposta');
    expect(prompt).toContain(`It was read as ${label.replaceAll('_', ' ')}`);
    expect(prompt).toContain(next);
    expect(prompt).not.toContain('read their next message as the answer');
  });

  it('leaves out what the message did not suggest and uses the tenant language when the context has none', () => {
    const context = dialogContext(tenantId, phone, {
      pendingAction: pendingAction({
        customerName: null,
        suggestedOffering: null,
        suggestedStaff: null,
        suggestedSlot: null,
        offerPct: null,
        daysInactive: null,
        locale: null,
        channel: 'email',
      }),
    });
    const prompt = enrichedPrompt(context, { language: 'ru', timeZone: 'UTC' });
    expect(prompt).toContain('Answer in Russian (ru)');
    expect(prompt).toContain(
      'The customer is answering a reactivation message that the business sent over e-mail on',
    );
    expect(prompt).toContain('It suggested no particular service, professional or time.');
    expect(prompt).not.toMatch(/days without|Offer:| ago/);
  });

  it('without a pending action says there is none', () => {
    const prompt = enrichedPrompt(dialogContext(tenantId, phone, { pendingAction: null }), {});
    expect(prompt).toContain("Answer in the customer's language.");
    expect(prompt).toContain('There is no pending reactivation message');
  });
});
