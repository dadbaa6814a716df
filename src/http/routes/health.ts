import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { pendingMigrations } from '../../adapters/db/migrate.ts';
import type { RouteDeps } from './deps.ts';

export function healthRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['operations'],
          summary: 'Liveness: the process answers',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    const readiness = z.object({
      status: z.enum(['ready', 'not_ready']),
      database: z.enum(['ok', 'unreachable']),
      pendingMigrations: z.array(z.string()),
    });
    app.get(
      '/ready',
      {
        schema: {
          tags: ['operations'],
          summary: 'Readiness: the database answers and every migration is applied',
          response: { 200: readiness, 503: readiness },
        },
      },
      async (request, reply) => {
        try {
          await sql`select 1`.execute(db);
          const pending = await pendingMigrations(db);
          const ready = pending.length === 0;
          return reply
            .code(ready ? 200 : 503)
            .send({ status: ready ? 'ready' : 'not_ready', database: 'ok', pendingMigrations: pending });
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          return reply
            .code(503)
            .send({ status: 'not_ready', database: 'unreachable', pendingMigrations: [] });
        }
      },
    );
  };
}
