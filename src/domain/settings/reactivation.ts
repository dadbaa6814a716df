import { z } from 'zod';
import { deepFreeze, type ParsedSettings, parseSettings } from './parse-settings.ts';

/**
 * How a tenant wins lapsed customers back: stored as `tenants.settings.reactivation`, every field
 * optional, missing ones filled from the defaults below. Unknown keys are rejected rather than
 * dropped, so a typo (`controlShr`) is reported instead of silently having no effect.
 *
 * Who may be contacted how often is not here: `detection.scan.maxAttemptsPerLapse` and
 * `detection.scan.minDaysBetweenAttempts` already govern that for the candidate scan, and the
 * decision takes them from there.
 */

const percent = z.number().finite().min(0).max(100);
const share = z.number().finite().min(0).max(1);
const count = (min: number) => z.number().int().min(min);

/** 24-hour local wall-clock time, `HH:MM`. */
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const dailyRunSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /**
     * In the tenant's own time zone. Seed 003's salon ran its campaign daily at 10:00: late
     * enough that the day's bookings are in, early enough that an approved suggestion still goes
     * out inside the day's send window.
     */
    localTime: z.string().regex(LOCAL_TIME, 'must be a 24-hour time HH:MM').default('10:00'),
    /**
     * Attempts one run may create. Seed 003 capped a day at 300 (three waves of 100) and judged
     * 200 customers (~20 minutes of writing and queueing) acceptable for a daily job; at the
     * default LLM budget of 15 requests/minute 200 messages take about 13 minutes, and 200
     * suggestions is already more than one person reviews in a morning.
     */
    limit: count(1).default(200),
  })
  .prefault({});

const discountCeilingSchema = z
  .strictObject({
    /**
     * Highest discount, in percent of the price, each strategy may offer. Seed 000 rates the
     * incentive strategies (INCENTIVE_DISCOUNT, SPECIAL_CONDITION) "high" cost, PRODUCT_MIX
     * "medium" and PERSONAL_CONTACT "low"; its inbox card caps a wholesale account at 5%, on
     * wholesale margins. Services keep far more (50–75% after commission and materials in the
     * demo salon's catalogue), so the defaults follow seed 000's order at service-business
     * levels: a VIP's special condition may go furthest (20%), a plain incentive to 15%, a new
     * offering is sold by its novelty and needs less (10%), and a personal contact is a
     * conversation with at most a small gesture (5%). WAIT never offers anything. The margin
     * floor below caps all of them on low-margin offerings.
     */
    INCENTIVE_DISCOUNT: percent.default(15),
    SPECIAL_CONDITION: percent.default(20),
    PRODUCT_MIX: percent.default(10),
    PERSONAL_CONTACT: percent.default(5),
  })
  .prefault({});

const escalationSchema = z
  .strictObject({
    /**
     * Value at risk (in the tenant's currency) from which a person calls instead of a message
     * going out. Unset by default: a sensible amount depends on the currency and the business
     * (seed 000's card shows R$ 320,000/year at risk for a distributor; a salon customer is worth
     * hundreds).
     */
    valueAtRiskAbove: z.number().finite().positive().optional(),
    /**
     * The share of the day's candidates with the highest value at risk that are escalated. 5% of
     * a 200-customer run is 10 calls a day, a workload one person handles beside the approval
     * inbox. 0 turns it off.
     */
    topShare: share.default(0.05),
  })
  .prefault({});

const policySchema = z
  .strictObject({
    /**
     * Days without any attempt after a customer said no (outcome DECLINED). Seed 003's three
     * waves spanned 90 days (30/60/90); a refusal skips a whole such cycle. Messaging someone who
     * just refused is what gets a WhatsApp number reported as spam.
     */
    declineCooldownDays: z.number().finite().min(0).default(90),
    discountCeilingPct: discountCeilingSchema,
    /**
     * The margin, in percent of the price, a discount must leave: the ceiling on an offering with
     * a known margin m is min(strategy ceiling, m·100 − floor). Seed 000's target for the margin
     * after a reactivation is "> 15%".
     */
    marginFloorPct: percent.default(15),
    /**
     * Offers are rounded down to multiples of this many percent, so messages say "10% off" rather
     * than "7% off" (and rounding down never crosses the ceiling). 1 gives whole percents.
     */
    offerStepPct: count(1).max(100).default(5),
    escalation: escalationSchema,
  })
  .prefault({});

const toneSchema = z
  .strictObject({
    /**
     * Message tone by days since the last visit (seed 003): gentle before 45 days, an offer from
     * 45, a win-back from 75. Seed 003 started its gentle wave at 30 days because it used days
     * alone to decide who is lapsed; Rekindle's lifecycle decides that (a fortnightly customer is
     * AT_RISK at ~21 days), so everybody below `offerFromDays` gets the gentle tone.
     */
    offerFromDays: z.number().finite().min(0).default(45),
    winBackFromDays: z.number().finite().min(0).default(75),
  })
  .prefault({})
  .check((ctx) => {
    const { offerFromDays, winBackFromDays } = ctx.value;
    if (winBackFromDays <= offerFromDays) {
      ctx.issues.push({
        code: 'custom',
        input: winBackFromDays,
        path: ['winBackFromDays'],
        message: `must be greater than offerFromDays (${offerFromDays})`,
      });
    }
  });

const effectivenessSchema = z
  .strictObject({
    /**
     * Closed attempts a strategy needs in this tenant before its measured win rate may change the
     * choice. At 30 attempts a 20% win rate is known to about ±14 points (95%: 1.96·√(0.2·0.8/30));
     * with fewer, the difference between two strategies is mostly noise.
     */
    minAttempts: count(1).default(30),
  })
  .prefault({});

export const reactivationSettingsSchema = z
  .strictObject({
    /** New rules suggest; only the tenant turns on automatic sending (DESIGN non-negotiable 7, seed 002). */
    mode: z.enum(['SUGGEST_ONLY', 'AUTO_SEND']).default('SUGGEST_ONLY'),
    dailyRun: dailyRunSchema,
    /**
     * A suggestion nobody approved lapses after this many hours. Seed 002's approval queue is
     * filled by a daily job for a person to review; 72 hours spans a weekend, and an older suggestion was decided on stale data
     * (the customer may have booked since) — the next daily run proposes a fresh one.
     */
    suggestionTtlHours: z.number().finite().positive().default(72),
    /**
     * Share of eligible candidates held out as control (issue 4: 10%), the baseline the lift is
     * measured against. At most half: beyond that the control group costs more revenue than the
     * measurement is worth.
     */
    controlShare: z.number().finite().min(0).max(0.5).default(0.1),
    policy: policySchema,
    tone: toneSchema,
    /**
     * Progressive offers (seed 004): the share of the strategy's ceiling offered on attempt 1, 2,
     * 3… of a lapse; the last entry holds for later attempts. By default the first touch offers
     * nothing (many customers come back on a reminder alone), the second half the ceiling, the
     * third all of it. Must not decrease.
     */
    progressiveOffers: z
      .array(share)
      .min(1)
      .max(10)
      .default([0, 0.5, 1])
      .check((ctx) => {
        ctx.value.forEach((value, i) => {
          const before = ctx.value[i - 1];
          if (before !== undefined && value < before) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: [i],
              message: `must not be below the previous attempt's share (${before})`,
            });
          }
        });
      }),
    effectiveness: effectivenessSchema,
    /**
     * WhatsApp delivers free text only within 24 hours of the customer's last message; a
     * reactivation message almost always falls outside, where only a template Meta approved may
     * go. Name one whose body takes the written message as parameters (e.g. body "{{1}}" with
     * params ["text"], or "Olá {{1}}! {{2}}" with ["firstName", "text"]). Unset: WhatsApp
     * reactivation messages are sent as text, which Meta refuses outside the window (the message
     * fails with code 131047 and says so).
     */
    whatsappTemplate: z
      .strictObject({
        name: z.string().min(1).max(512),
        /** Meta's language code for the template: pt_BR, en_US, es, ru… */
        language: z.string().min(2).max(20),
        params: z
          .array(z.enum(['firstName', 'name', 'text', 'business', 'link']))
          .min(1)
          .max(10),
      })
      .optional(),
    /**
     * The business's own page for coming back (a booking page, the course's club, a shop), added
     * by Rekindle to every reactivation message — never written by the model, which is told to
     * leave links out (a link it makes up sends the customer to a stranger). With PUBLIC_URL set
     * it goes out as a tracked short link (`/r/{code}`), so a click counts as a touch for the
     * attribution and marks a course's first access as `link_<channel>` (seed 002). It follows the
     * text after a space, or fills the WhatsApp template's `link` parameter when it has one.
     */
    link: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
      .max(2048)
      .optional(),
  })
  .prefault({});

export type ReactivationSettings = z.output<typeof reactivationSettingsSchema>;
export type ReactivationSettingsInput = z.input<typeof reactivationSettingsSchema>;
export type ReactivationMode = ReactivationSettings['mode'];

export type ParsedReactivationSettings = ParsedSettings<ReactivationSettings>;

/** Parses stored or submitted reactivation settings, filling defaults; every bad field reported with its path. */
export function parseReactivationSettings(input: unknown): ParsedReactivationSettings {
  return parseSettings(reactivationSettingsSchema, input);
}

export const DEFAULT_REACTIVATION_SETTINGS: ReactivationSettings = deepFreeze(
  reactivationSettingsSchema.parse(undefined),
);
