import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/build-app.ts';
import type { TestDatabase } from '../support/database.ts';

/** The app as build-app.ts makes it. */
export async function createSlotsTestApp(database: TestDatabase): Promise<FastifyInstance> {
  const app = await buildApp({ db: database.db, logger: false });
  await app.ready();
  return app;
}

const MS_PER_DAY = 86_400_000;
const SAO_PAULO_OFFSET_MS = -3 * 3_600_000;

/**
 * A São Paulo calendar (UTC−3 all year since 2019) around the first Monday at least three days
 * from now, so every slot of the test week lies in the future whatever day the tests run.
 */
export function testWeek(now = Date.now()) {
  let day = Math.floor((now + SAO_PAULO_OFFSET_MS) / MS_PER_DAY) + 3;
  // 1970-01-01 was a Thursday: (day + 3) % 7 === 0 on Mondays.
  while ((day + 3) % 7 !== 0) day++;
  const date = (offset: number) => new Date((day + offset) * MS_PER_DAY).toISOString().slice(0, 10);
  return {
    monday: date(0),
    /** YYYY-MM-DD `offset` days from that Monday (negative: before). */
    date,
    /** An ISO instant at local HH:MM on the date `offset` days from that Monday. */
    at: (offset: number, time: string) => `${date(offset)}T${time}:00-03:00`,
  };
}
