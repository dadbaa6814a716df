import type { MessageContext } from '../../src/domain/messages/index.ts';

/** A lapsed salon customer in São Paulo, offered 10% (the ceiling) with two slots. */
export function salonContext(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    tenant: { name: 'Studio Bella', timeZone: 'America/Sao_Paulo', locale: 'pt-BR', tone: 'warm, informal' },
    customer: { id: 'cust-0001', name: 'Maria Aparecida Souza', locale: 'pt-BR' },
    channel: 'whatsapp',
    firstTouch: true,
    tone: 'offer',
    strategy: 'INCENTIVE_DISCOUNT',
    attemptNumber: 1,
    daysInactive: 52,
    lastOffering: { name: 'Corte feminino' },
    suggestedOfferings: [{ name: 'Hidratação' }],
    staff: { name: 'Juliana' },
    offerPct: 10,
    maxDiscountPct: 10,
    // Wednesday 18 June 2025, 10:30 and 15:00 in São Paulo (UTC−3).
    slots: [
      { start: new Date('2025-06-18T13:30:00Z'), staffName: 'Juliana' },
      { start: new Date('2025-06-18T18:00:00Z'), staffName: 'Juliana' },
    ],
    ...overrides,
  };
}
