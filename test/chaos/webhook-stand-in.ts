import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '../../src/adapters/channels/webhook/signature.ts';
import type { Random } from '../../src/app/demo/random.ts';

/**
 * A webhook receiver that misbehaves on purpose, with Stripe's idempotency rule: the first request
 * with a key that the receiver *takes* fixes the answer, and every later request with that key gets
 * the same answer without being counted as a new delivery. A request it refuses (500, 503, 429)
 * is not taken, as a load balancer's 503 is not: the key stays free for the retry.
 *
 * What it does to a request whose key it has not taken yet, by draw:
 * - refuses with 503/500/429 and `Retry-After: 1` (the queue retries about a second later);
 * - refuses with 500 and no Retry-After;
 * - takes it and answers after 1–3 s;
 * - takes it and answers after `beyondTimeoutMs` (past the webhook client's 10 s timeout: the queue
 *   sees an unknown outcome and must send again, which this receiver then folds);
 * - takes it and drops the connection without answering (the same unknown outcome);
 * - otherwise takes it and answers 200 at once.
 *
 * The refusal without Retry-After, the late answer and the dropped connection each leave the queue
 * to its own backoff, 30–60 s after a first hand-off (DEFAULT_RETRY_POLICY). To keep the test inside
 * its time budget they are drawn only on a key's first request and only during the first
 * `longBackoffWindowMs` after the receiver's first request; a second such wait, or one drawn at the
 * end of the run, would outlast the budget without testing anything new.
 */

export interface StandInOptions {
  readonly random: Random;
  readonly signingSecret: string;
  /** How late an answer "beyond the sender timeout" comes. */
  readonly beyondTimeoutMs: number;
  /** How long after the first request the draws that cause a long backoff are made. */
  readonly longBackoffWindowMs: number;
  /** Draw probabilities; the rest are taken and answered at once. */
  readonly rates?: Partial<typeof DEFAULT_RATES>;
}

export const DEFAULT_RATES = {
  refuseWithRetryAfter: 0.1,
  refuseWithoutRetryAfter: 0.02,
  slow: 0.05,
  beyondTimeout: 0.002,
  drop: 0.01,
};

type Fate = 'refuse' | 'refuseWithoutRetryAfter' | 'slow' | 'beyondTimeout' | 'drop' | 'ok';
const LONG_BACKOFF = new Set<Fate>(['refuseWithoutRetryAfter', 'beyondTimeout', 'drop']);

/** Which band of the rates `r` (uniform in [0, 1)) falls in. */
function drawFate(r: number, rates: typeof DEFAULT_RATES): Fate {
  const bands: [Fate, number][] = [
    ['refuse', rates.refuseWithRetryAfter],
    ['refuseWithoutRetryAfter', rates.refuseWithoutRetryAfter],
    ['slow', rates.slow],
    ['beyondTimeout', rates.beyondTimeout],
    ['drop', rates.drop],
  ];
  let edge = 0;
  for (const [fate, rate] of bands) {
    edge += rate;
    if (r < edge) return fate;
  }
  return 'ok';
}

export interface KeyRecord {
  /** Arrival time (ms since the epoch) of every request with this key, first to last. */
  readonly arrivals: number[];
  /** Arrival time of the request that was taken (the one delivery). */
  acceptedAt: number | null;
  /** The receiver's id for the delivery, answered to every request once taken. */
  receiverId: string | null;
  /** Requests that came after the key was taken and were folded into its first answer. */
  folded: number;
}

export interface StandIn {
  readonly url: string;
  readonly keys: ReadonlyMap<string, KeyRecord>;
  /** Arrival times of every request, whatever its answer. */
  readonly arrivals: readonly number[];
  /** Requests whose signature did not verify (answered 401; must stay 0). */
  badSignatures(): number;
  counts(): Record<string, number>;
  close(): Promise<void>;
}

export async function startWebhookStandIn(options: StandInOptions): Promise<StandIn> {
  const rates = { ...DEFAULT_RATES, ...options.rates };
  const keys = new Map<string, KeyRecord>();
  const arrivals: number[] = [];
  const counts: Record<string, number> = {};
  const count = (what: string) => {
    counts[what] = (counts[what] ?? 0) + 1;
  };
  let deliveries = 0;
  let firstArrival = Number.POSITIVE_INFINITY;
  let badSignatures = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const answer = (
    res: ServerResponse,
    status: number,
    body: object,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const at = Date.now();
    arrivals.push(at);
    firstArrival = Math.min(firstArrival, at);
    const verified = verifyWebhook({
      secret: options.signingSecret,
      rawBody,
      timestamp: header(req, TIMESTAMP_HEADER),
      signature: header(req, SIGNATURE_HEADER),
      now: new Date(at),
    });
    const key = header(req, IDEMPOTENCY_HEADER);
    if (!verified.ok || !key) {
      badSignatures++;
      answer(res, 401, { error: verified.ok ? 'no idempotency key' : verified.reason });
      return;
    }
    let record = keys.get(key);
    const longBackoffAllowed = record === undefined && at - firstArrival < options.longBackoffWindowMs;
    if (!record) {
      record = { arrivals: [], acceptedAt: null, receiverId: null, folded: 0 };
      keys.set(key, record);
    }
    record.arrivals.push(at);
    if (record.receiverId !== null) {
      record.folded++;
      count('folded');
      answer(res, 200, { id: record.receiverId, duplicate: true });
      return;
    }

    const draw = drawFate(options.random.float(), rates);
    // Outside the window (or on a repeat), a long-backoff draw is an ordinary success.
    const fate = LONG_BACKOFF.has(draw) && !longBackoffAllowed ? 'ok' : draw;
    if (fate === 'refuse') {
      const status = options.random.pick([503, 500, 429]);
      count(`refused_${status}`);
      answer(res, status, { error: 'try again' }, { 'retry-after': '1' });
      return;
    }
    if (fate === 'refuseWithoutRetryAfter') {
      count('refused_500_no_retry_after');
      answer(res, 500, { error: 'internal error' });
      return;
    }
    // Taken from here on: the key has its one delivery, whatever happens to the answer.
    deliveries++;
    const id = `standin-${deliveries}`;
    record.acceptedAt = at;
    record.receiverId = id;
    const ok = () => answer(res, 200, { id });
    if (fate === 'slow') {
      count('slow');
      later(options.random.int(1000, 3000), ok);
      return;
    }
    if (fate === 'beyondTimeout') {
      count('beyond_timeout');
      later(options.beyondTimeoutMs, ok);
      return;
    }
    if (fate === 'drop') {
      count('dropped');
      req.socket.destroy();
      return;
    }
    count('ok');
    ok();
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
    // A worker killed mid-request resets its sockets; that is the test, not an error.
    req.on('error', () => {});
    res.on('error', () => {});
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/rekindle`,
    keys,
    arrivals,
    badSignatures: () => badSignatures,
    counts: () => ({ ...counts }),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
