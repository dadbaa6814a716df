import { describe, expect, it } from 'vitest';
import { type CatalogEntry, planCatalogWrites } from './catalog-plan.ts';

interface Fields {
  price: number | null;
  active: boolean;
}
const defaults: Fields = { price: null, active: true };
const stored = (
  id: string,
  externalId: string | null,
  name: string,
  price: number | null = 10,
): CatalogEntry<Fields> => ({
  id,
  externalId,
  name,
  fields: { price, active: true },
});

describe('planCatalogWrites', () => {
  it('matches by external id first, then by name case-insensitively, and inserts the rest', () => {
    const plan = planCatalogWrites(
      [stored('1', 'cut', 'Haircut'), stored('2', null, 'Colour')],
      [
        { index: 0, externalId: 'cut', name: 'Haircut (short)', fields: { price: 12 } },
        { index: 1, externalId: 'col', name: 'COLOUR', fields: {} },
        { index: 2, externalId: null, name: 'Beard', fields: { price: 5 } },
      ],
      defaults,
      'offering',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.updates).toEqual([
      { id: '1', index: 0, externalId: 'cut', name: 'Haircut (short)', fields: { price: 12, active: true } },
      { id: '2', index: 1, externalId: 'col', name: 'COLOUR', fields: { price: 10, active: true } },
    ]);
    expect(plan.inserts).toEqual([
      { id: undefined, index: 2, externalId: null, name: 'Beard', fields: { price: 5, active: true } },
    ]);
  });

  it('rejects a row whose name belongs to another entry, now or before the batch', () => {
    const plan = planCatalogWrites(
      [stored('1', 'a', 'Alpha'), stored('2', 'b', 'Beta')],
      [
        { index: 0, externalId: 'a', name: 'beta', fields: {} },
        { index: 1, externalId: 'c', name: 'Alpha', fields: {} },
        { index: 2, externalId: 'b', name: 'Gamma', fields: {} },
        { index: 3, externalId: 'a', name: 'Beta', fields: {} },
      ],
      defaults,
      'offering',
    );
    expect(plan.errors).toEqual([
      { index: 0, message: 'name: "beta" already belongs to another offering' },
      { index: 1, message: 'name: "Alpha" already belongs to the offering with external id "a"' },
      // "Beta" was freed by row 2, but swapping names inside one batch is refused
      { index: 3, message: 'name: "Beta" already belongs to another offering' },
    ]);
    expect(plan.updates.map((u) => [u.id, u.name])).toEqual([['2', 'Gamma']]);
  });

  it('lets each entry be written once per batch', () => {
    const plan = planCatalogWrites(
      [],
      [
        { index: 0, externalId: null, name: 'Massage', fields: {} },
        { index: 1, externalId: null, name: 'massage', fields: { price: 3 } },
        { index: 2, externalId: 'm', name: 'Massage', fields: {} },
      ],
      defaults,
      'offering',
    );
    expect(plan.inserts).toHaveLength(1);
    expect(plan.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(plan.errors[0]?.message).toBe(
      'repeats the offering of row 0 in this batch; only the first is applied',
    );
  });
});
