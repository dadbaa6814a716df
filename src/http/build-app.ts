import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/kysely.ts';
import { listenStats } from '../adapters/db/listen/stats.repository.ts';
import { createMessageWriter } from '../app/compose/index.ts';
import { createDialogStore } from '../app/dialog/store.ts';
import type { DialogStore } from '../app/dialog/types.ts';
import { createInbox } from '../app/inbox/inbox.ts';
import type { Inbox } from '../app/inbox/types.ts';
import { queueStats } from '../app/outbound/index.ts';
import { createPlanner, type Planner } from '../app/reactivation/planner.ts';
import { createReplyClassifier } from '../app/replies/classifier.ts';
import type { ReplyClassifier } from '../domain/replies/types.ts';
import { registerBearerAuth } from './auth.ts';
import { registerErrorHandler } from './error-handler.ts';
import { createMetrics } from './metrics.ts';
import { batchRoutes } from './routes/batch.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { contextRoutes } from './routes/contexts.ts';
import { conversationLabelRoutes } from './routes/conversation-labels.ts';
import { customerRoutes } from './routes/customers.ts';
import type { RouteDeps } from './routes/deps.ts';
import { detectionRoutes } from './routes/detection.ts';
import { firstAccessRoutes } from './routes/first-accesses.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { integrationRoutes } from './routes/integrations.ts';
import { linkRoutes } from './routes/link-stats.ts';
import { linkRedirectRoutes } from './routes/links.ts';
import { listenRoutes } from './routes/listen.ts';
import { outboundRoutes } from './routes/outbound.ts';
import { reactivationRoutes } from './routes/reactivation.ts';
import { replyRoutes } from './routes/replies.ts';
import { slotRoutes } from './routes/slots.ts';
import { tenantRoutes } from './routes/tenant.ts';
import { chatwootWebhookRoutes } from './webhooks/chatwoot.ts';
import { hotmartWebhookRoutes } from './webhooks/hotmart.ts';
import { ordersWebhookRoutes } from './webhooks/orders.ts';
import { whatsappWebhookRoutes } from './webhooks/whatsapp.ts';

export interface AppOptions {
  db: Db;
  logger?: Logger | boolean;
  bodyLimit?: number;
  version?: string;
  /** Plans and writes attempts; default: templates only, Rekindle's own slots. */
  planner?: Planner;
  /** Called after a tenant's settings or zone change (the scheduler re-reads its daily run). */
  onTenantChanged?: (tenantId: string) => Promise<void>;
  /** Reply classification; default: rules and lexicon only. */
  classifier?: ReplyClassifier;
  /** Dialog contexts; default: PostgreSQL only. */
  dialog?: DialogStore;
  /** Where webhooks store their events; default: stored, processed by whoever sweeps the inbox. */
  inbox?: Inbox;
  /** Base of public links (PUBLIC_URL). */
  publicUrl?: string;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof options.logger === 'object'
      ? { loggerInstance: options.logger as FastifyBaseLogger }
      : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Rekindle API',
        description:
          'Customer reactivation engine. Every /v1 route needs `Authorization: Bearer <api key>`; ' +
          'errors are `{ error: { code, message, details } }`.',
        version: options.version ?? '0.1.0',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const metrics = createMetrics({
    queueStats: () => queueStats(options.db),
    listenStats: () => listenStats(options.db),
  });
  metrics.register(app);

  const deps: RouteDeps = {
    db: options.db,
    classifier: options.classifier ?? createReplyClassifier(),
    dialog: options.dialog ?? createDialogStore({ db: options.db }),
    inbox: options.inbox ?? createInbox({ db: options.db }),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
  const planner =
    options.planner ??
    createPlanner({
      writer: createMessageWriter(),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
  await app.register(healthRoutes(deps));
  await app.register(whatsappWebhookRoutes(deps));
  await app.register(chatwootWebhookRoutes(deps));
  await app.register(hotmartWebhookRoutes(deps));
  await app.register(ordersWebhookRoutes(deps));
  await app.register(linkRedirectRoutes(deps));
  await app.register(
    async (v1) => {
      registerBearerAuth(v1, options.db);
      await v1.register(customerRoutes(deps));
      await v1.register(batchRoutes(deps));
      await v1.register(catalogRoutes(deps));
      await v1.register(historyRoutes(deps));
      await v1.register(detectionRoutes(deps));
      await v1.register(slotRoutes(deps));
      await v1.register(outboundRoutes(deps));
      await v1.register(reactivationRoutes({ ...deps, planner }));
      await v1.register(replyRoutes(deps));
      await v1.register(contextRoutes(deps));
      await v1.register(integrationRoutes(deps));
      await v1.register(linkRoutes(deps));
      await v1.register(firstAccessRoutes(deps));
      await v1.register(conversationLabelRoutes(deps));
      await v1.register(listenRoutes(deps));
      await v1.register(
        tenantRoutes({
          ...deps,
          ...(options.onTenantChanged ? { onTenantChanged: options.onTenantChanged } : {}),
        }),
      );
    },
    { prefix: '/v1' },
  );
  return app;
}
