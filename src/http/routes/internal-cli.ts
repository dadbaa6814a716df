import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app/errors.ts';

export type RunCommand = (
  argv: string[],
  cwd: string,
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/**
 * In embedded mode the server owns the PGlite data directory, so other `rekindle` commands on the
 * same machine send their arguments here and the server runs them on its own connection. Only
 * loopback callers holding the token from the data directory's lock file (mode 0600) get in.
 */
export function internalCliRoutes(token: string, run: RunCommand): FastifyPluginAsyncZod {
  const expected = Buffer.from(token);
  return async (app) => {
    app.post(
      '/internal/cli',
      {
        schema: {
          hide: true,
          body: z.object({
            argv: z.array(z.string().max(10_000)).max(100),
            cwd: z.string().min(1).max(4096),
          }),
          response: { 200: z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() }) },
        },
      },
      async (request) => {
        const given = Buffer.from(String(request.headers['x-rekindle-cli-token'] ?? ''));
        const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.ip);
        if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new AppError('unauthorized', 'not a local rekindle command');
        }
        return run(request.body.argv, request.body.cwd);
      },
    );
  };
}
