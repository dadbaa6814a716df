/**
 * Send-queue throughput (issue 5): sustained webhook sends per second to a loopback receiver that
 * answers 200 at once, with 1, 2 and 4 `rekindle worker` processes on PostgreSQL and one
 * in-process dispatcher on the embedded PGlite (processes cannot share a PGlite directory), each
 * beside pg-boss working the same number of no-op jobs on the same database in the same run. Then
 * cap enforcement under load: a sender capped at --cap per second, and how far the per-second
 * hand-offs (the ledger) and arrivals (the receiver) stray from it.
 *
 *   node bench/send.ts [--backend postgres|pglite|both] [--database-url postgres://…]
 *                      [--workers 1,2,4] [--messages 5000]
 *                      [--cap 100] [--pglite-cap 25] [--cap-seconds 30] [--cap-workers 4]
 *
 * The cap runs queue cap × cap-seconds messages for a sender capped at --cap per second
 * (PostgreSQL, --cap-workers processes) or --pglite-cap (embedded: its one dispatcher does not
 * reach 100/s, and a cap that is never reached measures nothing).
 *
 * One JSON line per configuration. Rates are (N − 1) / (last completion − first completion): the
 * messages' `sent_at` (written by the worker when the receiver answered) and pg-boss's
 * `completed_on`. Start-up is left out on both sides: the workers are started and reported ready
 * before the messages are made due (one UPDATE of `scheduled_for`) or the jobs are inserted. The
 * messages are queued with one INSERT … SELECT (the enqueue use case is not what is measured).
 * pg-boss works batches of 16 (`batchSize`) per process, as a dispatcher holds 16 sends in flight
 * per process (its default concurrency), polling every 0.5 s when idle as the dispatcher does,
 * fetching again at once while batches come back full.
 *
 * The PostgreSQL URL comes from --database-url, else DATABASE_URL, else TEST_DATABASE_URL; each
 * configuration works in a fresh schema (and pg-boss in `<schema>_jobs`), dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import pino from 'pino';
import { createChannelRegistry } from '../src/adapters/channels/registry.ts';
import { type DatabaseHandle, openDatabase } from '../src/adapters/db/kysely.ts';
import { migrate } from '../src/adapters/db/migrate.ts';
import { createBoss } from '../src/adapters/jobs/boss.ts';
import { createSender } from '../src/app/outbound/index.ts';
import { createTenant } from '../src/app/tenants.ts';
import { startDispatcher } from '../src/workers/dispatcher.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const QUEUE = 'bench.noop';
/** Jobs per pg-boss fetch, matching the dispatcher's default concurrency of 16 sends in flight. */
const BOSS_BATCH = 16;
const PHASE_TIMEOUT_MS = 300_000;

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    'database-url': { type: 'string' },
    workers: { type: 'string', default: '1,2,4' },
    messages: { type: 'string', default: '5000' },
    cap: { type: 'string', default: '100' },
    'pglite-cap': { type: 'string', default: '25' },
    'cap-seconds': { type: 'string', default: '30' },
    'cap-workers': { type: 'string', default: '4' },
    // internal: a pg-boss worker process
    'boss-child': { type: 'boolean', default: false },
    schema: { type: 'string' },
  },
});

const url = values['database-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the receiver -------------------------------------------------------------------------------

interface Receiver {
  url: string;
  /** Arrival times (ms) since the last reset. */
  arrivals: number[];
  /** The first arrival of each Idempotency-Key since the last reset. */
  byKey: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  let arrivals: number[] = [];
  let byKey = new Map<string, number>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    arrivals.push(at);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && !byKey.has(key)) byKey.set(key, at);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"r-${++n}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get arrivals() {
      return arrivals;
    },
    get byKey() {
      return byKey;
    },
    reset() {
      arrivals = [];
      byKey = new Map();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- databases ----------------------------------------------------------------------------------

interface BenchDatabase extends DatabaseHandle {
  schema?: string;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function openFresh(backend: 'postgres' | 'pglite'): Promise<BenchDatabase> {
  if (backend === 'pglite') {
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(handle.db);
    return handle;
  }
  const schema = `bench_send_${randomBytes(4).toString('hex')}`;
  await admin(`create schema ${schema}`);
  const handle = openDatabase({ kind: 'postgres', url: url!, schema, poolSize: 4 });
  await migrate(handle.db);
  return {
    ...handle,
    schema,
    async close() {
      await handle.close();
      await admin(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_jobs cascade`);
    },
  };
}

/** A tenant open around the clock, a webhook sender to the receiver, and `n` messages not yet due. */
async function prepare(database: BenchDatabase, receiverUrl: string, n: number, cap: number | null) {
  const { tenant } = await createTenant(database.db, {
    name: 'Bench',
    timezone: 'UTC',
    locale: 'en',
    settings: {
      outreach: {
        window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: '24:00' },
      },
    },
  });
  const sender = await createSender(database.db, tenant.id, {
    channel: 'webhook',
    name: 'receiver',
    settings: { url: receiverUrl },
    secrets: { signingSecret: SIGNING_SECRET },
    caps: { perSecond: cap, perHour: null, perDay: null },
    warmUp: false,
    recipientGapSeconds: 0,
  });
  await sql`
    insert into messages (tenant_id, kind, channel, recipient, body, idempotency_key, scheduled_for)
    select ${tenant.id}::uuid, 'direct', 'webhook', 'endpoint-' || i, 'bench message ' || i,
      'bench-' || i, now() + interval '1 day'
    from generate_series(1, ${n}) as i`.execute(database.db);
  return { tenantId: tenant.id, senderId: sender.id };
}

const release = (database: BenchDatabase) =>
  sql`update messages set scheduled_for = now() where status = 'queued'`.execute(database.db);

async function sentCount(database: BenchDatabase): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from messages where status = 'sent'`.execute(
    database.db,
  );
  return r.rows[0]!.n;
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${PHASE_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
}

/**
 * (n − 1) per second between the first and last completion, and how many claim transactions it
 * took (each claim stamps its hand-offs with one instant, so distinct ledger instants = claims).
 */
async function messageRate(database: BenchDatabase, n: number) {
  const r = await sql<{ first: Date; last: Date; sent: number }>`
    select min(sent_at) as first, max(sent_at) as last, count(*)::int as sent
    from messages where status = 'sent'`.execute(database.db);
  const { first, last, sent } = r.rows[0]!;
  if (sent !== n) throw new Error(`${sent} of ${n} messages sent`);
  const c = await sql<{
    claims: number;
  }>`select count(distinct at)::int as claims from sender_handoffs`.execute(database.db);
  const seconds = (last.getTime() - first.getTime()) / 1000;
  return { seconds, perSecond: (n - 1) / seconds, claims: c.rows[0]!.claims };
}

// ---- worker processes ---------------------------------------------------------------------------

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Spawns a process and resolves once a line of its output matches `ready`. */
function spawnReady(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    const onData = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-10_000);
      if (ready.test(output)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      children.delete(child);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

async function stopAll(processes: ChildProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

function startRekindleWorkers(database: BenchDatabase, count: number): Promise<ChildProcess[]> {
  const env = {
    DATABASE_URL: url!,
    DATABASE_SCHEMA: database.schema!,
    LOG_LEVEL: 'info',
  };
  return Promise.all(
    Array.from({ length: count }, () =>
      spawnReady([CLI, 'worker', '--no-schedule'], env, /rekindle worker is running/),
    ),
  );
}

// ---- pg-boss ------------------------------------------------------------------------------------

const bossWork = { batchSize: BOSS_BATCH, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true };

async function bossChild(): Promise<void> {
  const boss = new PgBoss({ connectionString: url!, schema: values.schema!, max: 4, schedule: false });
  boss.on('error', (error) => console.error(error));
  await boss.start();
  await boss.work(QUEUE, bossWork, async () => {});
  console.log('boss worker ready');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await boss.stop({ graceful: true });
}

async function bossRate(progress: () => Promise<{ first: Date; last: Date; done: number }>, n: number) {
  const { first, last, done } = await progress();
  if (done !== n) throw new Error(`${done} of ${n} jobs completed`);
  const seconds = (last.getTime() - first.getTime()) / 1000;
  return { seconds, perSecond: (n - 1) / seconds };
}

const jobs = (n: number) => Array.from({ length: n }, (_, i) => ({ data: { i } }));

/** pg-boss in `count` processes on the PostgreSQL schema `<schema>_jobs`. */
async function bossOnPostgres(database: BenchDatabase, count: number, n: number) {
  const schema = `${database.schema}_jobs`;
  const boss = new PgBoss({ connectionString: url!, schema, max: 2, schedule: false, supervise: false });
  boss.on('error', (error) => console.error(error));
  await boss.start();
  await boss.createQueue(QUEUE);
  const workers = await Promise.all(
    Array.from({ length: count }, () =>
      spawnReady([SELF, '--boss-child', '--schema', schema, '--database-url', url!], {}, /boss worker ready/),
    ),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const progress = async () => {
    const r = await client.query<{ first: Date; last: Date; done: number }>(
      `select min(completed_on) as first, max(completed_on) as last,
         count(*) filter (where state = 'completed')::int as done
       from ${schema}.job where name = $1`,
      [QUEUE],
    );
    return r.rows[0]!;
  };
  try {
    await boss.insert(QUEUE, jobs(n));
    await waitUntil(async () => (await progress()).done >= n, 'pg-boss on PostgreSQL');
    return await bossRate(progress, n);
  } finally {
    await stopAll(workers);
    await client.end();
    await boss.stop({ graceful: false });
  }
}

/** pg-boss in this process on the same PGlite, through the application's adapter. */
async function bossOnPglite(database: BenchDatabase, n: number) {
  const boss = createBoss({ kind: 'pglite', pglite: database.pglite!, schema: 'pgboss' }, database.db);
  boss.on('error', (error) => console.error(error));
  await boss.start();
  await boss.createQueue(QUEUE);
  await boss.work(QUEUE, bossWork, async () => {});
  const progress = async () => {
    const r = await sql<{ first: Date; last: Date; done: number }>`
      select min(completed_on) as first, max(completed_on) as last,
        count(*) filter (where state = 'completed')::int as done
      from pgboss.job where name = ${QUEUE}`.execute(database.db);
    return r.rows[0]!;
  };
  try {
    await boss.insert(QUEUE, jobs(n));
    await waitUntil(async () => (await progress()).done >= n, 'pg-boss on PGlite');
    return await bossRate(progress, n);
  } finally {
    await boss.stop({ graceful: false });
  }
}

// ---- configurations -----------------------------------------------------------------------------

const silent = pino({ level: 'silent' });

/** Sends `n` messages with `workers` processes (PostgreSQL) or the in-process dispatcher (PGlite). */
async function sendAll(database: BenchDatabase, workers: number, n: number): Promise<void> {
  if (database.kind === 'postgres') {
    const processes = await startRekindleWorkers(database, workers);
    try {
      await release(database);
      await waitUntil(async () => (await sentCount(database)) >= n, 'sending');
    } finally {
      await stopAll(processes);
    }
    return;
  }
  const registry = createChannelRegistry({});
  const dispatcher = startDispatcher({ db: database.db, registry, logger: silent });
  try {
    await release(database);
    await waitUntil(async () => dispatcher.stats().sent >= n, 'sending');
  } finally {
    await dispatcher.stop();
    registry.close();
  }
}

async function throughput(backend: 'postgres' | 'pglite', workers: number, n: number, receiver: Receiver) {
  const database = await openFresh(backend);
  try {
    receiver.reset();
    await prepare(database, receiver.url, n, null);
    await sendAll(database, workers, n);
    const messages = await messageRate(database, n);
    const boss =
      backend === 'postgres' ? await bossOnPostgres(database, workers, n) : await bossOnPglite(database, n);
    console.log(
      JSON.stringify({
        kind: 'throughput',
        backend,
        workers,
        messages: n,
        seconds: round(messages.seconds),
        messagesPerSecond: Math.round(messages.perSecond),
        claims: messages.claims,
        meanClaimBatch: round(n / messages.claims),
        bossJobs: n,
        bossSeconds: round(boss.seconds),
        bossJobsPerSecond: Math.round(boss.perSecond),
        ratio: round(messages.perSecond / boss.perSecond),
      }),
    );
  } finally {
    await database.close();
  }
}

/** Events per whole second, the partial first and last seconds left out. */
function innerSeconds(times: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const t of times) counts.set(Math.floor(t / 1000), (counts.get(Math.floor(t / 1000)) ?? 0) + 1);
  const seconds = [...counts.keys()].sort((a, b) => a - b);
  return seconds.slice(1, -1).map((s) => counts.get(s)!);
}

/** The most events in any sliding window (t − 1 s, t]. */
function maxPerSlidingSecond(sorted: readonly number[]): number {
  let max = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[from]! <= sorted[to]! - 1000) from++;
    max = Math.max(max, to - from + 1);
  }
  return max;
}

function deviation(times: number[], cap: number) {
  const sorted = [...times].sort((a, b) => a - b);
  const inner = innerSeconds(sorted);
  const mean = inner.reduce((s, c) => s + c, 0) / Math.max(1, inner.length);
  const maxSliding = maxPerSlidingSecond(sorted);
  return {
    maxPerSlidingSecond: maxSliding,
    maxOverCapPct: round((100 * (maxSliding - cap)) / cap),
    meanPerSecond: round(mean),
    meanVsCapPct: round((100 * (mean - cap)) / cap),
    maxPerWholeSecond: Math.max(0, ...inner),
    minPerWholeSecond: Math.min(...inner),
  };
}

async function capEnforcement(
  backend: 'postgres' | 'pglite',
  workers: number,
  n: number,
  cap: number,
  receiver: Receiver,
) {
  const database = await openFresh(backend);
  try {
    receiver.reset();
    const { senderId } = await prepare(database, receiver.url, n, cap);
    await sendAll(database, workers, n);
    // Per hand-off: its ledger stamp (the claim's clock reading, taken when the claim begins), the
    // claim event written near the claim's end (message_events.at is clock_timestamp() at insert),
    // and when the call reached the receiver.
    const ledger = await sql<{ at: Date; key: string; claimed: Date }>`
      select h.at, m.idempotency_key as key, e.at as claimed
      from sender_handoffs h join messages m on m.id = h.message_id
      join message_events e on e.message_id = m.id and e.to_status = 'sending'
      where h.sender_id = ${senderId}::uuid`.execute(database.db);
    const spread = (values: number[]) => {
      const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
    };
    const arrival = (key: string) => receiver.byKey.get(key) ?? Number.NaN;
    const sent = await messageRate(database, n);
    console.log(
      JSON.stringify({
        kind: 'cap',
        backend,
        workers: backend === 'postgres' ? workers : 1,
        messages: n,
        capPerSecond: cap,
        seconds: round(sent.seconds),
        ledger: deviation(
          ledger.rows.map((r) => r.at.getTime()),
          cap,
        ),
        receiver: deviation(receiver.arrivals, cap),
        stampToArrivalMs: spread(ledger.rows.map((r) => arrival(r.key) - r.at.getTime())),
        stampToClaimEventMs: spread(ledger.rows.map((r) => r.claimed.getTime() - r.at.getTime())),
        claimEventToArrivalMs: spread(ledger.rows.map((r) => arrival(r.key) - r.claimed.getTime())),
      }),
    );
  } finally {
    await database.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  if (values['boss-child']) return bossChild();
  const backends =
    values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as 'postgres' | 'pglite'];
  if (backends.includes('postgres') && !url) {
    throw new Error('PostgreSQL needs --database-url, DATABASE_URL or TEST_DATABASE_URL');
  }
  const n = Number(values.messages);
  const receiver = await startReceiver();
  try {
    for (const backend of backends) {
      const counts = backend === 'postgres' ? values.workers.split(',').map(Number) : [1];
      for (const workers of counts) await throughput(backend, workers, n, receiver);
    }
    for (const backend of backends) {
      const cap = Number(backend === 'postgres' ? values.cap : values['pglite-cap']);
      await capEnforcement(
        backend,
        Number(values['cap-workers']),
        cap * Number(values['cap-seconds']),
        cap,
        receiver,
      );
    }
  } finally {
    await receiver.close();
  }
}

await main();
