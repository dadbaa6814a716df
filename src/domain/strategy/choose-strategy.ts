import type { ReactivationSettings } from '../settings/reactivation.ts';
import { bestMeasured, compareSentence, measured } from './effectiveness.ts';
import { escalationReason } from './escalation.ts';
import type { BehaviourFeatures } from './features.ts';
import { percent } from './format.ts';
import { failedInLapse } from './lapse.ts';
import { discountCeiling } from './offer.ts';
import type { ActingStrategy, DecisionInput, DecisionOffering } from './types.ts';

/**
 * An untried offering is worth suggesting from this popularity on (the caller's 0..1 measure, such
 * as the share of the tenant's customers who bought it): below a tenth it is a niche product, a
 * poor first try for someone who does not know it.
 */
export const MIN_POPULARITY = 0.1;

/** Two new things are a choice; more make the message a catalogue. */
export const MAX_NEW_OFFERINGS = 2;

export type StrategyRule =
  | 'escalation'
  | 'vip'
  | 'price_sensitive'
  | 'variety_seeker'
  | 'staff_relationship'
  | 'default'
  | 'fallback'
  | 'repeat'
  /** Picked by hand (decide's `strategy` option). */
  | 'operator';

/** A strategy that fits the customer, the rule that says so, and why. Locked fits are policy, not re-ranked. */
type Fit = { strategy: ActingStrategy; rule: StrategyRule; reason: string; locked?: boolean };

type Context = {
  input: DecisionInput;
  features: BehaviourFeatures;
  settings: ReactivationSettings;
  newOfferings: DecisionOffering[];
  /** Strategies LOST in this lapse. */
  failed: ReadonlySet<ActingStrategy | 'WAIT'>;
};

export type StrategyChoice = {
  readonly strategy: ActingStrategy;
  readonly rule: StrategyRule;
  /** Why this strategy, most important first. */
  readonly explanation: string[];
  /** Popular offerings the customer never bought, most popular first (PRODUCT_MIX suggests them). */
  readonly newOfferings: DecisionOffering[];
  readonly params: Record<string, unknown>;
};

/**
 * Seed 000's strategy selection. The customer's history says which strategies fit, in priority
 * order: escalation (policy) → VIP → price-sensitive → variety seeker → strong staff relationship;
 * with no such signal, any generic strategy fits, cheapest first (seed 000's costs: personal
 * contact low, product mix medium, incentive high). A strategy already LOST in this lapse is not
 * repeated while another fits; once the tenant has measured enough attempts, the fitting strategy
 * with the best win rate goes first, unless the choice is policy (escalation).
 */
export function chooseStrategy(
  input: DecisionInput,
  features: BehaviourFeatures,
  settings: ReactivationSettings,
): StrategyChoice {
  const failed = failedInLapse(input);
  const context: Context = { input, features, settings, newOfferings: popularUntried(input), failed };
  const signals = signalFits(context);
  const pool = signals.length > 0 ? signals : genericFits(context, 'default');
  const notes = noteSignalsUnused(context);
  let open = pool.filter((fit) => !failed.has(fit.strategy));
  if (open.length === 0) open = genericFits(context, 'fallback').filter((fit) => !failed.has(fit.strategy));
  const skipped = [...failed].filter((strategy) => pool.some((fit) => fit.strategy === strategy));
  const failedLine =
    skipped.length > 0 ? `${skipped.join(' and ')} already failed in this lapse, so not repeated.` : null;

  const first = open[0];
  if (!first) {
    const repeat = pool[0]!;
    return choice(context, { ...repeat, rule: 'repeat' }, [
      `Every strategy that fits already failed in this lapse; trying ${repeat.strategy} again.`,
      repeat.reason,
      ...notes,
    ]);
  }
  const ranked = first.locked ? null : rankByEffectiveness(open, context);
  const picked = ranked?.fit ?? first;
  const lines = ranked?.overrides
    ? [ranked.sentence, picked.reason, failedLine, ...notes]
    : [picked.reason, failedLine, ranked?.sentence ?? null, ...notes];
  return choice(context, picked, lines, ranked?.sentence ?? null);
}

function choice(
  context: Context,
  fit: Fit,
  lines: readonly (string | null)[],
  effectiveness: string | null = null,
): StrategyChoice {
  return {
    strategy: fit.strategy,
    rule: fit.rule,
    explanation: lines.filter((line): line is string => line !== null),
    newOfferings: context.newOfferings,
    params: {
      rule: fit.rule,
      escalated: fit.rule === 'escalation',
      failedInLapse: [...context.failed],
      ...(effectiveness ? { effectiveness } : {}),
    },
  };
}

function signalFits(context: Context): Fit[] {
  const { input, features, settings } = context;
  const staff = features.staffLoyalty;
  const bond = staff.strong && staff.available ? bondSentence(context) : null;
  const fits: Fit[] = [];
  const escalation = escalationReason(input, settings);
  if (escalation) {
    fits.push({
      strategy: 'PERSONAL_CONTACT',
      rule: 'escalation',
      reason: `Escalated to a personal contact: ${escalation}.`,
      locked: true,
    });
  }
  if (input.customer.vip) {
    fits.push(
      bond
        ? { strategy: 'PERSONAL_CONTACT', rule: 'vip', reason: `VIP with a strong bond: ${bond}.` }
        : {
            strategy: 'SPECIAL_CONDITION',
            rule: 'vip',
            reason: 'VIP: a special condition recognises their standing.',
          },
    );
  }
  const price = features.priceSensitivity;
  if (price.sensitive) {
    fits.push({
      strategy: 'INCENTIVE_DISCOUNT',
      rule: 'price_sensitive',
      reason: `Price-sensitive: ${price.discountedVisits} of ${price.pricedVisits} visits (${percent(price.share ?? 0)}) were paid below list price.`,
    });
  }
  const variety = features.varietySeeking;
  if (variety.seeker && context.newOfferings.length > 0) {
    fits.push({
      strategy: 'PRODUCT_MIX',
      rule: 'variety_seeker',
      reason: `Likes to try new things (${percent(variety.firstTryShare ?? 0)} of recent visits were a first try); ${names(context.newOfferings)} is popular here and new to them.`,
    });
  }
  if (bond) {
    fits.push({ strategy: 'PERSONAL_CONTACT', rule: 'staff_relationship', reason: `Strong bond: ${bond}.` });
  }
  return dedupe(fits);
}

/** Without a signal (or when every fitting one failed), cheapest first. */
function genericFits(context: Context, rule: 'default' | 'fallback'): Fit[] {
  const fits: Fit[] = [
    {
      strategy: 'PERSONAL_CONTACT',
      rule,
      reason:
        rule === 'default'
          ? 'No strong signal in their history: a personal reminder is the cheapest way back.'
          : 'A personal contact is the cheapest remaining way back.',
    },
  ];
  if (context.newOfferings.length > 0) {
    fits.push({
      strategy: 'PRODUCT_MIX',
      rule,
      reason: `Something new gives a reason to come back: ${names(context.newOfferings)} is popular here and new to them.`,
    });
  }
  const primary = context.input.primaryOffering ? [context.input.primaryOffering] : [];
  if (discountCeiling('INCENTIVE_DISCOUNT', primary, context.settings).maxDiscountPct > 0) {
    fits.push({ strategy: 'INCENTIVE_DISCOUNT', rule, reason: 'An incentive is the remaining lever.' });
  }
  return fits;
}

type Ranked = { fit: Fit; sentence: string; overrides: boolean };

function rankByEffectiveness(open: readonly Fit[], context: Context): Ranked | null {
  const first = open[0];
  if (!first) return null;
  const candidates = measured(
    open.map((fit) => fit.strategy),
    context.input.effectiveness,
    context.settings.effectiveness.minAttempts,
  );
  const best = bestMeasured(first.strategy, candidates);
  if (!best) return null;
  const fit = open.find((f) => f.strategy === best.strategy) ?? first;
  const sentence = compareSentence(best, candidates);
  return { fit, sentence, overrides: fit !== first };
}

/** Signals seen but not usable, worth telling the operator. */
function noteSignalsUnused(context: Context): string[] {
  const { features } = context;
  const notes: string[] = [];
  const staff = features.staffLoyalty;
  if (staff.strong && !staff.available) {
    notes.push(
      `Their favourite professional (${staff.favouriteVisits} of ${staff.staffedVisits} visits) no longer works here.`,
    );
  }
  if (features.varietySeeking.seeker && context.newOfferings.length === 0) {
    notes.push('Likes to try new things, but there is no popular offering they have not tried.');
  }
  return notes;
}

function bondSentence({ input, features }: Context): string {
  const staff = features.staffLoyalty;
  const name = input.staffNames.get(staff.favouriteStaffId ?? '') ?? 'one professional';
  return `${staff.favouriteVisits} of ${staff.staffedVisits} visits (${percent(staff.share ?? 0)}) with ${name}`;
}

function popularUntried(input: DecisionInput): DecisionOffering[] {
  return (
    input.otherOfferings
      .filter((offering) => offering.popularity >= MIN_POPULARITY)
      // Ties by id, not by name in some locale's collation: the same input decides the same everywhere.
      .toSorted((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, MAX_NEW_OFFERINGS)
      .map(({ id, name, price, margin }) => ({ id, name, price, margin }))
  );
}

function names(offerings: readonly DecisionOffering[]): string {
  return offerings.map((offering) => offering.name).join(' or ');
}

function dedupe(fits: readonly Fit[]): Fit[] {
  return fits.filter((fit, i) => fits.findIndex((other) => other.strategy === fit.strategy) === i);
}
