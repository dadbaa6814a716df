import { describe, expect, it } from 'vitest';
import { pageThrough, setUpApiTests } from '../support/app.ts';
import { backends } from '../support/database.ts';

describe.each(backends)('offerings and staff API on %s', (backend) => {
  const { api } = setUpApiTests(backend);

  const externalIds = (response: { json(): { items: { externalId: string | null }[] } }) =>
    response.json().items.map((item) => item.externalId);

  it('creates, reads, updates, lists and deletes an offering', async () => {
    const created = await api('POST', '/v1/offerings', {
      externalId: 'o-cut',
      name: 'Haircut',
      category: 'Hair',
      price: 80,
      margin: 0.6,
      durationMinutes: 45,
    });
    expect(created.statusCode).toBe(201);
    const offering = created.json();
    expect(offering).toMatchObject({
      externalId: 'o-cut',
      name: 'Haircut',
      kind: 'service',
      category: 'Hair',
      price: 80,
      margin: 0.6,
      durationMinutes: 45,
      parentId: null,
      active: true,
    });
    expect(Date.parse(offering.createdAt)).not.toBeNaN();

    expect((await api('GET', `/v1/offerings/${offering.id}`)).json()).toEqual(offering);

    const patched = await api('PATCH', `/v1/offerings/${offering.id}`, { price: 95.5, active: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ price: 95.5, active: false, name: 'Haircut' });

    const cleared = await api('PATCH', `/v1/offerings/${offering.id}`, { category: null });
    expect(cleared.json()).toMatchObject({ category: null, price: 95.5, url: null });

    const linked = await api('PATCH', `/v1/offerings/${offering.id}`, {
      url: 'https://salon.example/book/cut',
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await api('GET', `/v1/offerings/${offering.id}`)).json().url).toBe(
      'https://salon.example/book/cut',
    );

    expect((await api('DELETE', `/v1/offerings/${offering.id}`)).statusCode).toBe(204);
    const gone = await api('GET', `/v1/offerings/${offering.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
    expect((await api('DELETE', `/v1/offerings/${offering.id}`)).statusCode).toBe(404);
    expect((await api('PATCH', `/v1/offerings/${offering.id}`, { price: 1 })).statusCode).toBe(404);
  });

  it('filters offerings by kind, category, active and text', async () => {
    const course = (
      await api('POST', '/v1/offerings', { externalId: 'f-course', name: 'Excel', kind: 'course' })
    ).json();
    await api('POST', '/v1/offerings', {
      externalId: 'f-mod',
      name: 'Pivot tables',
      kind: 'module',
      parentId: course.id,
    });
    await api('POST', '/v1/offerings', { externalId: 'f-color', name: 'Colouring', category: 'Hair Colour' });
    await api('POST', '/v1/offerings', {
      externalId: 'f-old',
      name: 'Perm',
      category: 'hair colour',
      active: false,
    });

    expect(externalIds(await api('GET', '/v1/offerings?kind=course'))).toEqual(['f-course']);
    expect(externalIds(await api('GET', '/v1/offerings?category=HAIR%20COLOUR'))).toEqual([
      'f-color',
      'f-old',
    ]);
    expect(externalIds(await api('GET', '/v1/offerings?category=hair%20colour&active=true'))).toEqual([
      'f-color',
    ]);
    expect(externalIds(await api('GET', '/v1/offerings?active=false'))).toEqual(['f-old']);
    expect(externalIds(await api('GET', '/v1/offerings?q=pivot'))).toEqual(['f-mod']);
    expect(externalIds(await api('GET', '/v1/offerings?q=colour'))).toEqual(['f-color', 'f-old']);
    expect(externalIds(await api('GET', '/v1/offerings?q=f-course'))).toEqual(['f-course']);
    expect(externalIds(await api('GET', '/v1/offerings?q=100%25'))).toEqual([]);

    const badKind = await api('GET', '/v1/offerings?kind=spaceship');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('querystring.kind');
    const badActive = await api('GET', '/v1/offerings?active=yes');
    expect(badActive.statusCode).toBe(400);
    expect(badActive.json().error.message).toContain('querystring.active');
  });

  it('pages through offerings with a cursor, without repeats or gaps', async () => {
    for (let i = 0; i < 5; i++)
      await api('POST', '/v1/offerings', { externalId: `page-${i}`, name: `Paged ${i}` });
    const { items, pages } = await pageThrough<{ externalId: string }>(api, '/v1/offerings?q=Paged&limit=2');
    expect(items.map((item) => item.externalId)).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect(pages).toBe(3);

    const forged = await api('GET', '/v1/offerings?cursor=bm9wZQ');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details.issues[0].field).toBe('query.cursor');
  });

  it('refuses duplicates by external id or by name (any letter case) with 409', async () => {
    await api('POST', '/v1/offerings', { externalId: 'dup-o', name: 'Manicure' });
    const sameId = await api('POST', '/v1/offerings', { externalId: 'dup-o', name: 'Pedicure' });
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json().error.message).toContain('externalId "dup-o"');
    const sameName = await api('POST', '/v1/offerings', { name: 'MANICURE' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.message).toContain('named "MANICURE"');

    const other = (await api('POST', '/v1/offerings', { externalId: 'dup-o2', name: 'Pedicure' })).json();
    const renamed = await api('PATCH', `/v1/offerings/${other.id}`, { externalId: 'dup-o' });
    expect(renamed.statusCode).toBe(409);
    expect((await api('GET', `/v1/offerings/${other.id}`)).json().externalId).toBe('dup-o2');
  });

  it('answers bad offering input with a 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{}, 'body.name'],
      [{ name: 'X', kind: 'spaceship' }, 'body.kind'],
      [{ name: 'X', price: -1 }, 'body.price'],
      [{ name: 'X', margin: 1.5 }, 'body.margin'],
      [{ name: 'X', durationMinutes: 0 }, 'body.durationMinutes'],
      [{ name: 'X', parentId: 'not-a-uuid' }, 'body.parentId'],
      [{ name: 'X', url: 'javascript:alert(1)' }, 'body.url'],
      [{ name: 'X', url: 'salon.example/book' }, 'body.url'],
    ];
    for (const [payload, field] of cases) {
      const response = await api('POST', '/v1/offerings', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.message).toContain(field);
    }

    const unknownParent = await api('POST', '/v1/offerings', {
      name: 'Orphan module',
      parentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownParent.statusCode).toBe(400);
    expect(unknownParent.json().error.details.issues[0].field).toBe('parentId');

    const some = (await api('POST', '/v1/offerings', { name: 'Something' })).json();
    const empty = await api('PATCH', `/v1/offerings/${some.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('at least one field');
  });

  it('refuses a parent that would put an offering below itself', async () => {
    const course = (await api('POST', '/v1/offerings', { name: 'Course', kind: 'course' })).json();
    const module = (
      await api('POST', '/v1/offerings', { name: 'Module 1', kind: 'module', parentId: course.id })
    ).json();
    const lesson = (
      await api('POST', '/v1/offerings', { name: 'Lesson 1', kind: 'module', parentId: module.id })
    ).json();

    for (const parentId of [course.id, lesson.id]) {
      const cycle = await api('PATCH', `/v1/offerings/${course.id}`, { parentId });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json().error.details.issues[0].field).toBe('parentId');
    }
    const moved = await api('PATCH', `/v1/offerings/${lesson.id}`, { parentId: course.id });
    expect(moved.json().parentId).toBe(course.id);
    const detached = await api('PATCH', `/v1/offerings/${lesson.id}`, { parentId: null });
    expect(detached.json().parentId).toBeNull();
  });

  it('creates, reads, updates, lists and deletes a staff member, normalising the phone', async () => {
    const created = await api('POST', '/v1/staff', {
      externalId: 's-maria',
      name: 'Maria Lima',
      email: 'maria@example.com',
      phone: '(11) 91234-5678',
      workingHours: { mon: [['09:00', '18:00']], sat: [['09:00', '13:00']] },
    });
    expect(created.statusCode).toBe(201);
    const maria = created.json();
    expect(maria).toMatchObject({
      externalId: 's-maria',
      phone: '+5511912345678',
      workingHours: { mon: [['09:00', '18:00']], sat: [['09:00', '13:00']] },
      active: true,
    });
    expect((await api('GET', `/v1/staff/${maria.id}`)).json()).toEqual(maria);

    const patched = await api('PATCH', `/v1/staff/${maria.id}`, { active: false, phone: null });
    expect(patched.json()).toMatchObject({ active: false, phone: null, name: 'Maria Lima' });

    await api('POST', '/v1/staff', { externalId: 's-joao', name: 'João Alves', email: 'joao@example.com' });
    expect(externalIds(await api('GET', '/v1/staff?active=true'))).toEqual(['s-joao']);
    expect(externalIds(await api('GET', '/v1/staff?active=false'))).toEqual(['s-maria']);
    expect(externalIds(await api('GET', '/v1/staff?q=LIMA'))).toEqual(['s-maria']);
    expect(externalIds(await api('GET', '/v1/staff?q=joao@'))).toEqual(['s-joao']);

    expect((await api('DELETE', `/v1/staff/${maria.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/v1/staff/${maria.id}`)).statusCode).toBe(404);
  });

  it('answers bad staff input with a 400 naming the field, and duplicates with 409', async () => {
    const badHours = await api('POST', '/v1/staff', {
      name: 'Ana',
      workingHours: { mon: [['9am', '18:00']] },
    });
    expect(badHours.statusCode).toBe(400);
    expect(badHours.json().error.message).toContain('body.workingHours.mon.0.0');
    const badPhone = await api('POST', '/v1/staff', { name: 'Ana', phone: '123' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.issues[0].field).toBe('phone');

    await api('POST', '/v1/staff', { externalId: 'dup-s', name: 'Bruna' });
    const sameId = await api('POST', '/v1/staff', { externalId: 'dup-s', name: 'Carla' });
    expect(sameId.statusCode).toBe(409);
    const sameName = await api('POST', '/v1/staff', { name: 'bruna' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.message).toContain('a staff member named "bruna"');
  });

  it('keeps the activities and bookings of a deleted offering or staff member, without the reference', async () => {
    const customer = (await api('POST', '/v1/customers', { externalId: 'kept' })).json();
    const offering = (await api('POST', '/v1/offerings', { name: 'Beard trim' })).json();
    const barber = (await api('POST', '/v1/staff', { name: 'Pedro' })).json();
    const references = { customerId: customer.id, offeringId: offering.id, staffId: barber.id };
    const activity = (
      await api('POST', '/v1/activities', { ...references, occurredAt: '2024-05-01T10:00:00Z', amount: 40 })
    ).json();
    const booking = (
      await api('POST', '/v1/bookings', { ...references, startsAt: '2030-05-01T10:00:00Z' })
    ).json();

    expect((await api('DELETE', `/v1/offerings/${offering.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/v1/staff/${barber.id}`)).statusCode).toBe(204);

    for (const path of [`/v1/activities/${activity.id}`, `/v1/bookings/${booking.id}`]) {
      const kept = await api('GET', path);
      expect(kept.statusCode).toBe(200);
      expect(kept.json()).toMatchObject({ customerId: customer.id, offeringId: null, staffId: null });
    }
    expect((await api('GET', `/v1/customers/${customer.id}`)).json()).toMatchObject({
      activityCount: 1,
      totalSpent: 40,
    });
  });
});
