import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { OpenedDatabase } from './cli/open-database.ts';
import type { Config } from './config.ts';
import { buildApp } from './http/build-app.ts';
import { internalCliRoutes, type RunCommand } from './http/routes/internal-cli.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
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
}): Promise<RunningServer> {
  const { config, database, logger } = options;
  const app = await buildApp({ db: database.db, logger, bodyLimit: config.http.bodyLimit });
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
    stop() {
      stopping ??= (async () => {
        await app.close();
        await database.close();
      })();
      return stopping;
    },
  };
}
