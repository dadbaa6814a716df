import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as customers from '../../app/customers.ts';
import { errorResponseSchema, idParamsSchema, pageSchema } from '../../contracts/common.ts';
import {
  customerCreateSchema,
  customerListQuerySchema,
  customerPatchSchema,
  customerSchema,
} from '../../contracts/customers.ts';
import type { RouteDeps } from './deps.ts';

export function customerRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['customers'];
    const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

    app.post(
      '/customers',
      {
        schema: {
          tags,
          summary: 'Create a customer',
          body: customerCreateSchema,
          response: { 201: customerSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await customers.createCustomer(db, request.tenantId, request.body)),
    );

    app.get(
      '/customers',
      {
        schema: {
          tags,
          summary: 'List customers, newest last, with filters and cursor paging',
          querystring: customerListQuerySchema,
          response: { 200: pageSchema(customerSchema), 400: errorResponseSchema },
        },
      },
      async (request) => customers.listCustomers(db, request.tenantId, request.query),
    );

    app.get(
      '/customers/:id',
      {
        schema: {
          tags,
          summary: 'Read a customer',
          params: idParamsSchema,
          response: { 200: customerSchema, ...errors },
        },
      },
      async (request) => customers.getCustomer(db, request.tenantId, request.params.id),
    );

    app.patch(
      '/customers/:id',
      {
        schema: {
          tags,
          summary: 'Change some fields of a customer',
          params: idParamsSchema,
          body: customerPatchSchema,
          response: { 200: customerSchema, ...errors },
        },
      },
      async (request) => customers.updateCustomer(db, request.tenantId, request.params.id, request.body),
    );

    app.delete(
      '/customers/:id',
      {
        schema: {
          tags,
          summary: 'Delete a customer with their activities and bookings',
          params: idParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await customers.deleteCustomer(db, request.tenantId, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
