import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/app/demo/random.ts';
import { enqueueMessage } from '../../src/app/outbound/index.ts';
import { ALWAYS_OPEN, addSender, createOutboundTenant } from '../outbound/helpers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type StandIn, startWebhookStandIn } from './webhook-stand-in.ts';
import { maxInWindow, perWholeSecond } from './windows.ts';
import { startWorkerFleet, type WorkerFleet } from './worker-fleet.ts';

/*
 * Issue 5's chaos test: 5,000 webhook messages, three `rekindle worker` processes on one real
 * PostgreSQL, one of them killed with SIGKILL every 1–3 s and restarted, and a receiver that
 * refuses, stalls, answers late and hangs up at random (webhook-stand-in.ts). At the end every
 * message must be `sent`, taken exactly once by the receiver (counted by Idempotency-Key), and no
 * sliding second may hold more hand-offs than the sender's cap.
 *
 * Time budget: about 2.5 minutes on the 2-core machine, 3 at most. Enqueueing through the use case
 * takes 15–20 s. The kills go on for the first 35 s only: a killed worker's messages come back when
 * their lease lapses, 90 s after their claim (the worker's default lease, twice its 30 s send
 * timeout plus 30 s; `rekindle worker` takes no setting for it), so each kill holds the end of the
 * run back to at least 90 s after it. The cap of 60 a second is under what the three workers do
 * while being killed (about 70 hand-offs a second uncapped), so it binds for most of the run; the
 * dispatcher then achieves about 50 a second (it sleeps 500 ms when its sender is full), and
 * 5,000 messages with their ~700 retries take about 115 s, close to when the last kill's leases
 * lapse. The webhook client's own timeout is 10 s (not settable from the worker either), so the
 * receiver's "beyond the timeout" answers come after 11 s.
 */

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const MESSAGES = 5_000;
const WORKERS = 3;
/** Under what the three workers do here while being killed, so the cap binds (see the figures). */
const PER_SECOND_CAP = 60;
const SIGNING_SECRET = 'chaos-test-signing-secret-0123456789';
const KILL_PHASE_MS = 35_000;
/** Refusals without Retry-After, late answers and dropped connections happen this long (see the stand-in). */
const LONG_BACKOFF_WINDOW_MS = 60_000;
/** From the first worker's start to the last message final; the run normally needs about 130 s. */
const RUN_MAX_MS = 150_000;
/** Printed with the figures; CHAOS_SEED=<seed> repeats a run's draws (not its timing). */
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!TEST_DATABASE_URL)(
  'the send queue under chaos (needs TEST_DATABASE_URL: worker processes share one real PostgreSQL)',
  () => {
    let database: TestDatabase;
    let standIn: StandIn;
    let fleet: WorkerFleet | undefined;
    let senderId: string;
    const keys = Array.from({ length: MESSAGES }, (_, i) => `chaos-${SEED}-${i}`);
    const random = createRandom(SEED);

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      standIn = await startWebhookStandIn({
        random: createRandom(SEED, 1),
        signingSecret: SIGNING_SECRET,
        beyondTimeoutMs: 11_000,
        longBackoffWindowMs: LONG_BACKOFF_WINDOW_MS,
      });
      const tenantId = await createOutboundTenant(database.db, { outreach: { window: ALWAYS_OPEN } }, 'UTC');
      senderId = await addSender(database.db, tenantId, {
        channel: 'webhook',
        settings: { url: standIn.url },
        secrets: { signingSecret: SIGNING_SECRET },
        caps: { perSecond: PER_SECOND_CAP, perHour: null, perDay: null },
        warmUp: false,
        recipientGapSeconds: 0,
      });
      // Eight lanes over the pool of five: enough to keep it busy, each enqueue its own transaction.
      let next = 0;
      const lane = async () => {
        while (next < MESSAGES) {
          const i = next++;
          await enqueueMessage(database.db, tenantId, {
            channel: 'webhook',
            kind: 'direct',
            to: `endpoint-${i}`,
            text: `chaos message ${i}`,
            idempotencyKey: keys[i]!,
            // Kills and refusals each use a hand-off; the default five could run out by bad luck.
            maxAttempts: 20,
          });
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    }, 60_000);

    afterAll(async () => {
      await fleet?.killAll();
      await standIn?.close();
      await database?.dispose();
    });

    async function statusCounts() {
      const result = await sql<{ status: string; n: number; in_doubt: number }>`
        select status, count(*)::int as n,
          count(*) filter (where reconcile_reason is not null)::int as in_doubt
        from messages group by status`.execute(database.db);
      const by = Object.fromEntries(result.rows.map((r) => [r.status, r.n]));
      return {
        by,
        final: (by.sent ?? 0) + (by.failed ?? 0) + (by.skipped ?? 0) + (by.cancelled ?? 0),
        inDoubt: result.rows.reduce((s, r) => s + r.in_doubt, 0),
      };
    }

    it(
      'sends every message exactly once, loses none and never exceeds the cap while workers are killed',
      async () => {
        const started = Date.now();
        fleet = startWorkerFleet(WORKERS, {
          DATABASE_URL: database.url!,
          DATABASE_SCHEMA: database.schema!,
        });

        // Kill phase: one worker every 1–3 s.
        let kills = 0;
        while (Date.now() - started < KILL_PHASE_MS) {
          await sleep(random.int(1000, 3000));
          await fleet.killAndRestart(random.int(0, WORKERS - 1));
          kills++;
        }
        const killPhaseMs = Date.now() - started;

        // Then no more kills; what the killed workers held comes back as their leases lapse.
        let counts = await statusCounts();
        while (counts.final < MESSAGES && Date.now() - started < RUN_MAX_MS) {
          await sleep(1000);
          counts = await statusCounts();
        }
        const runMs = Date.now() - started;
        const exitCodes = await fleet.drain(15_000);

        const rows = await database.db
          .selectFrom('messages')
          .select(['idempotency_key', 'status', 'provider_message_id', 'attempts', 'lease_owner'])
          .execute();
        const ledger = await sql<{ key: string; us: string }>`
          select m.idempotency_key as key, (extract(epoch from h.at) * 1000000)::bigint::text as us
          from sender_handoffs h join messages m on m.id = h.message_id
          where h.sender_id = ${senderId}::uuid
          order by h.at`.execute(database.db);
        const ledgerUs = ledger.rows.map((r) => Number(r.us));
        const handoffsByKey = new Map<string, number>();
        for (const r of ledger.rows) handoffsByKey.set(r.key, (handoffsByKey.get(r.key) ?? 0) + 1);
        const arrivals = [...standIn.arrivals].sort((a, b) => a - b);
        const taken = [...standIn.keys].filter(([, record]) => record.receiverId !== null);
        const folded = [...standIn.keys.values()].reduce((sum, record) => sum + record.folded, 0);
        const perSecond = perWholeSecond(ledgerUs, 1_000_000);
        // Claim stamp to arrival, for keys handed off and received exactly once (no retry to pair up).
        const stampOf = new Map(ledger.rows.map((r) => [r.key, Number(r.us) / 1000]));
        const latencies = [...standIn.keys]
          .filter(([key, record]) => handoffsByKey.get(key) === 1 && record.arrivals.length === 1)
          .map(([key, record]) => record.arrivals[0]! - stampOf.get(key)!)
          .sort((a, b) => a - b);
        const quantile = (q: number) =>
          Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);

        const figures = {
          seed: SEED,
          runSeconds: runMs / 1000,
          killPhaseSeconds: killPhaseMs / 1000,
          kills,
          workerProcessesStarted: fleet.started(),
          statuses: counts.by,
          handOffs: ledger.rows.length,
          requestsAtReceiver: arrivals.length,
          deliveries: taken.length,
          duplicateRequestsFolded: folded,
          receiverDraws: standIn.counts(),
          ledgerMaxPerSecond: maxInWindow(ledgerUs, 1_000_000),
          receiverMaxPerSecond: maxInWindow(arrivals, 1000),
          stampToArrivalMs: { p50: quantile(0.5), p99: quantile(0.99), max: quantile(1) },
          secondsNearCap: perSecond.filter((n) => n >= 0.9 * PER_SECOND_CAP).length,
          secondsWithHandOffs: perSecond.length,
          drainExitCodes: exitCodes,
        };
        console.info(`send-queue chaos: ${JSON.stringify(figures)}`);
        const context = `${JSON.stringify(figures)}\n--- worker output (tail) ---\n${fleet.output()}`;

        // The run did what it set out to: many kills, and the receiver misbehaved in every way.
        expect(kills, context).toBeGreaterThanOrEqual(10);
        expect(fleet.unexpectedExits(), context).toEqual([]);
        for (const draw of [
          'refused_503',
          'refused_500_no_retry_after',
          'slow',
          'dropped',
          'beyond_timeout',
        ]) {
          expect(figures.receiverDraws[draw] ?? 0, `${draw}: ${context}`).toBeGreaterThan(0);
        }

        // None lost, none in doubt: every message is sent, none left queued, sending or leased.
        expect(counts.by, context).toEqual({ sent: MESSAGES });
        expect(counts.inDoubt, context).toBe(0);
        expect(rows.filter((r) => r.lease_owner !== null)).toEqual([]);

        // Exactly once at the receiver: the keys it took are the 5,000 queued, each once.
        expect(standIn.badSignatures(), context).toBe(0);
        expect(taken.length, context).toBe(MESSAGES);
        expect(new Set(taken.map(([key]) => key)), context).toEqual(new Set(keys));
        // The queue recorded the receiver's answer for the one delivery of each key.
        const receiverIdOf = new Map(taken.map(([key, record]) => [key, record.receiverId]));
        const mismatched = rows.filter((r) => r.provider_message_id !== receiverIdOf.get(r.idempotency_key));
        expect(mismatched.slice(0, 5), context).toEqual([]);

        // Every request the receiver saw was a counted hand-off (the cap counts what the provider sees).
        const uncounted = [...standIn.keys].filter(
          ([key, record]) => record.arrivals.length > (handoffsByKey.get(key) ?? 0),
        );
        expect(uncounted.slice(0, 5), context).toEqual([]);

        // No cap exceeded, in the ledger the caps are defined on (claim.ts guarantee 5): every
        // sliding second of claim stamps (database clock, to the microsecond). Not asserted at the
        // receiver: each call arrives its claim-to-send latency after its stamp, and that latency
        // (a claim waiting for the sender's lock, then committing; a busy worker) reached a second
        // under load in bench/send.ts, so a receiver-side check would need a tolerance so wide it
        // would hold back nothing. The receiver's figure is printed above instead.
        expect(figures.ledgerMaxPerSecond, context).toBeLessThanOrEqual(PER_SECOND_CAP);
        // ... and the cap was actually reached, so the check above had something to hold back.
        expect(figures.ledgerMaxPerSecond, context).toBe(PER_SECOND_CAP);

        // SIGTERM drains: every worker exits cleanly.
        expect(exitCodes, context).toEqual(Array.from({ length: WORKERS }, () => 0));
      },
      RUN_MAX_MS + 25_000,
    );
  },
);
