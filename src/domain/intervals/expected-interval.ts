import type { DetectionSettings } from '../settings/detection.ts';
import { matchIndustryStandard } from './match-industry-standard.ts';
import { personalRhythm } from './personal-rhythm.ts';
import type { IndustryStandard } from './standard-types.ts';

export type IntervalSource = 'manual' | 'personal' | 'tenant_median' | 'industry' | 'default';

export type ExpectedIntervalInput = {
  /** A rule the tenant wrote for this offering ("remind after 21 days"). */
  readonly manualRule?: { readonly intervalDays: number; readonly note?: string } | null;
  /** Days between this customer's completed visits for this offering, chronological (`gapsInDays`). */
  readonly personalGaps: readonly number[];
  /** The median gap across the tenant's customers for this offering, and how many gaps it rests on. */
  readonly tenantMedian?: { readonly days: number; readonly samples: number } | null;
  readonly offeringName: string;
  /** The tenant's category for the offering, a hint for the industry match. */
  readonly category?: string | null;
};

export type IntervalStep = {
  readonly source: IntervalSource;
  readonly used: boolean;
  readonly reason: string;
};

export type ExpectedInterval = {
  readonly intervalDays: number;
  readonly source: IntervalSource;
  /** 0..1: manual 1; personal 0.6–0.95; tenant median 0.6–0.85; industry ≤ 0.85; default 0.3. */
  readonly confidence: number;
  /** Why this level answered and why each earlier one did not, in one paragraph. */
  readonly explanation: string;
  /** The same, level by level, for the dashboard. */
  readonly steps: readonly IntervalStep[];
  /** Set when the industry level answered. */
  readonly standard?: Pick<IndustryStandard, 'key' | 'name'>;
};

const MANUAL_CONFIDENCE = 1;
const DEFAULT_CONFIDENCE = 0.3;
// Tenant median: 0.6 at exactly the minimum sample count, approaching 0.85 as samples grow
// (0.8 at five times the minimum). Below a regular personal rhythm's best, since other customers'
// habits are a weaker guide to this one's.
const TENANT_CEILING = 0.85;
const TENANT_SPAN = 0.25;
// A keyword found only in the tenant's category, not the offering's name, is a weaker match.
const CATEGORY_ONLY_FACTOR = 0.8;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const positive = (n: number) => Number.isFinite(n) && n > 0;

/**
 * How many days this customer should take to come back for this offering: the first level of the
 * waterfall that can answer — manual rule → personal rhythm → tenant median (enough samples) →
 * industry standard (keyword match) → universal default. Never empty.
 */
export function expectedInterval(
  input: ExpectedIntervalInput,
  settings: DetectionSettings,
): ExpectedInterval {
  const steps: IntervalStep[] = [];
  const answer = (
    source: IntervalSource,
    intervalDays: number,
    confidence: number,
    reason: string,
    standard?: IndustryStandard,
  ): ExpectedInterval => {
    const skipped = steps.map((step) => step.reason);
    steps.push({ source, used: true, reason });
    const explanation =
      skipped.length === 0 ? `${reason}.` : `${reason}. Earlier levels skipped: ${skipped.join('; ')}.`;
    return {
      intervalDays,
      source,
      confidence,
      explanation,
      steps,
      ...(standard ? { standard: { key: standard.key, name: standard.name } } : {}),
    };
  };
  const skip = (source: IntervalSource, reason: string) => steps.push({ source, used: false, reason });

  const manual = input.manualRule;
  if (!manual) {
    skip('manual', 'no manual rule for this offering');
  } else if (!positive(manual.intervalDays)) {
    skip('manual', `manual rule ignored: ${manual.intervalDays} is not a positive number of days`);
  } else {
    const note = manual.note ? ` (${manual.note})` : '';
    return answer(
      'manual',
      manual.intervalDays,
      MANUAL_CONFIDENCE,
      `Manual rule: every ${fmt(manual.intervalDays)} days${note}`,
    );
  }

  const rhythm = personalRhythm(input.personalGaps, settings.personalRhythm);
  switch (rhythm.kind) {
    case 'rhythm':
      return answer(
        'personal',
        rhythm.intervalDays,
        rhythm.confidence,
        `Personal rhythm: every ${rhythm.intervalDays} days, the median of this customer's last ${rhythm.gapsUsed} gaps (variation ${rhythm.variation.toFixed(2)} ≤ ${settings.personalRhythm.maxVariation})`,
      );
    case 'too_few_visits':
      skip(
        'personal',
        `${rhythm.visits} visit(s) for this offering, a personal rhythm needs ${rhythm.needed}`,
      );
      break;
    case 'irregular':
      skip(
        'personal',
        `this customer's last ${rhythm.gapsUsed} gaps are too irregular for a rhythm (variation ${rhythm.variation.toFixed(2)} > ${rhythm.max})`,
      );
      break;
  }

  const tenant = input.tenantMedian;
  const minSamples = settings.tenantMedian.minSamples;
  if (!tenant) {
    skip('tenant_median', 'no tenant median for this offering');
  } else if (!positive(tenant.days)) {
    skip('tenant_median', `tenant median ignored: ${tenant.days} is not a positive number of days`);
  } else if (tenant.samples < minSamples) {
    skip(
      'tenant_median',
      `the tenant median (${fmt(tenant.days)} days) rests on ${tenant.samples} gap(s), fewer than the ${minSamples} required`,
    );
  } else {
    const days = Math.max(1, Math.round(tenant.days));
    const confidence = TENANT_CEILING - (TENANT_SPAN * minSamples) / Math.max(tenant.samples, minSamples, 1);
    return answer(
      'tenant_median',
      days,
      confidence,
      `Tenant median: every ${days} days, the median gap across ${tenant.samples} returns to this offering`,
    );
  }

  const match = matchIndustryStandard(input.offeringName, input.category);
  if (!match) {
    skip('industry', `no industry standard matches "${input.offeringName}"`);
  } else {
    const { standard } = match;
    const where = match.via === 'category' ? `its category "${input.category}"` : `"${input.offeringName}"`;
    const tie =
      match.tiedWith.length > 0 ? `, preferred to ${match.tiedWith.join(', ')} as the longer interval` : '';
    return answer(
      'industry',
      standard.intervalDays,
      standard.confidence * (match.via === 'category' ? CATEGORY_ONLY_FACTOR : 1),
      `Industry standard "${standard.name}": every ${standard.intervalDays} days (keyword "${match.keyword}" in ${where}${tie})`,
      standard,
    );
  }

  return answer(
    'default',
    settings.defaultIntervalDays,
    DEFAULT_CONFIDENCE,
    `Universal default: every ${fmt(settings.defaultIntervalDays)} days`,
  );
}
