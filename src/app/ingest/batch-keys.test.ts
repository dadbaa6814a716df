import { describe, expect, it } from 'vitest';
import { type ActivityKeyContent, activityKeyParts, bookingKeyParts, createBatchKeys } from './batch-keys.ts';

const visit: ActivityKeyContent = {
  customerExternalId: '42',
  occurredAt: new Date('2024-01-05T03:00:00Z'),
  offering: 'Haircut',
  staff: null,
  amount: 50,
  quantity: 1,
  status: 'completed',
  kind: 'visit',
};

describe('createBatchKeys', () => {
  it('numbers identical content in order and is deterministic across batches', () => {
    const first = createBatchKeys();
    const a1 = first.contentKey(activityKeyParts(visit));
    const a2 = first.contentKey(activityKeyParts(visit));
    const b1 = first.contentKey(activityKeyParts({ ...visit, amount: 51 }));
    expect(a1).toMatch(/^csv:[A-Za-z0-9_-]{12}:1$/);
    expect(a2).toBe(a1.replace(/:1$/, ':2'));
    expect(b1).toMatch(/:1$/);
    expect(b1).not.toBe(a1);

    const again = createBatchKeys();
    expect(
      [activityKeyParts(visit), activityKeyParts(visit), activityKeyParts({ ...visit, amount: 51 })].map(
        again.contentKey,
      ),
    ).toEqual([a1, a2, b1]);
  });

  it('treats every field of an activity as content', () => {
    const keys = createBatchKeys();
    const variants: ActivityKeyContent[] = [
      visit,
      { ...visit, customerExternalId: '43' },
      { ...visit, occurredAt: new Date('2024-01-05T03:00:01Z') },
      { ...visit, offering: 'Colour' },
      { ...visit, staff: 'Ana' },
      { ...visit, quantity: 2 },
      { ...visit, status: 'cancelled' },
      { ...visit, kind: 'order' },
    ];
    const seen = new Set(variants.map((v) => keys.contentKey(activityKeyParts(v))));
    expect(seen.size).toBe(variants.length);
  });

  it('identifies a booking by who, when, what and with whom', () => {
    const parts = bookingKeyParts({
      customerExternalId: '1',
      startsAt: new Date(0),
      offering: null,
      staff: 'Ana',
    });
    expect(parts).toEqual(['booking', '1', '1970-01-01T00:00:00.000Z', '', 'Ana']);
  });

  it('claims an external id once per batch', () => {
    const keys = createBatchKeys();
    expect(keys.claim('x')).toBe(true);
    expect(keys.claim('y')).toBe(true);
    expect(keys.claim('x')).toBe(false);
  });
});
