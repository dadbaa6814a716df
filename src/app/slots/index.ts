/**
 * Slot finder use cases: free times from an availability source (Rekindle's own staff hours and
 * bookings, or an outside booking system), ranked for one customer and spread into two or three
 * options; a suggester that answers a whole planning run from one read.
 */
export {
  type AvailabilityQuery,
  type AvailabilitySnapshot,
  type AvailabilitySource,
  DEFAULT_DURATION_MINUTES,
  databaseAvailability,
  loadAvailabilitySnapshot,
  snapshotAvailability,
} from './availability.ts';
export {
  type CustomerSlotSuggestion,
  createSlotSuggester,
  DEFAULT_DAYS,
  DEFAULT_LEAD_MINUTES,
  loadCustomerPreferences,
  MAX_COUNT,
  MAX_DAYS,
  type PreferenceSummary,
  type SlotSuggester,
  type SlotSuggesterOptions,
  type SlotSuggestion,
  type SuggestedOffering,
  type SuggestRequest,
  type SuggestSlotsRequest,
  suggestSlots,
  summarisePreferences,
} from './suggest-slots.ts';
