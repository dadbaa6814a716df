import type { DialogContext, PendingAction } from '../../src/app/dialog/types.ts';

/** TEST_REDIS_URL when set: the Redis tests run against it, else they are skipped. */
export const redisUrl = process.env.TEST_REDIS_URL;

/** Nothing listens on port 1: connecting is refused at once, as with a Redis that is down. */
export const downRedisUrl = 'redis://127.0.0.1:1';

export function pendingAction(overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    type: 'reactivation_response',
    campaign: 'daily_run',
    attemptId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    messageId: '9b2f1c7e-5a1d-4c0e-8f1a-2d3b4c5d6e7f',
    customerId: '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
    customerName: 'Mariana',
    suggestedOffering: { id: 'b1a2c3d4-e5f6-4789-8abc-def012345678', name: 'Corte feminino' },
    suggestedStaff: { id: 'c1a2c3d4-e5f6-4789-8abc-def012345678', name: 'Ana' },
    suggestedSlot: {
      start: '2025-11-14T18:00:00.000Z',
      end: '2025-11-14T19:00:00.000Z',
      staffId: 'c1a2c3d4-e5f6-4789-8abc-def012345678',
      staffName: 'Ana',
    },
    daysInactive: 35,
    offerPct: 10,
    messageText:
      'Oi Mariana! Sentimos sua falta. Que tal um corte com a Ana na sexta às 15h? Tem 10% de desconto.',
    messageSentAt: '2025-11-12T13:00:00.000Z',
    channel: 'whatsapp',
    locale: 'pt-BR',
    ...overrides,
  };
}

export function dialogContext(
  tenantId: string,
  phone: string,
  overrides: Partial<DialogContext> = {},
): DialogContext {
  return {
    tenantId,
    phone,
    pendingAction: pendingAction(),
    updatedAt: '2025-11-12T13:00:01.000Z',
    ...overrides,
  };
}
