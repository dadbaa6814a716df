import { describe, expect, it } from 'vitest';
import { pageThrough, setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe.each(backends)('activities, bookings and timeline API on %s', (backend) => {
  // The tenant of setUpApiTests is in America/Sao_Paulo (UTC-3 all year since 2019).
  const { api } = setUpApiTests(backend);

  const create = async (path: string, payload: object) => {
    const response = await api('POST', path, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const ids = (response: { json(): { items: { id: string }[] } }) =>
    response.json().items.map((item) => item.id);
  const stats = async (customerId: string) => {
    const { firstActivityAt, lastActivityAt, activityCount, totalSpent } = (
      await api('GET', `/v1/customers/${customerId}`)
    ).json();
    return { firstActivityAt, lastActivityAt, activityCount, totalSpent };
  };

  it('creates, reads, updates and deletes an activity, keeping the customer figures right', async () => {
    const ana = await create('/v1/customers', { externalId: 'stats-ana' });
    const bia = await create('/v1/customers', { externalId: 'stats-bia' });
    expect(await stats(ana.id)).toEqual({
      firstActivityAt: null,
      lastActivityAt: null,
      activityCount: 0,
      totalSpent: 0,
    });

    const march = await create('/v1/activities', {
      customerId: ana.id,
      externalId: 'visit-1',
      occurredAt: '2024-03-05T10:00:00-03:00',
      amount: 120.5,
    });
    expect(march).toMatchObject({
      customerId: ana.id,
      externalId: 'visit-1',
      occurredAt: '2024-03-05T13:00:00.000Z',
      kind: 'visit',
      status: 'completed',
      amount: 120.5,
      quantity: 1,
      offeringId: null,
      staffId: null,
      source: 'api',
    });
    expect((await api('GET', `/v1/activities/${march.id}`)).json()).toEqual(march);

    const may = await create('/v1/activities', {
      customerId: ana.id,
      occurredAt: '2024-05-10T12:00:00Z',
      amount: 80,
    });
    await create('/v1/activities', {
      customerId: ana.id,
      occurredAt: '2024-06-01T12:00:00Z',
      amount: 999,
      status: 'no_show',
    });
    expect(await stats(ana.id)).toEqual({
      firstActivityAt: '2024-03-05T13:00:00.000Z',
      lastActivityAt: '2024-05-10T12:00:00.000Z',
      activityCount: 2,
      totalSpent: 200.5,
    });

    // Cancelling the last completed visit moves the last activity back and drops its amount.
    const cancelled = await api('PATCH', `/v1/activities/${may.id}`, { status: 'cancelled' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', amount: 80 });
    expect(await stats(ana.id)).toMatchObject({
      lastActivityAt: '2024-03-05T13:00:00.000Z',
      activityCount: 1,
      totalSpent: 120.5,
    });

    // Moving an activity to another customer refreshes both.
    const moved = await api('PATCH', `/v1/activities/${march.id}`, { customerId: bia.id, amount: 100 });
    expect(moved.json().customerId).toBe(bia.id);
    expect(await stats(ana.id)).toEqual({
      firstActivityAt: null,
      lastActivityAt: null,
      activityCount: 0,
      totalSpent: 0,
    });
    expect(await stats(bia.id)).toEqual({
      firstActivityAt: '2024-03-05T13:00:00.000Z',
      lastActivityAt: '2024-03-05T13:00:00.000Z',
      activityCount: 1,
      totalSpent: 100,
    });

    expect((await api('DELETE', `/v1/activities/${march.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/v1/activities/${march.id}`)).statusCode).toBe(404);
    expect(await stats(bia.id)).toMatchObject({ activityCount: 0, totalSpent: 0, lastActivityAt: null });
    expect((await api('DELETE', `/v1/activities/${march.id}`)).statusCode).toBe(404);
  });

  it('reads a plain date as the start of that day in the tenant time zone', async () => {
    const customer = await create('/v1/customers', { externalId: 'dates' });
    const activity = await create('/v1/activities', { customerId: customer.id, occurredAt: '2024-03-05' });
    expect(activity.occurredAt).toBe('2024-03-05T03:00:00.000Z');
    const booking = await create('/v1/bookings', { customerId: customer.id, startsAt: '2031-01-10' });
    expect(booking.startsAt).toBe('2031-01-10T03:00:00.000Z');
    const listed = await api('GET', `/v1/activities?customerId=${customer.id}&from=2024-03-05&to=2024-03-06`);
    expect(ids(listed)).toEqual([activity.id]);
    const before = await api('GET', `/v1/activities?customerId=${customer.id}&to=2024-03-05`);
    expect(ids(before)).toEqual([]);
  });

  it('answers unknown references and bad activity input with a 400 naming the field', async () => {
    const customer = await create('/v1/customers', { externalId: 'refs' });
    const activity = await create('/v1/activities', {
      customerId: customer.id,
      occurredAt: '2024-01-01T00:00:00Z',
    });
    const before = await stats(customer.id);

    const cases: [object, string][] = [
      [{ customerId: NOWHERE, occurredAt: '2024-01-01T00:00:00Z' }, 'customerId'],
      [{ customerId: customer.id, offeringId: NOWHERE, occurredAt: '2024-01-01T00:00:00Z' }, 'offeringId'],
      [{ customerId: customer.id, staffId: NOWHERE, occurredAt: '2024-01-01T00:00:00Z' }, 'staffId'],
    ];
    for (const [payload, field] of cases) {
      const response = await api('POST', '/v1/activities', payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation_error' });
      expect(response.json().error.details.issues[0].field).toBe(field);
      expect(response.json().error.message).toContain(NOWHERE);
    }
    const patchUnknown = await api('PATCH', `/v1/activities/${activity.id}`, { offeringId: NOWHERE });
    expect(patchUnknown.statusCode).toBe(400);
    expect(patchUnknown.json().error.details.issues[0].field).toBe('offeringId');

    const shapes: [object, string][] = [
      [{ occurredAt: '2024-01-01T00:00:00Z' }, 'body.customerId'],
      [{ customerId: 'ana', occurredAt: '2024-01-01T00:00:00Z' }, 'body.customerId'],
      [{ customerId: customer.id }, 'body.occurredAt'],
      [{ customerId: customer.id, occurredAt: 'yesterday' }, 'body.occurredAt'],
      [{ customerId: customer.id, occurredAt: '2024-01-01T00:00:00Z', status: 'done' }, 'body.status'],
      [{ customerId: customer.id, occurredAt: '2024-01-01T00:00:00Z', quantity: -1 }, 'body.quantity'],
    ];
    for (const [payload, field] of shapes) {
      const response = await api('POST', '/v1/activities', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.message).toContain(field);
    }
    expect((await api('GET', `/v1/activities?customerId=${customer.id}`)).json().items).toHaveLength(1);
    expect(await stats(customer.id)).toEqual(before);
  });

  it('refuses a second activity or booking with the same external id with 409', async () => {
    const customer = await create('/v1/customers', { externalId: 'dups' });
    await create('/v1/activities', {
      customerId: customer.id,
      externalId: 'ext-1',
      occurredAt: '2024-01-01',
    });
    const again = await api('POST', '/v1/activities', {
      customerId: customer.id,
      externalId: 'ext-1',
      occurredAt: '2024-02-01',
      amount: 50,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('an activity with externalId "ext-1"');
    expect((await stats(customer.id)).totalSpent).toBe(0);

    await create('/v1/bookings', {
      customerId: customer.id,
      externalId: 'ext-1',
      startsAt: '2030-01-01T10:00:00Z',
    });
    const booked = await api('POST', '/v1/bookings', {
      customerId: customer.id,
      externalId: 'ext-1',
      startsAt: '2030-01-02T10:00:00Z',
    });
    expect(booked.statusCode).toBe(409);
    expect(booked.json().error.message).toContain('a booking with externalId "ext-1"');
  });

  it('filters and pages activities in the order they happened', async () => {
    const [ana, bia] = [
      await create('/v1/customers', { externalId: 'f-ana' }),
      await create('/v1/customers', {}),
    ];
    const cut = await create('/v1/offerings', { name: 'Filter cut' });
    const maria = await create('/v1/staff', { name: 'Filter Maria' });
    const a1 = await create('/v1/activities', {
      customerId: ana.id,
      occurredAt: '2023-02-01T10:00:00Z',
      offeringId: cut.id,
      staffId: maria.id,
    });
    const a2 = await create('/v1/activities', {
      customerId: ana.id,
      occurredAt: '2023-01-01T10:00:00Z',
      kind: 'order',
      status: 'cancelled',
    });
    const a3 = await create('/v1/activities', {
      customerId: bia.id,
      occurredAt: '2023-03-01T10:00:00Z',
      offeringId: cut.id,
    });

    const query = async (filters: string) => ids(await api('GET', `/v1/activities?${filters}`));
    expect(await query(`customerId=${ana.id}`)).toEqual([a2.id, a1.id]);
    expect(await query(`offeringId=${cut.id}`)).toEqual([a1.id, a3.id]);
    expect(await query(`staffId=${maria.id}`)).toEqual([a1.id]);
    expect(await query(`customerId=${ana.id}&status=cancelled`)).toEqual([a2.id]);
    expect(await query(`customerId=${ana.id}&kind=order`)).toEqual([a2.id]);
    expect(await query(`offeringId=${cut.id}&from=2023-02-01T10:00:00Z&to=2023-03-01T10:00:00Z`)).toEqual([
      a1.id,
    ]);

    const paged = await pageThrough(api, '/v1/activities?from=2023-01-01&to=2023-12-01&limit=1');
    expect(paged.items.map((item) => item.id)).toEqual([a2.id, a1.id, a3.id]);

    for (const bad of ['status=done', 'kind=walk', 'from=last-week', 'customerId=ana']) {
      const response = await api('GET', `/v1/activities?${bad}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().error.message).toContain(`querystring.${bad.split('=')[0]}`);
    }
  });

  it('creates, reads, updates, lists and deletes a booking', async () => {
    const customer = await create('/v1/customers', { externalId: 'booker' });
    const offering = await create('/v1/offerings', { name: 'Booked cut', durationMinutes: 60 });
    const booking = await create('/v1/bookings', {
      customerId: customer.id,
      offeringId: offering.id,
      externalId: 'bk-1',
      startsAt: '2030-04-01T13:00:00Z',
      endsAt: '2030-04-01T14:00:00Z',
      amount: 90,
    });
    expect(booking).toMatchObject({
      customerId: customer.id,
      offeringId: offering.id,
      staffId: null,
      startsAt: '2030-04-01T13:00:00.000Z',
      endsAt: '2030-04-01T14:00:00.000Z',
      amount: 90,
      status: 'booked',
      source: 'api',
    });
    expect((await api('GET', `/v1/bookings/${booking.id}`)).json()).toEqual(booking);

    const confirmed = await api('PATCH', `/v1/bookings/${booking.id}`, { status: 'confirmed', amount: null });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', amount: null });
    const noEnd = await api('PATCH', `/v1/bookings/${booking.id}`, { endsAt: null });
    expect(noEnd.json().endsAt).toBeNull();

    expect(ids(await api('GET', `/v1/bookings?customerId=${customer.id}`))).toEqual([booking.id]);
    expect((await api('DELETE', `/v1/bookings/${booking.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/v1/bookings/${booking.id}`)).statusCode).toBe(404);
    // Bookings are not activities: the customer's figures never moved.
    expect((await stats(customer.id)).activityCount).toBe(0);
  });

  it('refuses a booking that does not end after it starts, on create and on patch', async () => {
    const customer = await create('/v1/customers', { externalId: 'bad-times' });
    for (const endsAt of ['2030-01-01T10:00:00Z', '2030-01-01T09:00:00Z']) {
      const response = await api('POST', '/v1/bookings', {
        customerId: customer.id,
        startsAt: '2030-01-01T10:00:00Z',
        endsAt,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].field).toBe('endsAt');
    }
    const booking = await create('/v1/bookings', {
      customerId: customer.id,
      startsAt: '2030-01-01T10:00:00Z',
      endsAt: '2030-01-01T11:00:00Z',
    });
    const endBefore = await api('PATCH', `/v1/bookings/${booking.id}`, { endsAt: '2030-01-01T09:30:00Z' });
    expect(endBefore.statusCode).toBe(400);
    expect(endBefore.json().error.message).toContain('endsAt');
    const startAfter = await api('PATCH', `/v1/bookings/${booking.id}`, { startsAt: '2030-01-01T12:00:00Z' });
    expect(startAfter.statusCode).toBe(400);
    const both = await api('PATCH', `/v1/bookings/${booking.id}`, {
      startsAt: '2030-01-01T12:00:00Z',
      endsAt: '2030-01-01T13:00:00Z',
    });
    expect(both.statusCode).toBe(200);

    const unknown = await api('POST', '/v1/bookings', {
      customerId: NOWHERE,
      startsAt: '2030-01-01T10:00:00Z',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].field).toBe('customerId');
    const badStatus = await api('POST', '/v1/bookings', {
      customerId: customer.id,
      startsAt: '2030-01-01T10:00:00Z',
      status: 'maybe',
    });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.message).toContain('body.status');
  });

  it('filters bookings by customer, staff, status, time and upcoming', async () => {
    const customer = await create('/v1/customers', { externalId: 'agenda' });
    const pedro = await create('/v1/staff', { name: 'Agenda Pedro' });
    const base = { customerId: customer.id };
    const past = await create('/v1/bookings', {
      ...base,
      startsAt: '2020-01-01T10:00:00Z',
      status: 'completed',
    });
    const soon = await create('/v1/bookings', {
      ...base,
      startsAt: '2030-01-01T10:00:00Z',
      staffId: pedro.id,
    });
    const later = await create('/v1/bookings', {
      ...base,
      startsAt: '2031-01-01T10:00:00Z',
      status: 'confirmed',
    });
    const dropped = await create('/v1/bookings', {
      ...base,
      startsAt: '2030-06-01T10:00:00Z',
      status: 'cancelled',
    });

    const query = async (filters: string) =>
      ids(await api('GET', `/v1/bookings?customerId=${customer.id}&${filters}`));
    expect(await query('')).toEqual([past.id, soon.id, dropped.id, later.id]);
    expect(await query('upcoming=true')).toEqual([soon.id, later.id]);
    expect(await query('upcoming=false')).toEqual([past.id, dropped.id]);
    expect(await query(`staffId=${pedro.id}`)).toEqual([soon.id]);
    expect(await query('status=cancelled')).toEqual([dropped.id]);
    expect(await query('from=2030-01-01&to=2031-01-01')).toEqual([soon.id, dropped.id]);
    expect(await query('upcoming=true&limit=1')).toEqual([soon.id]);

    const bad = await api('GET', '/v1/bookings?upcoming=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('querystring.upcoming');
  });

  it("merges a customer's activities and bookings into one timeline, newest first, page by page", async () => {
    const customer = await create('/v1/customers', { externalId: 'timeline' });
    const other = await create('/v1/customers', { externalId: 'timeline-other' });
    const visit = await create('/v1/activities', {
      customerId: customer.id,
      occurredAt: '2024-01-10T10:00:00Z',
      amount: 50,
    });
    const order = await create('/v1/activities', {
      customerId: customer.id,
      occurredAt: '2024-03-10T10:00:00Z',
      kind: 'order',
    });
    const booking = await create('/v1/bookings', {
      customerId: customer.id,
      startsAt: '2024-02-10T10:00:00Z',
    });
    const next = await create('/v1/bookings', { customerId: customer.id, startsAt: '2030-02-10T10:00:00Z' });
    // Same instant as the order: the order still comes exactly once, in a stable place.
    const sameTime = await create('/v1/bookings', {
      customerId: customer.id,
      startsAt: '2024-03-10T10:00:00Z',
    });
    await create('/v1/activities', { customerId: other.id, occurredAt: '2024-02-01T10:00:00Z' });

    const all = await api('GET', `/v1/customers/${customer.id}/timeline`);
    expect(all.statusCode).toBe(200);
    const items = all.json().items;
    expect(items.map((item: { type: string; id: string }) => [item.type, item.id])).toEqual([
      ['booking', next.id],
      ['booking', sameTime.id],
      ['activity', order.id],
      ['booking', booking.id],
      ['activity', visit.id],
    ]);
    expect(items[4]).toEqual({ type: 'activity', at: '2024-01-10T10:00:00.000Z', ...visit });
    expect(items[0]).toEqual({ type: 'booking', at: '2030-02-10T10:00:00.000Z', ...next });
    expect(all.json().nextCursor).toBeNull();

    const paged = await pageThrough(api, `/v1/customers/${customer.id}/timeline?limit=2`);
    expect(paged.items.map((item) => item.id)).toEqual(items.map((item: { id: string }) => item.id));
    expect(paged.pages).toBe(3);

    const empty = await api('GET', `/v1/customers/${(await create('/v1/customers', {})).id}/timeline`);
    expect(empty.json()).toEqual({ items: [], nextCursor: null });
    const unknown = await api('GET', `/v1/customers/${NOWHERE}/timeline`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const tooMany = await api('GET', `/v1/customers/${customer.id}/timeline?limit=100000`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('querystring.limit');
  });
});
