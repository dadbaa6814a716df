import { describe, expect, it } from 'vitest';
import { expectedPurchases } from './bg-nbd.ts';
import { expectedCustomerValue } from './customer-value.ts';
import { expectedSpend } from './gamma-gamma.ts';

const purchases = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
const customer = { x: 2, tx: 30.43, T: 38.86, monetary: 22.35 };

describe('expectedCustomerValue', () => {
  it('is expected purchases × expected spend without discounting', () => {
    const result = expectedCustomerValue(purchases, spend, customer, { horizon: 39 });
    expect(result.expectedPurchases).toBeCloseTo(expectedPurchases(purchases, customer, 39), 12);
    expect(result.expectedSpend).toBeCloseTo(expectedSpend(spend, customer), 12);
    expect(result.value).toBeCloseTo(result.expectedPurchases * result.expectedSpend, 10);
  });

  it('discounts later purchases more, and tends to the undiscounted value as the rate goes to 0', () => {
    const undiscounted = expectedCustomerValue(purchases, spend, customer, { horizon: 52 }).value;
    const values = [0.01, 0.002, 1e-7].map(
      (discountRate) =>
        expectedCustomerValue(purchases, spend, customer, { horizon: 52, discountRate }).value,
    );
    expect(values).toEqual([...values].sort((p, q) => p - q));
    expect(values[0]).toBeLessThan(undiscounted);
    expect(values[2]).toBeCloseTo(undiscounted, 3);
  });

  it('discounts each step at its end, so finer steps value a little more', () => {
    const coarse = expectedCustomerValue(purchases, spend, customer, {
      horizon: 52,
      discountRate: 0.01,
      step: 13,
    });
    const fine = expectedCustomerValue(purchases, spend, customer, {
      horizon: 52,
      discountRate: 0.01,
      step: 0.5,
    });
    expect(fine.value).toBeGreaterThan(coarse.value);
    expect(fine.expectedPurchases).toBeCloseTo(coarse.expectedPurchases, 12);
  });

  it('handles a horizon that is not a whole number of steps', () => {
    const result = expectedCustomerValue(purchases, spend, customer, { horizon: 10.5, discountRate: 0.001 });
    expect(result.value).toBeLessThan(result.expectedPurchases * result.expectedSpend);
    expect(result.value).toBeGreaterThan(result.expectedPurchases * result.expectedSpend * 1.001 ** -10.5);
  });
});
