import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/kysely.ts';
import { claimMessages } from '../app/outbound/claim.ts';
import type { ClaimedMessage } from '../app/outbound/claimed.ts';
import { type Outcome, type OutcomeWritten, recordOutcomes } from '../app/outbound/outcomes.ts';
import type { Channel, ChannelClient, SendResult } from '../domain/outreach/channel.ts';
import {
  type AfterSend,
  afterSend,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type SendOutcome,
} from '../domain/outreach/retry.ts';

type Sent = Extract<AfterSend, { kind: 'sent' }>;
type NotSent = Exclude<AfterSend, { kind: 'sent' }>;

/** The few log calls the loop makes (pino's signature). */
export interface DispatcherLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface DispatcherDeps {
  /** Claims up to `limit` messages (one short transaction); resolves to none when nothing is due. */
  claim(limit: number): Promise<readonly ClaimedMessage[]>;
  /** Hands one message to its channel; `signal` aborts it at the send timeout. */
  send(claimed: ClaimedMessage, signal: AbortSignal): Promise<SendResult>;
  /** Records that the provider accepted the message. */
  complete(claimed: ClaimedMessage, sent: Sent): Promise<unknown>;
  /** Records any other outcome: a retry, a failure, a paused sender, a message in doubt. */
  fail(claimed: ClaimedMessage, outcome: NotSent): Promise<unknown>;
  clock: () => Date;
  /** In [0, 1): the jitter of retry delays. */
  random: () => number;
  /** Aborting it stops the loop as `stop()` does. */
  signal?: AbortSignal;
  /** Hand-offs in flight at once (default 16). */
  concurrency?: number;
  /** Most messages one claim takes (default 32); never more than the free slots. */
  batchSize?: number;
  /** A channel call is abandoned after this long (default 30 s); must stay well inside the lease. */
  sendTimeoutMs?: number;
  /** The wait before looking again when nothing was due (default 500 ms). */
  idleDelayMs?: number;
  retryPolicy?: RetryPolicy;
  log?: DispatcherLog;
}

export interface DispatcherStats {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  pausedSender: number;
  inDoubt: number;
  /** Outcome writes that failed for good: those messages wait for their lease to lapse. */
  lostWrites: number;
  inFlight: number;
}

export interface Dispatcher {
  /**
   * Drains: claims nothing more, lets every hand-off in flight finish (each bounded by the send
   * timeout) and write its outcome, then resolves. Safe to call more than once.
   */
  stop(): Promise<void>;
  /** Resolves when the loop has ended (after stop, or when the signal aborted). */
  readonly done: Promise<void>;
  stats(): DispatcherStats;
}

const silent: DispatcherLog = { info() {}, warn() {}, error() {} };

/** Delays between tries of an outcome write the database refused: about six seconds in all, far inside a lease. */
const WRITE_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * The send loop: claim a batch for the free slots, hand each message to its channel under a
 * timeout, and write each outcome in its own short transaction — never a transaction open across
 * a provider call. One message's failure (even a client that throws) is that message's outcome
 * and never stops the others (DESIGN non-negotiable 6). Dependencies come in as functions
 * (graphile-worker's habit), so the loop is tested with fakes and no database.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const concurrency = deps.concurrency ?? 16;
  const batchSize = deps.batchSize ?? 32;
  const sendTimeoutMs = deps.sendTimeoutMs ?? 30_000;
  const idleDelayMs = deps.idleDelayMs ?? 500;
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const log = deps.log ?? silent;
  const inFlight = new Set<Promise<void>>();
  const counts: Omit<DispatcherStats, 'inFlight'> = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    pausedSender: 0,
    inDoubt: 0,
    lostWrites: 0,
  };
  let stopping = false;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const onAbort = () => {
    stopping = true;
    wake?.();
  };
  if (deps.signal?.aborted) stopping = true;
  deps.signal?.addEventListener('abort', onAbort, { once: true });

  async function call(claimed: ClaimedMessage): Promise<SendOutcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // A client that ignores its signal is still abandoned at the timeout; its late answer is dropped.
    const timedOut = new Promise<SendOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`send timed out after ${sendTimeoutMs} ms`));
        resolve({ kind: 'threw', code: 'timeout', message: `no answer within ${sendTimeoutMs} ms` });
      }, sendTimeoutMs);
    });
    const answered = deps.send(claimed, controller.signal).then(
      (result): SendOutcome => ({ kind: 'result', result }),
      (error: unknown): SendOutcome => ({
        kind: 'threw',
        code: controller.signal.aborted ? 'timeout' : errorCode(error),
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function write(claimed: ClaimedMessage, after: AfterSend): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (after.kind === 'sent') await deps.complete(claimed, after);
        else await deps.fail(claimed, after);
        return;
      } catch (error) {
        const delay = WRITE_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          counts.lostWrites++;
          log.error(
            { err: error, messageId: claimed.message.id, outcome: after.kind },
            'could not record the outcome; the message is handled again when its lease lapses',
          );
          return;
        }
        log.warn(
          { err: error, messageId: claimed.message.id, retryInMs: delay },
          'outcome write failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  // Must always end by writing an outcome (or logging why it could not): a hand-off without one
  // keeps its message `sending` until the lease lapses.
  async function handOff(claimed: ClaimedMessage): Promise<void> {
    const outcome = await call(claimed);
    const after = afterSend(outcome, claimed, deps.clock(), deps.random(), policy);
    counts[
      after.kind === 'sent'
        ? 'sent'
        : after.kind === 'retry'
          ? 'retried'
          : after.kind === 'failed'
            ? 'failed'
            : after.kind === 'pause_sender'
              ? 'pausedSender'
              : 'inDoubt'
    ]++;
    if (after.kind !== 'sent') {
      const level = after.kind === 'retry' ? 'warn' : 'error';
      log[level](
        {
          messageId: claimed.message.id,
          tenantId: claimed.message.tenantId,
          attempt: claimed.attempt,
          code: after.code,
          outcome: after.kind,
        },
        after.message,
      );
    }
    await write(claimed, after);
  }

  function start(claimed: ClaimedMessage): void {
    const task = handOff(claimed).catch((error: unknown) => {
      log.error({ err: error, messageId: claimed.message.id }, 'hand-off crashed');
    });
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      wake?.();
    });
  }

  async function loop(): Promise<void> {
    let claimFailures = 0;
    while (!stopping) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        // Full: wait for a slot (or the idle delay, whichever comes first).
        await sleep(idleDelayMs);
        continue;
      }
      let batch: readonly ClaimedMessage[];
      try {
        batch = await deps.claim(Math.min(batchSize, free));
        claimFailures = 0;
      } catch (error) {
        claimFailures++;
        const delay = Math.min(30_000, idleDelayMs * 2 ** Math.min(claimFailures, 6));
        log.error({ err: error, retryInMs: delay }, 'claim failed');
        await sleep(delay);
        continue;
      }
      counts.claimed += batch.length;
      for (const claimed of batch) start(claimed);
      if (batch.length === 0) await sleep(idleDelayMs);
    }
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    deps.signal?.removeEventListener('abort', onAbort);
  }

  const done = loop();
  return {
    done,
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
    stats: () => ({ ...counts, inFlight: inFlight.size }),
  };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'exception';
}

export interface ChannelRegistry {
  get(channel: Channel): ChannelClient | undefined;
}

export interface StartDispatcherOptions {
  db: Db;
  registry: ChannelRegistry;
  logger: Logger;
  /** Names this worker in leases and in the audit; default host:pid:random. */
  workerId?: string;
  concurrency?: number;
  batchSize?: number;
  sendTimeoutMs?: number;
  /** How long a claimed message is this worker's; default twice the send timeout plus 30 s. */
  leaseMs?: number;
  idleDelayMs?: number;
  retryPolicy?: RetryPolicy;
  /** Tests inject time; the claims then use it too instead of the database's clock. */
  clock?: () => Date;
  random?: () => number;
  signal?: AbortSignal;
  /** Drain on these process signals (a `rekindle worker` process passes SIGTERM and SIGINT). */
  stopOnSignals?: readonly NodeJS.Signals[];
  /**
   * Told of each message the provider accepted, once its outcome is written (the chat assistant's
   * dialog context is written here). Must not throw; it never delays the loop.
   */
  onSent?: (claimed: ClaimedMessage) => void;
}

export interface RunningDispatcher extends Dispatcher {
  readonly workerId: string;
}

/**
 * Runs the send loop against the database: claims through `claimMessages`, sends through the
 * registry's client for the message's channel, and writes outcomes through a small batcher (the
 * outcomes that finish while a write is running go together in the next one: one transaction per
 * batch instead of one per message, still never open across a provider call).
 */
export function startDispatcher(options: StartDispatcherOptions): RunningDispatcher {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 2 * sendTimeoutMs + 30_000;
  if (leaseMs < sendTimeoutMs + 10_000) {
    // The lease must outlive the call plus the outcome write's retries, or a live worker's message
    // could be claimed by another while its call is still running.
    throw new Error(`leaseMs (${leaseMs}) must exceed sendTimeoutMs (${sendTimeoutMs}) by at least 10 s`);
  }
  const logger = options.logger.child({ component: 'dispatcher', workerId });
  const clock = options.clock ?? (() => new Date());
  const writer = createOutcomeWriter(options.db, clock);
  const dispatcher = createDispatcher({
    claim: (limit) =>
      claimMessages(options.db, {
        workerId,
        limit,
        leaseMs,
        ...(options.clock ? { now: options.clock() } : {}),
      }),
    send: async (claimed, signal) => {
      const client = options.registry.get(claimed.sender.channel);
      if (!client) {
        return {
          kind: 'failed',
          code: 'no_channel_client',
          message: `this worker has no client for ${claimed.sender.channel}`,
          action: 'retry',
        };
      }
      return client.send(claimed.message, claimed.sender, { signal });
    },
    complete: async (claimed, sent) => {
      const written = await writer.write({ claimed, after: sent });
      if (written.written) options.onSent?.(claimed);
      return written;
    },
    fail: (claimed, outcome) => writer.write({ claimed, after: outcome }),
    clock,
    random: options.random ?? Math.random,
    sendTimeoutMs,
    log: logger,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.idleDelayMs !== undefined ? { idleDelayMs: options.idleDelayMs } : {}),
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
  });
  const signals = options.stopOnSignals ?? [];
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'draining: finishing hand-offs in flight, claiming no more');
    void dispatcher.stop();
  };
  for (const signal of signals) process.once(signal, onSignal);
  void dispatcher.done.then(() => {
    for (const signal of signals) process.removeListener(signal, onSignal);
    logger.info(dispatcher.stats(), 'dispatcher stopped');
  });
  logger.info({ leaseMs, sendTimeoutMs }, 'dispatcher started');
  return { ...dispatcher, workerId };
}

/**
 * Collects outcome writes: while one transaction runs, the outcomes that arrive wait and go
 * together in the next. Each caller learns whether its own outcome was written.
 */
function createOutcomeWriter(db: Db, clock: () => Date, maxBatch = 128) {
  let pending: { outcome: Outcome; resolve: (w: OutcomeWritten) => void; reject: (e: unknown) => void }[] =
    [];
  let running = false;

  async function flush(): Promise<void> {
    running = true;
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(batch.length);
      try {
        const written = await recordOutcomes(
          db,
          batch.map((b) => b.outcome),
          clock(),
        );
        for (const [i, b] of batch.entries()) b.resolve(written[i]!);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        // One bad outcome must not sink the others written with it: each goes again on its own.
        for (const b of batch) {
          try {
            const [written] = await recordOutcomes(db, [b.outcome], clock());
            b.resolve(written!);
          } catch (single) {
            b.reject(single);
          }
        }
      }
    }
    running = false;
  }

  return {
    write(outcome: Outcome): Promise<OutcomeWritten> {
      return new Promise((resolve, reject) => {
        pending.push({ outcome, resolve, reject });
        if (!running) void flush();
      });
    },
  };
}
