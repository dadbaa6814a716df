import type { Tone } from '../reactivation/attempt.ts';
import type { ReactivationSettings } from '../settings/reactivation.ts';

/**
 * Seed 003's message types by days since the last visit: gentle, then an offer, then a win-back.
 * The tone is how the message speaks; what it offers is the strategy's and the offer ladder's.
 */
export function toneFor(daysInactive: number, settings: ReactivationSettings): Tone {
  if (daysInactive >= settings.tone.winBackFromDays) return 'win_back';
  if (daysInactive >= settings.tone.offerFromDays) return 'offer';
  return 'gentle';
}
