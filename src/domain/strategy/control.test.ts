import { describe, expect, it } from 'vitest';
import { controlKey, isControl, uniformFromKey } from './control.ts';

const LAPSE = new Date('2025-03-01T14:30:00Z');
const keys = Array.from({ length: 10_000 }, (_, i) => controlKey('tenant-7f3a', `customer-${i}`, LAPSE));

describe('isControl', () => {
  it.each([0.1, 0.25])('holds out %s of 10,000 customers within ±2 points', (share) => {
    const held = keys.filter((key) => isControl(key, share)).length / keys.length;
    expect(Math.abs(held - share)).toBeLessThanOrEqual(0.02);
  });

  it('draws the same customers on every run', () => {
    const first = keys.map((key) => isControl(key, 0.1));
    const second = [...keys]
      .reverse()
      .map((key) => isControl(key, 0.1))
      .reverse();
    expect(second).toEqual(first);
    // Pinned: a change to the hash would silently reshuffle every open lapse's control group.
    expect(uniformFromKey('tenant-7f3a:customer-0:2025-03-01T14:30:00.000Z')).toBe(0.7850025608204305);
  });

  it('only adds customers as the share grows', () => {
    for (const key of keys.slice(0, 2000)) {
      if (isControl(key, 0.1)) expect(isControl(key, 0.25)).toBe(true);
    }
  });

  it('holds out nobody at 0 and everybody at 1', () => {
    expect(keys.some((key) => isControl(key, 0))).toBe(false);
    expect(keys.every((key) => isControl(key, 1))).toBe(true);
  });

  it('draws a new lapse afresh', () => {
    const later = keys.map((_, i) =>
      controlKey('tenant-7f3a', `customer-${i}`, new Date('2025-09-01T10:00:00Z')),
    );
    const agree = later.filter((key, i) => isControl(key, 0.5) === isControl(keys[i]!, 0.5)).length;
    expect(agree / keys.length).toBeGreaterThan(0.45);
    expect(agree / keys.length).toBeLessThan(0.55);
  });

  it('keys a lapse by tenant, customer and start', () => {
    expect(controlKey('t', 'c', LAPSE)).toBe('t:c:2025-03-01T14:30:00.000Z');
  });
});
