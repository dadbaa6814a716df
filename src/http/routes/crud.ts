import type { FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../adapters/db/kysely.ts';
import type { RecordUseCases } from '../../app/records.ts';
import { errorResponseSchema, idParamsSchema, pageSchema } from '../../contracts/common.ts';

type V1 = Parameters<FastifyPluginAsyncZod>[0];

/** One record's five routes: what they are called, their shapes, and the use cases behind them. */
export interface CrudSpec<
  Item extends z.ZodType,
  Create extends z.ZodType,
  Patch extends z.ZodType,
  Query extends z.ZodType,
> {
  /** The collection's path, such as `/offerings`; items live at `${path}/:id`. */
  path: string;
  tag: string;
  /** With its article, for summaries: "an offering". */
  noun: string;
  /** The list's summary names the order and filters; delete's what goes with the record. */
  summaries: { list: string; delete?: string };
  schemas: { item: Item; create: Create; patch: Patch; query: Query };
  useCases: RecordUseCases<z.output<Item>, z.output<Create>, z.output<Patch>, z.output<Query>>;
}

/**
 * Registers POST and GET on the collection and GET, PATCH and DELETE on its items, with the
 * same status codes and error shapes for every record: 201 on create, 204 on delete, 400, 404
 * and 409 as `{ error }`.
 */
export function registerCrudRoutes<
  Item extends z.ZodType,
  Create extends z.ZodType,
  Patch extends z.ZodType,
  Query extends z.ZodType,
>(app: V1, db: Db, spec: CrudSpec<Item, Create, Patch, Query>): void {
  const { useCases } = spec;
  // The zod type provider cannot follow schemas given as type parameters, so inside this helper
  // the routes are untyped and the spec's signatures type the bodies; validation and
  // serialisation still run through the schemas.
  const routes = app.withTypeProvider<FastifyTypeProviderDefault>();
  const tags = [spec.tag];
  const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
  const item = `${spec.path}/:id`;

  routes.post(
    spec.path,
    {
      schema: {
        tags,
        summary: `Create ${spec.noun}`,
        body: spec.schemas.create,
        response: { 201: spec.schemas.item, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await useCases.create(db, request.tenantId, request.body as z.output<Create>)),
  );

  routes.get(
    spec.path,
    {
      schema: {
        tags,
        summary: spec.summaries.list,
        querystring: spec.schemas.query,
        response: { 200: pageSchema(spec.schemas.item), 400: errorResponseSchema },
      },
    },
    async (request) => useCases.list(db, request.tenantId, request.query as z.output<Query>),
  );

  routes.get(
    item,
    {
      schema: {
        tags,
        summary: `Read ${spec.noun}`,
        params: idParamsSchema,
        response: { 200: spec.schemas.item, ...errors },
      },
    },
    async (request) => useCases.get(db, request.tenantId, idOf(request.params)),
  );

  routes.patch(
    item,
    {
      schema: {
        tags,
        summary: `Change some fields of ${spec.noun}`,
        params: idParamsSchema,
        body: spec.schemas.patch,
        response: { 200: spec.schemas.item, ...errors },
      },
    },
    async (request) =>
      useCases.update(db, request.tenantId, idOf(request.params), request.body as z.output<Patch>),
  );

  routes.delete(
    item,
    {
      schema: {
        tags,
        summary: spec.summaries.delete ?? `Delete ${spec.noun}`,
        params: idParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await useCases.remove(db, request.tenantId, idOf(request.params));
      return reply.code(204).send(null);
    },
  );
}

function idOf(params: unknown): string {
  return (params as z.output<typeof idParamsSchema>).id;
}
