import { expect } from 'vitest';
import { generateDemoBusiness } from '../../src/app/demo/index.ts';
import type { Api } from './app.ts';

/** The demo salon's generated history, loaded through the batch API as a client would. */
export async function loadDemoThroughApi(
  api: Api,
  options: { customers: number; seed: number; now: Date },
): Promise<void> {
  const business = generateDemoBusiness(options);
  const batches: [string, object[]][] = [
    ['/v1/offerings/batch', business.offerings],
    ['/v1/staff/batch', business.staff],
    ['/v1/customers/batch', business.customers],
    ['/v1/activities/batch', business.activities],
    ['/v1/bookings/batch', business.bookings],
  ];
  for (const [path, items] of batches) {
    const response = await api('POST', path, { items });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().rejected, response.body).toBe(0);
  }
}
