import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAPSED_STATES, LIFECYCLE_STATES } from '../lifecycle/states.ts';
import { ATTEMPT_STATUSES, CLOSED_STATUSES, OUTCOMES, STRATEGIES } from '../reactivation/attempt.ts';
import { parseReactivationSettings, type ReactivationSettings } from '../settings/reactivation.ts';
import { decide } from './decide.ts';
import type { DecisionInput, DecisionOffering } from './types.ts';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2025-06-15T12:00:00Z');
const at = (days: number) => new Date(NOW + days * DAY_MS);

// fast-check's doubles crowd at extremes (1e-300); realistic values come from integers, with some
// raw doubles mixed in for the floating-point edges.
const mostlyRound = (max: number, scale: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max }).map((n) => n / scale), weight: 4 },
    { arbitrary: fc.double({ min: 0, max: max / scale, noNaN: true }), weight: 1 },
  );
const money = mostlyRound(1000, 1);
const share = mostlyRound(100, 100);
const margin = fc.option(share);
const offeringIds = ['a', 'b', 'c', 'd', 'e'] as const;
const staffIds = ['s1', 's2', 's3'] as const;

const visit = fc.record({
  at: fc.integer({ min: -1500, max: 0 }).map(at),
  amount: money,
  listPrice: fc.option(money),
  offeringId: fc.option(fc.constantFrom(...offeringIds)),
  staffId: fc.option(fc.constantFrom(...staffIds)),
});

/**
 * Any input at all mostly waits (an open attempt, a booking, a NEW customer…); `actionable` inputs
 * are lapsed customers with only closed, undeclined attempts, so strategies and offers get
 * exercised as much as the waiting rules.
 */
const previousAttempt = (actionable: boolean) =>
  fc.record(
    {
      strategy: fc.constantFrom(...STRATEGIES),
      status: actionable ? fc.constantFrom(...CLOSED_STATUSES) : fc.constantFrom(...ATTEMPT_STATUSES),
      outcome: fc.option(
        fc.constantFrom(...OUTCOMES.filter((outcome) => !actionable || outcome !== 'DECLINED')),
      ),
      createdAt: fc.integer({ min: -800, max: 0 }).map(at),
      closedAt: fc.option(fc.integer({ min: -800, max: 0 }).map(at)),
      discountPct: fc.option(fc.integer({ min: 0, max: 50 })),
      control: fc.boolean(),
    },
    { requiredKeys: ['strategy', 'status', 'outcome', 'createdAt', 'closedAt', 'discountPct'] },
  );

const decisionInput = (actionable: boolean): fc.Arbitrary<DecisionInput> =>
  fc.record(
    {
      now: fc.constant(new Date(NOW)),
      customer: fc.record({
        id: fc.constant('customer'),
        vip: fc.boolean(),
        state: actionable ? fc.constantFrom(...LAPSED_STATES) : fc.constantFrom(...LIFECYCLE_STATES),
        daysInactive: fc.integer({ min: 0, max: 500 }),
        visitCount: fc.nat(100),
        valueAtRisk: fc.double({ min: 0, max: 100_000, noNaN: true }),
        valueIfRetained: fc.double({ min: 0, max: 100_000, noNaN: true }),
        pAlive: fc.option(share),
        nextBookingAt: actionable ? fc.constant(null) : fc.option(fc.integer({ min: -30, max: 60 }).map(at)),
        expectedIntervalDays: fc.integer({ min: 1, max: 400 }),
      }),
      visits: fc.array(visit, { maxLength: 40 }),
      primaryOffering: fc.option(
        fc.record({ id: fc.constant('a'), name: fc.constant('A'), price: fc.option(money), margin }),
      ),
      otherOfferings: fc.uniqueArray(
        fc.record({
          id: fc.constantFrom('x', 'y', 'z', 'w'),
          name: fc.constantFrom('X', 'Y', 'Z'),
          price: fc.option(money),
          margin,
          popularity: share,
        }),
        { selector: (offering) => offering.id, maxLength: 4 },
      ),
      staffNames: fc.subarray([...staffIds]).map((ids) => new Map(ids.map((id) => [id, id.toUpperCase()]))),
      previousAttempts: fc.array(previousAttempt(actionable), { maxLength: 8 }),
      attemptNumber: fc.integer({ min: 1, max: 6 }),
      valueAtRiskRank: fc.option(share),
      effectiveness: fc.dictionary(
        fc.constantFrom(...STRATEGIES),
        fc
          .integer({ min: 0, max: 200 })
          .chain((attempts) =>
            fc.record({ attempts: fc.constant(attempts), won: fc.integer({ min: 0, max: attempts }) }),
          ),
      ),
      lapseStartedAt: fc.option(fc.integer({ min: -400, max: 0 }).map(at)),
      attemptLimits: fc.record({
        maxAttemptsPerLapse: fc.integer({ min: 1, max: 5 }),
        minDaysBetweenAttempts: fc.integer({ min: 0, max: 60 }),
      }),
    },
    {
      requiredKeys: [
        'now',
        'customer',
        'visits',
        'primaryOffering',
        'otherOfferings',
        'staffNames',
        'previousAttempts',
        'attemptNumber',
        'valueAtRiskRank',
        'effectiveness',
        ...(actionable ? [] : (['attemptLimits'] as const)),
      ],
    },
  );
const anyInput = fc.oneof(decisionInput(false), decisionInput(true));

const ceilingPct = mostlyRound(40, 1);
const tenantSettings: fc.Arbitrary<ReactivationSettings> = fc
  .record({
    policy: fc.record({
      discountCeilingPct: fc.record({
        INCENTIVE_DISCOUNT: ceilingPct,
        SPECIAL_CONDITION: ceilingPct,
        PRODUCT_MIX: ceilingPct,
        PERSONAL_CONTACT: ceilingPct,
      }),
      marginFloorPct: mostlyRound(60, 1),
      offerStepPct: fc.integer({ min: 1, max: 20 }),
      declineCooldownDays: fc.integer({ min: 0, max: 365 }),
      escalation: fc.record({ topShare: share }),
    }),
    progressiveOffers: fc
      .array(share, { minLength: 1, maxLength: 5 })
      .map((shares) => shares.toSorted((a, b) => a - b)),
    effectiveness: fc.record({ minAttempts: fc.integer({ min: 1, max: 100 }) }),
  })
  .map((input) => {
    const parsed = parseReactivationSettings(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.settings;
  });

/** Mostly the rules' choice; sometimes an operator's pick, which must respect the same limits. */
const operatorPick = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom(...STRATEGIES), weight: 1 },
);

function offeringsById(input: DecisionInput): Map<string, DecisionOffering> {
  const all = [...(input.primaryOffering ? [input.primaryOffering] : []), ...input.otherOfferings];
  return new Map(all.map((offering) => [offering.id, offering]));
}

describe('decide, for any customer and any tenant settings', () => {
  it('offers within the ceiling, the strategy limit and the margin, and explains itself', () => {
    fc.assert(
      fc.property(anyInput, tenantSettings, operatorPick, (input, settings, strategy) => {
        const decision = decide(input, settings, strategy ? { strategy } : {});
        const strategyCeiling =
          decision.strategy === 'WAIT' ? 0 : settings.policy.discountCeilingPct[decision.strategy];

        expect(decision.offerPct).toBeGreaterThanOrEqual(0);
        expect(decision.offerPct).toBeLessThanOrEqual(decision.maxDiscountPct);
        expect(decision.maxDiscountPct).toBeLessThanOrEqual(strategyCeiling);
        expect(Number.isInteger(decision.maxDiscountPct)).toBe(true);
        expect(decision.offerPct % settings.policy.offerStepPct).toBe(0);

        const offerings = offeringsById(input);
        for (const id of decision.suggestedOfferingIds) {
          const known = offerings.get(id);
          expect(known).toBeDefined();
          if (known?.margin != null) {
            const allowance = Math.max(0, known.margin * 100 - settings.policy.marginFloorPct);
            expect(decision.maxDiscountPct).toBeLessThanOrEqual(allowance + 1e-6);
          }
        }

        expect(decision.action === 'wait').toBe(decision.strategy === 'WAIT');
        if (decision.action === 'attempt') expect(decision.waitUntil).toBeNull();
        if (decision.waitUntil) expect(decision.waitUntil.getTime()).toBeGreaterThan(NOW);

        expect(decision.explanation.length).toBeGreaterThan(0);
        for (const line of decision.explanation) expect(line.trim()).not.toBe('');

        const stored = { params: decision.params, features: decision.features };
        expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(stored);
      }),
      { numRuns: 2000 },
    );
  });

  it('never repeats a strategy lost in this lapse while another one fits', () => {
    fc.assert(
      fc.property(anyInput, tenantSettings, (input, settings) => {
        const decision = decide(input, settings);
        if (decision.action === 'wait' || decision.params.rule === 'repeat') return;
        expect(decision.params.failedInLapse).not.toContain(decision.strategy);
      }),
      { numRuns: 1000 },
    );
  });
});
