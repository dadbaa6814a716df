import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createChannelRegistry } from './adapters/channels/index.ts';
import { jobBackendFor } from './adapters/jobs/boss.ts';
import { budgetFromConfig } from './adapters/llm/from-config.ts';
import { messageWriterFromConfig } from './app/compose/index.ts';
import { recomputeTenantMedians } from './app/detection/index.ts';
import {
  closeAttributionWindows,
  createListening,
  type Listening,
  rememberSent,
} from './app/listen/index.ts';
import { createPlanner, type Planner } from './app/reactivation/planner.ts';
import { replyClassifierFromConfig } from './app/replies/classifier.ts';
import type { OpenedDatabase } from './cli/open-database.ts';
import type { Config } from './config.ts';
import { buildApp } from './http/build-app.ts';
import { internalCliRoutes, type RunCommand } from './http/routes/internal-cli.ts';
import { type RunningDispatcher, startDispatcher } from './workers/dispatcher.ts';
import { type Scheduler, startScheduler } from './workers/scheduler.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** The scheduler of this process; null when started without one. */
  scheduler: Scheduler | null;
  /** The send loop of this process; null when started without one. */
  dispatcher: RunningDispatcher | null;
  /** Stops taking requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'rekindle' } });
}

/**
 * Wires the API (and, as later issues add them, the workers) around one open database and
 * listens. With an embedded data directory it also publishes itself in the lock file, so other
 * CLI commands run through it instead of opening the same files.
 */
export async function startServer(options: {
  config: Config;
  database: OpenedDatabase;
  logger: Logger;
  runCommand?: RunCommand;
  port?: number;
  /** Run the daily planning, median recompute and expiry schedules in this process (default true). */
  scheduler?: boolean;
  /** Run the send loop in this process (default true). */
  dispatcher?: boolean;
}): Promise<RunningServer> {
  const { config, database, logger } = options;
  const workers = await startWorkers({
    config,
    database,
    logger,
    scheduler: options.scheduler !== false,
    dispatcher: options.dispatcher !== false,
  });
  const { planner, scheduler } = workers;
  const app = await buildApp({
    db: database.db,
    logger,
    bodyLimit: config.http.bodyLimit,
    planner,
    classifier: workers.listening.classifier,
    dialog: workers.listening.dialog,
    inbox: workers.listening.inbox,
    ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
    ...(scheduler ? { onTenantChanged: (tenantId: string) => scheduler.syncTenant(tenantId) } : {}),
  });
  const token = randomBytes(24).toString('base64url');
  if (database.kind === 'pglite' && options.runCommand) {
    await app.register(internalCliRoutes(token, options.runCommand));
  }
  const port = options.port ?? config.http.port;
  await app.listen({ port, host: config.http.host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = config.http.publicUrl ?? `http://localhost:${actualPort}`;
  database.publishServer?.({ url: `http://127.0.0.1:${actualPort}`, token });
  logger.info({ url, database: database.location, kind: database.kind }, 'rekindle is serving');

  let stopping: Promise<void> | undefined;
  return {
    app,
    url,
    scheduler,
    dispatcher: workers.dispatcher,
    stop() {
      stopping ??= (async () => {
        await app.close();
        // the workers' PGlite queries go through the database: stop them first
        await workers.stop();
        await database.close();
      })();
      return stopping;
    },
  };
}

export interface Workers {
  planner: Planner;
  scheduler: Scheduler | null;
  dispatcher: RunningDispatcher | null;
  /** Webhook inbox, its processor, dialog contexts and reply classification. */
  listening: Listening;
  /** Drains the send loop (in-flight sends finish), then stops the scheduler. */
  stop(): Promise<void>;
}

/**
 * The background side of a process: the scheduler (daily planning, medians, expiry) and the send
 * loop, both on the same database. `rekindle serve` runs them beside the API; `rekindle worker`
 * runs only these.
 */
export async function startWorkers(options: {
  config: Config;
  database: OpenedDatabase;
  logger: Logger;
  scheduler: boolean;
  dispatcher: boolean;
}): Promise<Workers> {
  const { config, database, logger } = options;
  // one LLM_REQUESTS_PER_MINUTE for the process: the writer and the reply classifier share it
  const budget = config.llm ? budgetFromConfig(config.llm) : undefined;
  const planner = createPlanner({
    writer: messageWriterFromConfig(config.llm, { logger, ...(budget ? { budget } : {}) }),
    logger,
    ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
  });
  const listening = createListening({
    db: database.db,
    classifier: replyClassifierFromConfig(config.llm, logger, budget ? { budget } : {}),
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    logger,
  });
  const scheduler = options.scheduler
    ? await startScheduler({
        db: database.db,
        backend: jobBackendFor(database, config.database),
        logger,
        handlers: {
          planDaily: (tenantId) =>
            planner.run(database.db, tenantId, { origin: 'daily_run', actor: 'daily_run' }),
          recomputeMedians: (tenantId, at) => recomputeTenantMedians(database.db, tenantId, at),
          expireSuggestions: async (tenantId, at) => {
            await planner.expire(database.db, tenantId, at);
            await closeAttributionWindows(database.db, tenantId, { actor: 'hourly' });
          },
        },
      })
    : null;
  const registry = createChannelRegistry({ logger });
  const dispatcher = options.dispatcher
    ? startDispatcher({
        db: database.db,
        registry,
        logger,
        onSent: (claimed) =>
          void rememberSent(
            { db: database.db, dialog: listening.dialog, logger },
            claimed.message.tenantId,
            claimed.message.id,
          ),
      })
    : null;
  if (options.scheduler) listening.startSweeping();
  let stopping: Promise<void> | undefined;
  return {
    planner,
    scheduler,
    dispatcher,
    listening,
    stop() {
      stopping ??= (async () => {
        await dispatcher?.stop();
        await scheduler?.stop();
        await listening.close();
        registry.close();
      })();
      return stopping;
    },
  };
}
