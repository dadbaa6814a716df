import { describe, expect, it } from 'vitest';
import { laneOf } from './processor.ts';

const row = (id: string, payload: object) => ({ id, payload });

describe('laneOf', () => {
  it("keeps one conversation's changes in one lane, so they apply in arrival order", () => {
    const created = row('1', { type: 'conversation', provider: 'chatwoot', conversationId: '26' });
    const labelled = row('2', {
      type: 'conversation',
      provider: 'chatwoot',
      conversationId: '26',
      labels: ['lead'],
    });
    const other = row('3', { type: 'conversation', provider: 'chatwoot', conversationId: '27' });
    expect(laneOf(created)).toBe(laneOf(labelled));
    expect(laneOf(other)).not.toBe(laneOf(created));
  });

  it("keeps one customer's messages and orders together, and lets unrelated events run apart", () => {
    const message = row('1', { type: 'message', from: '+5511987654321', text: 'oi' });
    const again = row('2', { type: 'message', from: '+5511987654321', text: 'pare' });
    expect(laneOf(message)).toBe(laneOf(again));
    const order = row('3', { type: 'order', customer: { externalId: 'c-1' } });
    const refund = row('4', { type: 'order', customer: { externalId: 'c-1' } });
    expect(laneOf(order)).toBe(laneOf(refund));
    expect(laneOf(row('5', { type: 'order' }))).not.toBe(laneOf(row('6', { type: 'order' })));
  });
});
