import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type CustomerSlotSuggestion, suggestSlots } from '../../app/slots/index.ts';
import { errorResponseSchema, idParamsSchema } from '../../contracts/common.ts';
import { type SlotsResponse, slotsQuerySchema, slotsResponseSchema } from '../../contracts/slots.ts';
import type { RouteDeps } from './deps.ts';

/** Times to offer a customer (seed 004's slot finder). */
export function slotRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/slots',
      {
        schema: {
          tags: ['slots'],
          summary:
            'Two or three free times to offer the customer, from staff working hours and bookings, ranked 60% ' +
            'favourite staff / 40% preferred time of day and weekday, spread over different days, each with reasons',
          params: idParamsSchema,
          querystring: slotsQuerySchema,
          response: { 200: slotsResponseSchema, 400: errorResponseSchema, 404: errorResponseSchema },
        },
      },
      async (request) => {
        const { offeringId, from, days, count } = request.query;
        const suggestion = await suggestSlots(db, request.tenantId, {
          customerId: request.params.id,
          ...(offeringId ? { offeringId } : {}),
          ...(from ? { from } : {}),
          days,
          count,
        });
        return toJson(suggestion);
      },
    );
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function toJson(suggestion: CustomerSlotSuggestion): SlotsResponse {
  const summary = suggestion.preferenceSummary;
  return {
    customerId: suggestion.customerId,
    slots: suggestion.slots.map((slot) => ({
      start: slot.start.toISOString(),
      end: slot.end.toISOString(),
      staffId: slot.staffId,
      staffName: slot.staffName,
      local: { date: slot.local.date, weekday: slot.local.weekday, time: hhmm(slot.local.minute) },
      score: round(slot.score),
      staffScore: round(slot.staffScore),
      timeScore: round(slot.timeScore),
      reasons: [...slot.reasons],
    })),
    preferences: {
      visitCount: summary.visitCount,
      staff: { ...summary.staff, confidence: round(summary.staff.confidence) },
      timeOfDay: { preferred: summary.timeOfDay.preferred, confidence: round(summary.timeOfDay.confidence) },
      weekdays: {
        preferred: [...summary.weekdays.preferred],
        confidence: round(summary.weekdays.confidence),
      },
      offering: { ...summary.offering, confidence: round(summary.offering.confidence) },
    },
    offering: suggestion.offering,
    durationMinutes: suggestion.durationMinutes,
    staff: { ids: [...suggestion.staff.ids], source: suggestion.staff.source },
    considered: suggestion.considered,
    window: { from: suggestion.window.from.toISOString(), to: suggestion.window.to.toISOString() },
  };
}
