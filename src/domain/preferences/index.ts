/** Preferences: when a customer likes to come, with whom, for what, and how regularly. */
export {
  analysePreferences,
  type Preference,
  type PreferenceOptions,
  type Preferences,
  type PreferenceVisit,
  type Regularity,
} from './analyse-preferences.ts';
export {
  type LocalTime,
  localTime,
  TIMES_OF_DAY,
  type TimeOfDay,
  timeOfDay,
  WEEKDAYS,
  type Weekday,
} from './local-time.ts';
export { dominance, rankShares, type Share, sampleFactor } from './shares.ts';
