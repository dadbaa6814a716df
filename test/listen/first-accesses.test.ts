import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListening, type Listening } from '../../src/app/listen/index.ts';
import { enqueueMessage } from '../../src/app/outbound/index.ts';
import { createReplyClassifier } from '../../src/app/replies/classifier.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { addSender } from '../outbound/helpers.ts';
import { type Api, apiAs, createTestTenant, pageThrough, type TestTenant } from '../support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { sharedDir } from '../support/shared.ts';

/**
 * The seed-002 proof of value ("we brought 45% of the accesses of class 10"): a Hotmart club
 * first access replayed through the real webhook after a click on a tracked WhatsApp link is
 * credited to the link, one without a click (or after a preview bot's fetch only) is organic;
 * `/v1/first-accesses/summary` counts them per course and origin, `/v1/first-accesses` lists them.
 * The arithmetic, filters and pages run on rows written straight to the database.
 */
const PUBLIC_URL = 'https://rk.example.com';
const HOTTOK = 'hottok-of-the-school-account-01';
const PHONE_BROWSER =
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const WHATSAPP_PREVIEW = 'WhatsApp/2.23.20.0 A';
const FIRST_ACCESS = JSON.parse(
  readFileSync(join(sharedDir(), 'fixtures/hotmart/club_first_access_real_anon.json'), 'utf8'),
) as { id: string; creationDate: number; data: { user: { name: string; email: string } } };
const COURSE_KEY = 'hotmart:4062912';

const NO_ORIGINS = {
  organic: 0,
  link_whatsapp: 0,
  link_chatwoot: 0,
  link_email: 0,
  link_webhook: 0,
  link_log: 0,
  link_unknown: 0,
};

describe.each(backends)('first accesses and their origin on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let listening: Listening;
  let school: TestTenant;
  let asSchool: Api;
  let delivery = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    listening = createListening({ db: database.db, classifier: createReplyClassifier() });
    app = await buildApp({
      db: database.db,
      logger: false,
      publicUrl: PUBLIC_URL,
      classifier: listening.classifier,
      dialog: listening.dialog,
      inbox: listening.inbox,
    });
    await app.ready();
    school = await createTestTenant(database, 'Escola Webhook');
    asSchool = apiAs(app, school);
    const put = await asSchool('PUT', '/v1/integrations/hotmart', { secret: HOTTOK });
    expect(put.statusCode, put.body).toBe(201);
    await addSender(database.db, school.id, { channel: 'whatsapp' });
  });
  afterAll(async () => {
    await listening?.close();
    await app?.close();
    await database?.dispose();
  });

  /** A student of the school, known by e-mail (how Hotmart names them) and phone. */
  async function student(email: string, phone: string): Promise<string> {
    const response = await asSchool('POST', '/v1/customers', { externalId: email, email, phone });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  /** A reactivation message with a tracked link, queued to the student for a new attempt. */
  async function trackedLinkFor(customerId: string) {
    const attempt = await database.db
      .insertInto('attempts')
      .values({
        tenant_id: school.id,
        customer_id: customerId,
        status: 'IN_PROGRESS',
        started_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { message } = await enqueueMessage(database.db, school.id, {
      channel: 'whatsapp',
      kind: 'reactivation',
      customerId,
      attemptId: attempt.id,
      text: 'Oi! Sua turma já começou: https://escola.example.com/curso/aula-1',
      trackLinks: { publicUrl: PUBLIC_URL },
    });
    const [link] = message.metadata.links as { code: string }[];
    return { code: link!.code, attemptId: attempt.id };
  }

  const visit = (code: string, userAgent: string) =>
    app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': userAgent } });

  /** Hotmart's CLUB_FIRST_ACCESS for `email`, as the real delivery, dated now; processed before it returns. */
  async function firstAccess(email: string) {
    const body = {
      ...FIRST_ACCESS,
      id: `${FIRST_ACCESS.id}-${++delivery}`,
      creationDate: Date.now(),
      data: { ...FIRST_ACCESS.data, user: { ...FIRST_ACCESS.data.user, email } },
    };
    const response = await app.inject({
      method: 'POST',
      url: `/webhooks/hotmart/${school.id}`,
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
      payload: body,
    });
    expect(response.json()).toEqual({ received: 1, new: 1 });
    await listening.processor.idle();
    await listening.processor.drain(school.id);
  }

  it('credits a first access after a click on a WhatsApp link to it, and counts the rest as organic', async () => {
    const ana = await student('ana.aluna@example.com', '+5511987650001');
    const bruno = await student('bruno.aluno@example.com', '+5511987650002');
    const carla = await student('carla.aluna@example.com', '+5511987650003');
    const anaLink = await trackedLinkFor(ana);
    expect((await visit(anaLink.code, PHONE_BROWSER)).statusCode).toBe(302);
    // only WhatsApp's preview fetched Carla's link: she never clicked it
    const carlaLink = await trackedLinkFor(carla);
    expect((await visit(carlaLink.code, WHATSAPP_PREVIEW)).statusCode).toBe(302);

    await firstAccess('ana.aluna@example.com');
    await firstAccess('bruno.aluno@example.com');
    await firstAccess('carla.aluna@example.com');
    // Hotmart sending Ana's first access again (a new delivery) changes nothing: it is the first
    await firstAccess('ana.aluna@example.com');

    const summary = await asSchool('GET', '/v1/first-accesses/summary');
    expect(summary.statusCode, summary.body).toBe(200);
    const counters = {
      total: 3,
      viaLinks: 1,
      viaLinksShare: 0.3333,
      byOrigin: { ...NO_ORIGINS, link_whatsapp: 1, organic: 2 },
      attempts: 1,
    };
    const course = await asSchool('GET', `/v1/offerings?q=${COURSE_KEY}`);
    const offeringId = course.json().items[0].id as string;
    expect(summary.json()).toEqual({
      from: null,
      to: null,
      offerings: [
        // the anonymized fixture names its product after a person
        { offeringId, offeringKey: COURSE_KEY, offeringName: 'Maria Souza', ...counters },
      ],
      total: counters,
    });

    const list = await asSchool('GET', '/v1/first-accesses');
    expect(list.statusCode, list.body).toBe(200);
    const byCustomer = new Map(
      (list.json().items as { customerId: string }[]).map((item) => [item.customerId, item]),
    );
    expect(byCustomer.size).toBe(3);
    expect(byCustomer.get(ana)).toEqual({
      customerId: ana,
      offeringId,
      offeringKey: COURSE_KEY,
      at: expect.any(String),
      origin: 'link_whatsapp',
      linkCode: anaLink.code,
      attemptId: anaLink.attemptId,
    });
    for (const organic of [bruno, carla]) {
      expect(byCustomer.get(organic)).toMatchObject({ origin: 'organic', linkCode: null, attemptId: null });
    }
    const viaLinks = await asSchool('GET', '/v1/first-accesses?origin=link_whatsapp,link_email');
    expect(viaLinks.json().items.map((i: { customerId: string }) => i.customerId)).toEqual([ana]);
  });

  describe('the report over many accesses', () => {
    let academy: TestTenant;
    let asAcademy: Api;
    const classes = { ten: '', eleven: '' };
    const customers: string[] = [];

    /**
     * Academia Turmas, in São Paulo (UTC−3):
     * - class 10 (hotmart:10): 20 accesses in March 2026, 7 after a WhatsApp click and 2 after an
     *   e-mail click (45% via links), 11 organic; six of them at the same instant;
     * - class 11 (hotmart:11): 3 accesses in April, 2 after WhatsApp clicks — one of them by the
     *   student whose click also brought them to class 10, credited to the same attempt;
     * - hotmart:50 and hotmart:99, courses never stored as offerings: one organic access each.
     */
    beforeAll(async () => {
      academy = await createTestTenant(database, 'Academia Turmas');
      asAcademy = apiAs(app, academy);
      const tenant_id = academy.id;
      for (const n of ['10', '11']) {
        const row = await database.db
          .insertInto('offerings')
          .values({ tenant_id, external_id: `hotmart:${n}`, name: `Turma ${n}`, kind: 'course' })
          .returning('id')
          .executeTakeFirstOrThrow();
        classes[n === '10' ? 'ten' : 'eleven'] = row.id;
      }
      for (let i = 0; i < 24; i++) {
        const row = await database.db
          .insertInto('customers')
          .values({ tenant_id, external_id: `aluno-${i}@example.com`, email: `aluno-${i}@example.com` })
          .returning('id')
          .executeTakeFirstOrThrow();
        customers.push(row.id);
      }
      const attempts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const row = await database.db
          .insertInto('attempts')
          .values({ tenant_id, customer_id: customers[i]!, status: 'IN_PROGRESS' })
          .returning('id')
          .executeTakeFirstOrThrow();
        attempts.push(row.id);
      }
      const march = (day: number, hour = 12) => new Date(Date.UTC(2026, 2, day, hour));
      const rows = [
        // class 10: students 0–6 after WhatsApp, 7–8 after e-mail, 9–19 organic
        ...Array.from({ length: 20 }, (_, i) => ({
          customer_id: customers[i]!,
          offering_id: classes.ten,
          offering_key: 'hotmart:10',
          // students 10–15 all at the same instant: the pages must still cut between them
          at: i >= 10 && i <= 15 ? march(28) : march(1 + i),
          origin: i < 7 ? 'link_whatsapp' : i < 9 ? 'link_email' : 'organic',
          link_code: i < 9 ? `code${i}xxxxx` : null,
          attempt_id: i < 9 ? attempts[i]! : null,
        })),
        // class 11: student 0 (same click, same attempt) and student 9, then student 20 organic;
        // 2026-04-01T03:00Z is midnight of 1 April in São Paulo
        {
          customer_id: customers[0]!,
          offering_id: classes.eleven,
          offering_key: 'hotmart:11',
          at: new Date('2026-04-01T03:00:00Z'),
          origin: 'link_whatsapp',
          link_code: 'code0xxxxx',
          attempt_id: attempts[0]!,
        },
        {
          customer_id: customers[9]!,
          offering_id: classes.eleven,
          offering_key: 'hotmart:11',
          at: new Date('2026-04-02T12:00:00Z'),
          origin: 'link_whatsapp',
          link_code: 'code9xxxxx',
          attempt_id: attempts[9]!,
        },
        {
          customer_id: customers[20]!,
          offering_id: classes.eleven,
          offering_key: 'hotmart:11',
          at: new Date('2026-04-30T12:00:00Z'),
          origin: 'organic',
          link_code: null,
          attempt_id: null,
        },
        ...['hotmart:99', 'hotmart:50'].map((offering_key, i) => ({
          customer_id: customers[21 + i]!,
          offering_id: null,
          offering_key,
          at: new Date('2026-05-01T12:00:00Z'),
          origin: 'organic',
          link_code: null,
          attempt_id: null,
        })),
      ];
      await database.db
        .insertInto('first_accesses')
        .values(rows.map((row) => ({ tenant_id, ...row })))
        .execute();
    });

    it('gives each course its accesses, the share via links and the attempts credited, most accesses first', async () => {
      const response = await asAcademy('GET', '/v1/first-accesses/summary');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        from: null,
        to: null,
        offerings: [
          {
            offeringId: classes.ten,
            offeringKey: 'hotmart:10',
            offeringName: 'Turma 10',
            total: 20,
            viaLinks: 9,
            viaLinksShare: 0.45,
            byOrigin: { ...NO_ORIGINS, link_whatsapp: 7, link_email: 2, organic: 11 },
            attempts: 9,
          },
          {
            offeringId: classes.eleven,
            offeringKey: 'hotmart:11',
            offeringName: 'Turma 11',
            total: 3,
            viaLinks: 2,
            viaLinksShare: 0.6667,
            byOrigin: { ...NO_ORIGINS, link_whatsapp: 2, organic: 1 },
            attempts: 2,
          },
          // equal totals: by course key
          {
            offeringId: null,
            offeringKey: 'hotmart:50',
            offeringName: null,
            total: 1,
            viaLinks: 0,
            viaLinksShare: 0,
            byOrigin: { ...NO_ORIGINS, organic: 1 },
            attempts: 0,
          },
          {
            offeringId: null,
            offeringKey: 'hotmart:99',
            offeringName: null,
            total: 1,
            viaLinks: 0,
            viaLinksShare: 0,
            byOrigin: { ...NO_ORIGINS, organic: 1 },
            attempts: 0,
          },
        ],
        total: {
          total: 25,
          viaLinks: 11,
          viaLinksShare: 0.44,
          byOrigin: { ...NO_ORIGINS, link_whatsapp: 9, link_email: 2, organic: 14 },
          // student 0's one attempt brought them to both classes: counted once
          attempts: 10,
        },
      });
    });

    it('narrows the report to one course and to [from, to), plain dates being midnight in the tenant zone', async () => {
      const one = (await asAcademy('GET', `/v1/first-accesses/summary?offeringId=${classes.eleven}`)).json();
      expect(one.offerings.map((o: { offeringKey: string }) => o.offeringKey)).toEqual(['hotmart:11']);
      expect(one.total).toMatchObject({ total: 3, viaLinks: 2, viaLinksShare: 0.6667, attempts: 2 });

      // April in São Paulo: from inclusive (the access at local midnight counts), to exclusive
      const april = (
        await asAcademy('GET', '/v1/first-accesses/summary?from=2026-04-01&to=2026-05-01')
      ).json();
      expect(april.from).toBe('2026-04-01T03:00:00.000Z');
      expect(april.to).toBe('2026-05-01T03:00:00.000Z');
      expect(
        april.offerings.map((o: { offeringKey: string; total: number }) => [o.offeringKey, o.total]),
      ).toEqual([['hotmart:11', 3]]);
      const beforeApril = (
        await asAcademy('GET', '/v1/first-accesses/summary?to=2026-04-01T03:00:00Z')
      ).json();
      expect(beforeApril.total).toMatchObject({ total: 20, viaLinks: 9, viaLinksShare: 0.45, attempts: 9 });
      const may = (
        await asAcademy('GET', '/v1/first-accesses/summary?from=2026-05-01T00:00:00-03:00&to=2026-06-01')
      ).json();
      expect(may.total).toMatchObject({ total: 2, viaLinks: 0, viaLinksShare: 0, attempts: 0 });

      const nothing = (await asAcademy('GET', '/v1/first-accesses/summary?from=2030-01-01')).json();
      expect(nothing).toEqual({
        from: '2030-01-01T03:00:00.000Z',
        to: null,
        offerings: [],
        total: { total: 0, viaLinks: 0, viaLinksShare: null, byOrigin: NO_ORIGINS, attempts: 0 },
      });
    });

    it('lists the accesses oldest first, filtered by course, origin, customer and time', async () => {
      const list = async (query: string) => {
        const response = await asAcademy('GET', `/v1/first-accesses?limit=500&${query}`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json().items as {
          customerId: string;
          offeringKey: string;
          origin: string;
          at: string;
        }[];
      };
      const all = await list('');
      expect(all).toHaveLength(25);
      expect(all.map((i) => i.at)).toEqual(all.map((i) => i.at).sort());
      expect(all[0]).toEqual({
        customerId: customers[0],
        offeringId: classes.ten,
        offeringKey: 'hotmart:10',
        at: '2026-03-01T12:00:00.000Z',
        origin: 'link_whatsapp',
        linkCode: 'code0xxxxx',
        attemptId: expect.any(String),
      });
      expect((await list(`offeringId=${classes.eleven}`)).map((i) => i.customerId)).toEqual([
        customers[0],
        customers[9],
        customers[20],
      ]);
      expect((await list('origin=link_email')).map((i) => i.customerId)).toEqual([
        customers[7],
        customers[8],
      ]);
      expect(await list('origin=link_whatsapp,link_email')).toHaveLength(11);
      expect((await list(`customerId=${customers[0]}`)).map((i) => i.offeringKey)).toEqual([
        'hotmart:10',
        'hotmart:11',
      ]);
      expect(
        (await list(`customerId=${customers[9]}&origin=organic`)).map((i) => [i.offeringKey, i.origin]),
      ).toEqual([['hotmart:10', 'organic']]);
      expect((await list('from=2026-04-01&to=2026-05-01')).map((i) => i.customerId)).toEqual([
        customers[0],
        customers[9],
        customers[20],
      ]);
    });

    it('pages through every access once, cutting between accesses at the same instant', async () => {
      const { items, pages } = await pageThrough<{ customerId: string; offeringKey: string; at: string }>(
        asAcademy,
        '/v1/first-accesses?limit=4',
      );
      expect(pages).toBe(7);
      expect(items).toHaveLength(25);
      expect(new Set(items.map((i) => `${i.customerId}/${i.offeringKey}`)).size).toBe(25);
      expect(items.map((i) => i.at)).toEqual(items.map((i) => i.at).sort());
      expect(items.filter((i) => i.at === '2026-03-28T12:00:00.000Z')).toHaveLength(6);
      const all = (await asAcademy('GET', '/v1/first-accesses?limit=500')).json().items;
      expect(items).toEqual(all);
      const filtered = await pageThrough<{ origin: string }>(
        asAcademy,
        '/v1/first-accesses?limit=2&origin=organic',
      );
      expect(filtered.items).toHaveLength(14);
      expect(filtered.items.every((i) => i.origin === 'organic')).toBe(true);
    });

    it('refuses bad query values with a 400 naming the field', async () => {
      const refused = async (url: string, field: string) => {
        const response = await asAcademy('GET', url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json().error.details.issues[0].field, url).toBe(field);
      };
      await refused('/v1/first-accesses/summary?offeringId=turma-10', 'querystring.offeringId');
      await refused('/v1/first-accesses/summary?from=yesterday', 'querystring.from');
      await refused('/v1/first-accesses/summary?to=2026-13-01', 'querystring.to');
      await refused('/v1/first-accesses/summary?from=2026-04-01T10:00:00', 'querystring.from');
      // the first of the comma-separated values that is no origin
      await refused('/v1/first-accesses?origin=organic,whatsapp', 'querystring.origin.1');
      await refused('/v1/first-accesses?customerId=42', 'querystring.customerId');
      await refused('/v1/first-accesses?offeringId=x', 'querystring.offeringId');
      await refused('/v1/first-accesses?from=soon', 'querystring.from');
      await refused('/v1/first-accesses?limit=0', 'querystring.limit');
      await refused('/v1/first-accesses?cursor=not-a-cursor', 'query.cursor');
    });

    it("shows a tenant none of another tenant's accesses, whatever the filter", async () => {
      const academyKeys = ['hotmart:10', 'hotmart:11', 'hotmart:50', 'hotmart:99'];
      const school = (await asSchool('GET', '/v1/first-accesses/summary')).json();
      expect(
        school.offerings.filter((o: { offeringKey: string }) => academyKeys.includes(o.offeringKey)),
      ).toEqual([]);
      for (const query of [`offeringId=${classes.ten}`, `customerId=${customers[0]}`, 'origin=link_email']) {
        const items = (await asSchool('GET', `/v1/first-accesses?limit=500&${query}`)).json().items;
        expect(items, query).toEqual([]);
      }
      const theirs = (await asSchool('GET', `/v1/first-accesses/summary?offeringId=${classes.ten}`)).json();
      expect(theirs.offerings).toEqual([]);
      expect(theirs.total.total).toBe(0);
    });
  });
});
