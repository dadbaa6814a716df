import { z } from 'zod';
import { MESSAGE_KINDS } from '../outreach/message.ts';
import { WEEKDAYS } from '../preferences/local-time.ts';
import { deepFreeze, type ParsedSettings, parseSettings } from './parse-settings.ts';

/**
 * When and how often a tenant's customers may be messaged: stored as `tenants.settings.outreach`,
 * every field optional, missing ones filled from the defaults below, unknown keys rejected. The
 * window is read on the tenant's own clock (`tenants.timezone`). Sender caps and warm-up belong
 * to each sender, not here.
 */

/** 24-hour local wall-clock time, `HH:MM`. */
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const localTime = z.string().regex(LOCAL_TIME, 'must be a 24-hour time HH:MM');

const windowSchema = z
  .strictObject({
    /**
     * Monday to Saturday. Seed 004's limit manager checks "the time and days of sending" without
     * giving them; Sunday is out because a business message on the one common day off is the one
     * most likely to be reported as spam, and the seeds' businesses (salons, clinics, a
     * distributor) open on Saturdays, when a reminder can still turn into a booking.
     */
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'allow at least one day')
      .default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])
      .check((ctx) => {
        if (new Set(ctx.value).size !== ctx.value.length) {
          ctx.issues.push({ code: 'custom', input: ctx.value, message: 'lists a day twice' });
        }
      }),
    /**
     * 09:00–20:00 local: business hours, with the evening when people read personal messages. Seed
     * 003's salon ran its campaign at 10:00 so that it went out in the morning; a window that
     * opens at nine lets a queue that built up overnight drain before that, and one that closes
     * at eight keeps a backlog from spilling into the late evening.
     */
    from: localTime.default('09:00'),
    /** `24:00` is the end of the day: a window open around the clock is 00:00–24:00. */
    until: z
      .string()
      .regex(
        /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
        'must be a 24-hour time HH:MM (24:00 for the end of the day)',
      )
      .default('20:00'),
  })
  .prefault({})
  .check((ctx) => {
    if (ctx.value.until <= ctx.value.from) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.until,
        path: ['until'],
        message: `must be after from (${ctx.value.from}); a window cannot cross midnight`,
      });
    }
  });

export const outreachSettingsSchema = z
  .strictObject({
    window: windowSchema,
    /**
     * Kinds of which a customer gets at most one a day (the tenant's local day; DESIGN
     * non-negotiable 3, seed 003's "already contacted today" check). A direct send is a person's
     * deliberate message and is left out by default.
     */
    onePerDayKinds: z
      .array(z.enum(MESSAGE_KINDS))
      .default(['reactivation', 'follow_up', 'campaign', 'onboarding']),
    /**
     * Where an e-mail's unsubscribe link points; `{messageId}` is replaced by the message's id.
     * Unset: e-mails carry no link (the e-mail channel then adds none).
     */
    unsubscribeUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .prefault({});

export type OutreachSettings = z.output<typeof outreachSettingsSchema>;
export type OutreachSettingsInput = z.input<typeof outreachSettingsSchema>;
export type ParsedOutreachSettings = ParsedSettings<OutreachSettings>;

/** Parses stored or submitted outreach settings, filling defaults; every bad field reported with its path. */
export function parseOutreachSettings(input: unknown): ParsedOutreachSettings {
  return parseSettings(outreachSettingsSchema, input);
}

export const DEFAULT_OUTREACH_SETTINGS: OutreachSettings = deepFreeze(
  outreachSettingsSchema.parse(undefined),
);
