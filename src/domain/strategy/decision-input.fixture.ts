import {
  parseReactivationSettings,
  type ReactivationSettings,
  type ReactivationSettingsInput,
} from '../settings/reactivation.ts';
import type { DecisionInput, DecisionVisit, PreviousAttempt } from './types.ts';

/** Test data for the decision: one ordinary lapsed customer, and ways to change them. */

export const NOW = new Date('2025-06-15T12:00:00Z');
const DAY_MS = 86_400_000;

export const daysAgo = (days: number, from: Date = NOW): Date => new Date(from.getTime() - days * DAY_MS);
export const daysAhead = (days: number, from: Date = NOW): Date => new Date(from.getTime() + days * DAY_MS);

export const STAFF = new Map([
  ['ana', 'Ana'],
  ['bia', 'Bia'],
  ['carla', 'Carla'],
]);

/**
 * `count` haircuts at list price, every 30 days, the last one 50 days ago, with the staff
 * rotating (no favourite); `change` adjusts visit i (0 = oldest).
 */
export function visits(
  count: number,
  change: (i: number) => Partial<DecisionVisit> = () => ({}),
  everyDays = 30,
): DecisionVisit[] {
  const rotation = ['ana', 'bia', 'carla'];
  return Array.from({ length: count }, (_, i) => ({
    at: daysAgo(50 + (count - 1 - i) * everyDays),
    amount: 120,
    listPrice: 120,
    offeringId: 'cut',
    staffId: rotation[i % 3]!,
    ...change(i),
  }));
}

export type InputChange = Omit<Partial<DecisionInput>, 'customer'> & {
  customer?: Partial<DecisionInput['customer']>;
};

/** An AT_RISK regular, 50 days away (tone "offer"), attempt 1, no signal in their history. */
export function input(change: InputChange = {}): DecisionInput {
  const { customer, ...rest } = change;
  return {
    now: NOW,
    customer: {
      id: 'customer-1',
      vip: false,
      state: 'AT_RISK',
      daysInactive: 50,
      visitCount: 6,
      valueAtRisk: 300,
      valueIfRetained: 900,
      pAlive: 0.6,
      nextBookingAt: null,
      expectedIntervalDays: 30,
      ...customer,
    },
    visits: visits(6),
    primaryOffering: { id: 'cut', name: 'Haircut', price: 120, margin: 0.6 },
    otherOfferings: [
      { id: 'colour', name: 'Colouring', price: 210, margin: 0.5, popularity: 0.4 },
      { id: 'massage', name: 'Massage', price: 180, margin: 0.55, popularity: 0.05 },
    ],
    staffNames: STAFF,
    previousAttempts: [],
    attemptNumber: 1,
    valueAtRiskRank: 0.5,
    effectiveness: {},
    ...rest,
  };
}

export function attempt(change: Partial<PreviousAttempt> = {}): PreviousAttempt {
  return {
    strategy: 'PERSONAL_CONTACT',
    status: 'LOST',
    outcome: 'NO_RESPONSE',
    createdAt: daysAgo(20),
    closedAt: daysAgo(10),
    discountPct: null,
    ...change,
  };
}

export function settings(change: ReactivationSettingsInput = {}): ReactivationSettings {
  const parsed = parseReactivationSettings(change);
  if (!parsed.ok) throw new Error(`bad test settings: ${JSON.stringify(parsed.issues)}`);
  return parsed.settings;
}

/** Six visits, every one with Ana. */
export const loyalToAna = (count = 6) => visits(count, () => ({ staffId: 'ana' }));
/** Six visits, three of them (every other) paid 15% below list price. */
export const discountHunter = () => visits(6, (i) => (i % 2 === 0 ? { amount: 102 } : {}));
/** Six visits trying something new every other visit. */
export const explorer = () => visits(6, (i) => ({ offeringId: i % 2 === 0 ? 'cut' : `new-${i}` }));
