import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AvailabilityQuery,
  createSlotSuggester,
  databaseAvailability,
  loadCustomerPreferences,
  suggestSlots,
} from '../../src/app/slots/index.ts';
import { createOfferLedger, type RankedSlot, type Slot } from '../../src/domain/slots/index.ts';
import { type Api, apiAs, createTestTenant, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createSlotsTestApp, testWeek } from './helpers.ts';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const week = testWeek();
const SATURDAY = 5;
const localTime = (slot: { start: string | Date }) =>
  new Date(new Date(slot.start).getTime() - 3 * 3_600_000).toISOString().slice(11, 16);

describe.each(backends)('slot finder on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tenant: TestTenant;
  let other: TestTenant;
  let api: Api;
  const ids = {} as Record<
    'corte' | 'coloracao' | 'manicure' | 'semDuracao' | 'shampoo' | 'ana' | 'bia' | 'carla' | 'dani',
    string
  > &
    Record<'maria' | 'joana' | 'novo' | 'outsider', string>;

  const create = async (path: string, payload: object, as: Api = api) => {
    const response = await as('POST', path, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    app = await createSlotsTestApp(database);
    tenant = await createTestTenant(database, 'Salão A');
    other = await createTestTenant(database, 'Salão B');
    api = apiAs(app, tenant);

    ids.corte = await create('/v1/offerings', { name: 'Corte', durationMinutes: 60 });
    ids.coloracao = await create('/v1/offerings', { name: 'Coloração', durationMinutes: 120 });
    ids.manicure = await create('/v1/offerings', { name: 'Manicure', durationMinutes: 45 });
    ids.semDuracao = await create('/v1/offerings', { name: 'Hidratação' });
    ids.shampoo = await create('/v1/offerings', { name: 'Shampoo', kind: 'product' });
    const days = (keys: string[], from: string, to: string) =>
      Object.fromEntries(keys.map((key) => [key, [[from, to]]]));
    const tueToSat = ['tue', 'wed', 'thu', 'fri', 'sat'];
    ids.ana = await create('/v1/staff', { name: 'Ana', workingHours: days(tueToSat, '09:00', '16:00') });
    ids.bia = await create('/v1/staff', { name: 'Bia', workingHours: days(tueToSat, '09:00', '18:00') });
    ids.carla = await create('/v1/staff', {
      name: 'Carla',
      workingHours: days(['mon', 'tue', 'wed', 'thu', 'fri'], '13:00', '20:00'),
    });
    ids.dani = await create('/v1/staff', {
      name: 'Dani',
      active: false,
      workingHours: days(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '08:00', '20:00'),
    });

    ids.maria = await create('/v1/customers', { externalId: 'maria', name: 'Maria' });
    ids.joana = await create('/v1/customers', { externalId: 'joana', name: 'Joana' });
    ids.novo = await create('/v1/customers', { externalId: 'novo', name: 'Novo' });
    ids.outsider = await create('/v1/customers', { externalId: 'outsider' }, apiAs(app, other));

    // Maria: six Saturday-morning cuts with Ana, and shampoo bought on each visit and twice more:
    // her most frequent offering is a product, which cannot be booked.
    for (let k = 1; k <= 6; k++) {
      const saturday = SATURDAY - 7 * 4 * k;
      await create('/v1/activities', {
        customerId: ids.maria,
        occurredAt: week.at(saturday, '10:00'),
        offeringId: ids.corte,
        staffId: ids.ana,
      });
      await create('/v1/activities', {
        customerId: ids.maria,
        occurredAt: week.at(saturday, '10:50'),
        offeringId: ids.shampoo,
        kind: 'purchase',
      });
    }
    for (const offset of [-40, -70])
      await create('/v1/activities', {
        customerId: ids.maria,
        occurredAt: week.at(offset, '11:00'),
        offeringId: ids.shampoo,
        kind: 'purchase',
      });
    // Joana colours with Bia: Bia is who performs Coloração. A cancelled visit with Carla says nothing.
    await create('/v1/activities', {
      customerId: ids.joana,
      occurredAt: week.at(-30, '15:00'),
      offeringId: ids.coloracao,
      staffId: ids.bia,
    });
    await create('/v1/activities', {
      customerId: ids.joana,
      occurredAt: week.at(-20, '15:00'),
      offeringId: ids.coloracao,
      staffId: ids.carla,
      status: 'cancelled',
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const slots = async (customerId: string, query = '', as: Api = api) => {
    const response = await as('GET', `/v1/customers/${customerId}/slots?from=${week.monday}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it("offers the favourite staff member at the customer's usual time first, then other days", async () => {
    const body = await slots(ids.maria);
    expect(body.offering).toEqual({
      id: ids.corte,
      name: 'Corte',
      durationMinutes: 60,
      durationSource: 'offering',
      chosenAs: 'favourite',
    });
    expect(body.staff).toEqual({ ids: [ids.ana], source: 'history' });
    expect(body.window.from).toBe(new Date(`${week.monday}T03:00:00Z`).toISOString());
    expect(body.slots.map((s: { local: object; staffName: string }) => [s.local, s.staffName])).toEqual([
      [{ date: week.date(SATURDAY), weekday: 'sat', time: '09:00' }, 'Ana'],
      // She once came on a Wednesday (for shampoo), never on a Tuesday.
      [{ date: week.date(2), weekday: 'wed', time: '09:00' }, 'Ana'],
      [{ date: week.date(1), weekday: 'tue', time: '09:00' }, 'Ana'],
    ]);
    const [best] = body.slots;
    expect(best.reasons).toEqual([
      'with Ana, their usual professional (6 of 6 services)',
      // Two of her eight visit days were for shampoo alone, at 11:00 on a Monday and a Wednesday.
      'morning (09:00), when they usually come (8 of 8 visits)',
      'on Saturday, one of their usual days (6 of 8 visits)',
    ]);
    expect(best.end).toBe(new Date(new Date(best.start).getTime() + 60 * 60_000).toISOString());
    expect(best.score).toBeGreaterThan(body.slots[1].score);
    expect(body.preferences).toMatchObject({
      visitCount: 8,
      staff: { preferred: ids.ana, name: 'Ana' },
      timeOfDay: { preferred: 'morning' },
      weekdays: { preferred: ['sat'] },
      offering: { preferred: ids.shampoo, name: 'Shampoo' },
    });
    // Ana works 09:00–16:00, Tuesday to Saturday: an hour's service starts every half-hour from
    // 09:00 to 15:00, 13 times a day, 5 days.
    expect(body.considered).toBe(65);
  });

  it('searches the staff who performed the service, or everyone active when nobody has', async () => {
    const colour = await slots(ids.maria, `&offeringId=${ids.coloracao}&days=7`);
    expect(colour.staff).toEqual({ ids: [ids.bia], source: 'history' });
    expect(colour.offering).toMatchObject({ durationMinutes: 120, chosenAs: 'requested' });
    expect(new Set(colour.slots.map((s: { staffName: string }) => s.staffName))).toEqual(new Set(['Bia']));
    // Maria has never been served by Bia.
    expect(colour.slots[0].reasons[0]).toBe('with Bia, new to them (they usually see Ana)');

    const nails = await slots(ids.maria, `&offeringId=${ids.manicure}`);
    expect(nails.staff.source).toBe('all_active');
    expect(new Set(nails.staff.ids)).toEqual(new Set([ids.ana, ids.bia, ids.carla]));

    const noDuration = await slots(ids.maria, `&offeringId=${ids.semDuracao}`);
    expect(noDuration.offering).toMatchObject({ durationMinutes: 60, durationSource: 'default' });
  });

  it('gives a customer without history neutral scores and the earliest times on different days', async () => {
    const body = await slots(ids.novo, '&count=2');
    expect(body.offering).toBeNull();
    expect(body.preferences.visitCount).toBe(0);
    expect(body.slots).toHaveLength(2);
    expect(body.slots.map((s: { score: number }) => s.score)).toEqual([0.5, 0.5]);
    // Monday only Carla works, from 13:00.
    expect(body.slots.map((s: { local: { date: string; time: string } }) => s.local)).toEqual([
      { date: week.date(0), weekday: 'mon', time: '13:00' },
      { date: week.date(1), weekday: 'tue', time: '09:00' },
    ]);
  });

  it('blocks booked and confirmed time only, with the offering duration when a booking has no end', async () => {
    const sat = (time: string) => week.at(SATURDAY, time);
    const book = (payload: object) => create('/v1/bookings', { customerId: ids.joana, ...payload });
    await book({ staffId: ids.ana, startsAt: sat('09:00'), endsAt: sat('10:00'), status: 'booked' });
    await book({ staffId: ids.ana, startsAt: sat('10:00'), endsAt: sat('11:00'), status: 'cancelled' });
    // No end: Coloração's two hours, 11:00–13:00.
    await book({ staffId: ids.ana, startsAt: sat('11:00'), offeringId: ids.coloracao, status: 'confirmed' });
    // No end and an offering without duration: an hour, 14:00–15:00.
    await book({ staffId: ids.ana, startsAt: sat('14:00'), offeringId: ids.semDuracao, status: 'booked' });
    await book({ staffId: ids.ana, startsAt: sat('15:00'), endsAt: sat('16:00'), status: 'no_show' });
    await book({ staffId: ids.ana, startsAt: sat('15:00'), endsAt: sat('16:00'), status: 'completed' });
    await book({ startsAt: sat('13:00'), endsAt: sat('14:00'), status: 'booked' });
    await book({ staffId: ids.bia, startsAt: sat('09:00'), endsAt: sat('18:00'), status: 'booked' });

    const query: AvailabilityQuery = {
      tenantId: tenant.id,
      from: new Date(sat('00:00')),
      to: new Date(week.at(SATURDAY + 1, '00:00')),
      durationMinutes: 60,
      staffIds: [ids.ana],
    };
    const free = await databaseAvailability(database.db).freeSlots(query);
    expect(free.map(localTime)).toEqual(['10:00', '13:00', '15:00']);
    const bia = await databaseAvailability(database.db).freeSlots({ ...query, staffIds: [ids.bia] });
    expect(bia).toEqual([]);

    // Maria's Saturday morning is now 10:00, still her best.
    const body = await slots(ids.maria);
    expect(body.slots[0].local).toMatchObject({ weekday: 'sat', time: '10:00' });
  });

  it('spreads one planning run over different times, from one read', async () => {
    const suggester = await createSlotSuggester(database.db, tenant.id, { from: week.monday, days: 7 });
    const preferences = (await loadCustomerPreferences(database.db, tenant.id, [ids.maria])).get(ids.maria)!;
    const alone = await suggester.suggest({ preferences });

    const offered = createOfferLedger();
    const runs: RankedSlot[][] = [];
    for (let i = 0; i < 6; i++) runs.push((await suggester.suggest({ preferences, offered })).slots);
    expect(offered.size).toBe(18);
    // The first customer gets what she would alone; the next ones get other times.
    expect(runs[0]!.map((s) => s.start)).toEqual(alone.slots.map((s) => s.start));
    expect(runs[1]![0]!.start).not.toEqual(runs[0]![0]!.start);
    // No time is offered on top of two overlapping offers of the same person.
    const all = runs.flat();
    all.forEach((slot, i) => {
      const earlier = all
        .slice(0, i)
        .filter((o) => o.staffId === slot.staffId && o.start < slot.end && slot.start < o.end);
      expect(earlier.length).toBeLessThan(2);
    });

    // The suggester answers from what it read: a booking made since does not reach it.
    const taken = alone.slots[0]!;
    await create('/v1/bookings', {
      customerId: ids.joana,
      staffId: taken.staffId,
      startsAt: taken.start.toISOString(),
      endsAt: taken.end.toISOString(),
    });
    expect((await suggester.suggest({ preferences })).slots[0]!.start).toEqual(taken.start);
    const fresh = await suggestSlots(database.db, tenant.id, { customerId: ids.maria, from: week.monday });
    expect(fresh.slots[0]!.start).not.toEqual(taken.start);
  });

  it('takes free time from an outside booking system through the same port, asking once per service', async () => {
    const asked: AvailabilityQuery[] = [];
    const at = (offset: number, time: string) => new Date(week.at(offset, time));
    const external = {
      async freeSlots(query: AvailabilityQuery): Promise<Slot[]> {
        asked.push(query);
        const slot = (start: Date, staffId: string, staffName: string) => ({
          start,
          end: new Date(start.getTime() + query.durationMinutes * 60_000),
          staffId,
          staffName,
        });
        return [
          slot(at(3, '18:00'), ids.ana, 'Ana (YClients)'),
          slot(at(SATURDAY, '10:00'), ids.ana, 'Ana (YClients)'),
          slot(at(SATURDAY, '10:00'), ids.carla, 'Carla'),
          slot(at(20, '10:00'), ids.ana, 'Ana (YClients)'),
        ];
      },
    };
    const suggester = await createSlotSuggester(database.db, tenant.id, {
      from: week.monday,
      days: 7,
      source: external,
    });
    const preferences = (await loadCustomerPreferences(database.db, tenant.id, [ids.maria])).get(ids.maria)!;
    const first = await suggester.suggest({ preferences, offeringId: ids.corte });
    await suggester.suggest({ preferences, offeringId: ids.corte });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ tenantId: tenant.id, durationMinutes: 60, staffIds: [ids.ana] });
    // Carla does not cut, and day 20 is outside the week: both are dropped.
    expect(first.slots.map((s) => [s.staffName, s.local.weekday, s.local.minute])).toEqual([
      ['Ana (YClients)', 'sat', 600],
      ['Ana (YClients)', 'thu', 1080],
    ]);
  });

  it('loads many customers’ preferences at once, only the tenant’s own', async () => {
    const prefs = await loadCustomerPreferences(database.db, tenant.id, [
      ids.maria,
      ids.joana,
      ids.novo,
      ids.outsider,
      NOWHERE,
    ]);
    expect([...prefs.keys()].sort()).toEqual([ids.maria, ids.joana, ids.novo].sort());
    expect(prefs.get(ids.joana)!.staff.preferred).toBe(ids.bia);
    expect(prefs.get(ids.novo)!.visitCount).toBe(0);
  });

  it("never starts before now, and never shows one tenant another's customer", async () => {
    const before = Date.now();
    const past = await api('GET', `/v1/customers/${ids.novo}/slots?from=2020-01-01`);
    expect(past.statusCode, past.body).toBe(200);
    expect(new Date(past.json().window.from).getTime()).toBeGreaterThanOrEqual(before);
    expect(past.json().slots.length).toBeGreaterThan(0);
    for (const slot of past.json().slots)
      expect(new Date(slot.start).getTime()).toBeGreaterThanOrEqual(before);

    const asOther = apiAs(app, other);
    const hidden = await asOther('GET', `/v1/customers/${ids.maria}/slots`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    await expect(suggestSlots(database.db, other.id, { customerId: ids.maria })).rejects.toMatchObject({
      code: 'not_found',
    });
    // Tenant B's own customer cannot be offered tenant A's service either.
    const foreignOffering = await asOther(
      'GET',
      `/v1/customers/${ids.outsider}/slots?offeringId=${ids.corte}`,
    );
    expect(foreignOffering.statusCode).toBe(404);
    expect(foreignOffering.json().error.message).toContain('offering');
    // …and sees none of tenant A's staff.
    expect((await slots(ids.outsider, '', asOther)).staff).toEqual({ ids: [], source: 'all_active' });
  });

  it.each([
    [NOWHERE, '', 404, 'customer'],
    ['not-a-uuid', '', 400, 'params.id'],
    ['{maria}', '&days=0', 400, 'querystring.days'],
    ['{maria}', '&days=32', 400, 'querystring.days'],
    ['{maria}', '&count=6', 400, 'querystring.count'],
    ['{maria}', '&count=two', 400, 'querystring.count'],
    ['{maria}', '&offeringId=corte', 400, 'querystring.offeringId'],
    ['{maria}', `&offeringId=${NOWHERE}`, 404, 'offering'],
  ])('GET /v1/customers/%s/slots?…%s → %i naming %s', async (id, query, status, field) => {
    const customerId = id === '{maria}' ? ids.maria : id;
    const response = await api('GET', `/v1/customers/${customerId}/slots?from=${week.monday}${query}`);
    expect(response.statusCode, response.body).toBe(status);
    if (status === 400) expect(response.json().error.details.issues[0].field).toBe(field);
    else expect(response.json().error.message).toContain(field);
  });

  it('refuses a from that is not a date, and a request without a key', async () => {
    const bad = await api('GET', `/v1/customers/${ids.maria}/slots?from=tomorrow`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('querystring.from');
    const anonymous = await app.inject({ method: 'GET', url: `/v1/customers/${ids.maria}/slots` });
    expect(anonymous.statusCode).toBe(401);
  });
});
