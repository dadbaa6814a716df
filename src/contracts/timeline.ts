import { z } from 'zod';
import { activitySchema } from './activities.ts';
import { bookingSchema } from './bookings.ts';
import { isoDateTime, pageQuerySchema } from './common.ts';

/**
 * One entry of a customer's timeline: the record's own fields plus `type` and `at`, the instant it
 * is placed at. A new kind of entry (message, reply, attempt…) is one more member here and one
 * more source in src/app/timeline.ts.
 */
export const timelineItemSchema = z.discriminatedUnion('type', [
  activitySchema.extend({ type: z.literal('activity'), at: isoDateTime.describe('occurredAt') }),
  bookingSchema.extend({ type: z.literal('booking'), at: isoDateTime.describe('startsAt') }),
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export type TimelineItemType = TimelineItem['type'];

export const timelineQuerySchema = pageQuerySchema;
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;
