import { describe, expect, it } from 'vitest';
import { toPgArray } from './pg-array.ts';

describe('toPgArray', () => {
  it.each([
    [[], '{}'],
    [['a', 'b'], '{"a","b"}'],
    [[null, undefined, 'NULL'], '{NULL,NULL,"NULL"}'],
    [['say "hi"', 'back\\slash', 'a,b{c}'], '{"say \\"hi\\"","back\\\\slash","a,b{c}"}'],
    [[1, -2.5, 0], '{1,-2.5,0}'],
    [[true, false], '{t,f}'],
  ] as const)('%j → %s', (values, literal) => {
    expect(toPgArray(values)).toBe(literal);
  });

  it('refuses numbers PostgreSQL cannot read back', () => {
    expect(() => toPgArray([Number.NaN])).toThrow(/NaN/);
  });
});
